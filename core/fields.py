"""Model fields every app's money and percentage columns share."""

from django.db import models

from core.money import (
    MONEY_DECIMAL_PLACES,
    MONEY_MAX_DIGITS,
    PERCENT_DECIMAL_PLACES,
    PERCENT_MAX_DIGITS,
)


def money_field(**kwargs) -> models.DecimalField:
    """A money column: Decimal with 12 digits, 2 of them cents."""
    return models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )


def percentage_field(**kwargs) -> models.DecimalField:
    """A percentage column: Decimal from 0.00 to 100.00 with 2 decimal places."""
    return models.DecimalField(
        max_digits=PERCENT_MAX_DIGITS, decimal_places=PERCENT_DECIMAL_PLACES, **kwargs
    )
