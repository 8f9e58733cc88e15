"""The tip list as CSV, written row by row while it streams (constant memory)."""

from collections.abc import Iterable, Iterator

from core.csv_export import BYTE_ORDER_MARK, csv_lines
from tip_stats.selectors.listing import EXPORT_COLUMNS

__all__ = ["BYTE_ORDER_MARK", "EXPORT_HEADER", "tip_csv_lines"]

# The tip's columns, then the currency of its money columns (the deployment's `CURRENCY`).
EXPORT_HEADER: tuple[str, ...] = (*(name for name, _ in EXPORT_COLUMNS), "currency")


def tip_csv_lines(rows: Iterable[tuple], *, currency: str) -> Iterator[str]:
    """Yield the CSV text of the header and `rows`, each row ending with `currency`."""
    return csv_lines(EXPORT_HEADER, ((*row, currency) for row in rows))
