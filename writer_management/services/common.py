"""What the writer services share: the percentage rule of levels and settings."""

from decimal import Decimal

from core.exceptions import DomainError
from core.money import HUNDRED, ZERO, has_at_most_two_places


def percentage_check(value: Decimal, *, field: str) -> Decimal:
    """Refuse (400, naming `field`) a percentage outside 0.00-100.00 or with more than two places."""
    if value < ZERO or value > HUNDRED or not has_at_most_two_places(value):
        raise DomainError(
            "A percentage is between 0.00 and 100.00, with at most two decimals.",
            field=field,
            code="invalid_percentage",
        )
    return value
