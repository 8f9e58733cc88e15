"""CSV downloads written row by row while they stream (constant memory), safe in a spreadsheet."""

import csv
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime

ROWS_PER_CHUNK = 500
# A cell starting with one of these runs as a formula in a spreadsheet: the export quotes it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a UTF-8 file as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


class _Line:
    """A file-like object whose `write` hands the line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value):
    """A value as a CSV cell.

    Empty for None, instants in ISO 8601 (UTC with `Z`), text that a spreadsheet would run as a
    formula prefixed with `'`.
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """Yield the CSV text of `header` and `rows`, a few hundred rows per chunk."""
    writer = csv.writer(_Line())
    yield BYTE_ORDER_MARK + writer.writerow(header)
    chunk: list[str] = []
    for row in rows:
        chunk.append(writer.writerow([csv_cell(value) for value in row]))
        if len(chunk) >= ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
