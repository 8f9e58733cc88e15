"""The API's JSON parser: DRF's, refusing what no view could store or answer (400 `parse_error`)."""

import re

from rest_framework import parsers
from rest_framework.exceptions import ParseError

# No input of the API nests more than a few levels; this leaves room for free-form details.
JSON_MAX_DEPTH = 32
# A lone surrogate (`"\ud800"`) cannot be encoded as UTF-8, so neither stored nor echoed back in
# an error message; PostgreSQL stores no NUL character in text or jsonb.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _check(data) -> None:
    """Refuse nesting deeper than JSON_MAX_DEPTH and strings (keys too) PostgreSQL cannot store."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, str):
            if _UNSTORABLE.search(value):
                raise ParseError(
                    "JSON parse error - a string holds a NUL character or a lone surrogate "
                    "(such as \\ud800)."
                )
        elif isinstance(value, dict | list):
            if depth > JSON_MAX_DEPTH:
                raise ParseError(f"JSON parse error - nested deeper than {JSON_MAX_DEPTH} levels.")
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                pending.append((key, depth))
                pending.append((item, depth + 1))


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser (NaN and Infinity refused), plus a depth limit and storable strings.

    Python's decoder recurses once per nesting level, so about 20 KB of `[` would otherwise end
    in a RecursionError (a 500) before any view ran.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                f"JSON parse error - nested deeper than {JSON_MAX_DEPTH} levels."
            ) from None
        _check(data)
        return data
