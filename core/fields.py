"""Model fields every app's money columns share."""

from django.db import models

from core.money import MONEY_DECIMAL_PLACES, MONEY_MAX_DIGITS


def money_field(**kwargs) -> models.DecimalField:
    """A money column: Decimal with 12 digits, 2 of them cents."""
    return models.DecimalField(
        max_digits=MONEY_MAX_DIGITS, decimal_places=MONEY_DECIMAL_PLACES, **kwargs
    )
