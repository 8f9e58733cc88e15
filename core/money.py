"""Money helpers: Decimal only, cents, and the one rounding rule of the project.

The rule: amounts are rounded to whole cents with ROUND_HALF_UP (halves away from zero).
A split never rounds twice: the first share is rounded, the second is what is left, so the two
shares always add up to the amount exactly.
"""

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
HUNDRED = Decimal("100")

MONEY_MAX_DIGITS = 12
MONEY_DECIMAL_PLACES = 2
# A percentage column and input: 0.00 to 100.00, two decimal places.
PERCENT_MAX_DIGITS = 5
PERCENT_DECIMAL_PLACES = 2


def to_cents(value: Decimal | int | str) -> Decimal:
    """Round to whole cents, halves away from zero: our one rounding rule."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def round_2(value: Decimal | int | str | None) -> Decimal:
    """Round a non-money figure (an average, a percentage) to two places with the same rule."""
    if value is None:
        return ZERO
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def split_by_percentage(amount: Decimal, percentage: Decimal) -> tuple[Decimal, Decimal]:
    """Return (share, remainder) of `amount` at `percentage`; together they are exactly `amount`."""
    share = to_cents(amount * percentage / HUNDRED)
    return share, amount - share


def percentage_of(amount: Decimal, percentage: Decimal) -> Decimal:
    """Return `percentage` % of `amount`, rounded to cents."""
    return to_cents(amount * percentage / HUNDRED)


def split_equally(total: Decimal, parts: int) -> list[Decimal]:
    """Split `total` into `parts` equal cent amounts; the last part takes the remainder cent(s)."""
    if parts < 1:
        raise ValueError("parts must be at least 1")
    base = (total / parts).quantize(CENT, rounding=ROUND_DOWN)
    amounts = [base] * (parts - 1)
    amounts.append(total - base * (parts - 1))
    return amounts


def has_at_most_two_places(value: Decimal) -> bool:
    """Tell whether `value` has no more than two decimal places."""
    return value == value.quantize(CENT)
