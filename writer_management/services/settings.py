"""Tip settings: a website's default writer percentage and tip limits."""

from decimal import Decimal

from django.db import transaction

from core.exceptions import DomainError
from core.money import ZERO, has_at_most_two_places
from websites.models import Website
from writer_management.models import (
    TipSettings,
)
from writer_management.services.common import percentage_check


def tip_settings_get_or_create(*, website: Website) -> TipSettings:
    """Return the website's tip settings, creating them with the defaults on first use."""
    tip_settings, _created = TipSettings.objects.get_or_create(website=website)
    return tip_settings


@transaction.atomic
def tip_settings_update(
    *,
    website: Website,
    default_writer_percentage: Decimal | None = None,
    min_tip_amount: Decimal | None = None,
    max_tip_amount: Decimal | None = None,
) -> TipSettings:
    """Change a website's tip settings; fields left as None keep their value."""
    tip_settings_get_or_create(website=website)
    tip_settings = TipSettings.objects.select_for_update().get(website=website)
    if default_writer_percentage is not None:
        tip_settings.default_writer_percentage = percentage_check(
            default_writer_percentage, field="default_writer_percentage"
        )
    for field, value in (("min_tip_amount", min_tip_amount), ("max_tip_amount", max_tip_amount)):
        if value is None:
            continue
        if value <= ZERO or not has_at_most_two_places(value):
            raise DomainError(
                "The amount must be positive, in whole cents.", field=field, code="invalid_amount"
            )
        setattr(tip_settings, field, value)
    if tip_settings.min_tip_amount > tip_settings.max_tip_amount:
        raise DomainError(
            "The minimum tip cannot be above the maximum tip.",
            field="min_tip_amount",
            code="min_above_max",
        )
    tip_settings.save()
    return tip_settings
