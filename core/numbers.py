"""Numbers and days as the API reads them from text: ASCII digits only, within what a column holds.

Python's `int()`, `Decimal()` and `date.fromisoformat()` read the digits of every script
(`int("١٢") == 12`), and `int()`/`Decimal()` also read underscores (`"1_000"`). The API reads
plain ASCII digits only, in bodies and query strings alike, so one number has one spelling.
"""

import re

# The ranges of PostgreSQL's integer columns: `integer` (IntegerField, PositiveIntegerField),
# `smallint` (the Small* fields) and `bigint` (BigIntegerField and every id).
INT16_MAX = 2**15 - 1
INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
INT64_MAX = 2**63 - 1

# DRF's IntegerField also reads "12.0" (a JSON number with a zero fraction) as 12.
_INTEGER = re.compile(r"[+-]?[0-9]+(\.0*)?", re.ASCII)
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)

ASCII_NUMBER_MESSAGE = "Write numbers with the digits 0-9."


def is_ascii_integer(text: str) -> bool:
    """Tell whether `text` (surrounding spaces aside) is an integer in ASCII digits."""
    return _INTEGER.fullmatch(text.strip()) is not None


def is_ascii_decimal(text: str) -> bool:
    """Tell whether `text` (surrounding spaces aside) is a decimal number in ASCII digits."""
    return _DECIMAL.fullmatch(text.strip()) is not None


def ascii_int(text: str) -> int | None:
    """Return the integer `text` spells in ASCII digits, or None for anything else."""
    text = text.strip()
    if _INTEGER.fullmatch(text) is None:
        return None
    try:
        return int(text.split(".", 1)[0])
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        return None
