"""The tip list as CSV, written row by row while it streams (constant memory)."""

import csv
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

from tip_stats.selectors.listing import EXPORT_COLUMNS

ROWS_PER_CHUNK = 500
# The tip's columns, then the currency of its money columns (the deployment's `CURRENCY`).
EXPORT_HEADER: tuple[str, ...] = (*(name for name, _ in EXPORT_COLUMNS), "currency")
# A cell starting with one of these runs as a formula in a spreadsheet: the export quotes it.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Excel reads a UTF-8 file as UTF-8 only when it starts with a byte order mark.
BYTE_ORDER_MARK = "\ufeff"


class _Line:
    """A file-like object whose `write` hands the line back instead of storing it."""

    def write(self, value: str) -> str:
        return value


def _cell(value) -> str | Decimal | int:
    if value is None:
        return ""
    if isinstance(value, datetime):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def tip_csv_lines(rows: Iterable[tuple], *, currency: str) -> Iterator[str]:
    """Yield the CSV text of the header and `rows`, a few hundred rows per chunk.

    Each row ends with `currency`, the currency its amounts are in.
    """
    writer = csv.writer(_Line())
    yield BYTE_ORDER_MARK + writer.writerow(EXPORT_HEADER)
    chunk: list[str] = []
    for row in rows:
        chunk.append(writer.writerow([*(_cell(value) for value in row), currency]))
        if len(chunk) >= ROWS_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)
