"""Writer levels: named tip percentages of a website; sent tips keep the percentage they had."""

from decimal import Decimal

from django.db import IntegrityError, transaction

from core.exceptions import DomainError
from websites.models import Website
from writer_management.exceptions import (
    WriterLevelInUse,
)
from writer_management.models import (
    Tip,
    WriterLevel,
    WriterProfile,
)
from writer_management.services.common import percentage_check


def _check_level_name_free(*, website_id: int, name: str, exclude_pk: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("A level needs a name.", field="name", code="required")
    taken = WriterLevel.objects.filter(website_id=website_id, name__iexact=name)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(
            f"This website already has a level named '{name}'.", field="name", code="duplicate"
        )
    return name


def _level_save(level: WriterLevel) -> WriterLevel:
    try:
        with transaction.atomic():
            level.save()
    except IntegrityError as error:  # two admins naming a level at the same moment
        raise DomainError(
            f"This website already has a level named '{level.name}'.",
            field="name",
            code="duplicate",
        ) from error
    return level


@transaction.atomic
def writer_level_create(
    *,
    website: Website,
    name: str,
    tip_percentage: Decimal,
    display_order: int = 0,
    is_active: bool = True,
) -> WriterLevel:
    """Create a writer level on a website."""
    level = WriterLevel(
        website=website,
        name=_check_level_name_free(website_id=website.pk, name=name),
        tip_percentage=percentage_check(tip_percentage, field="tip_percentage"),
        display_order=display_order,
        is_active=is_active,
    )
    return _level_save(level)


@transaction.atomic
def writer_level_update(
    *,
    level: WriterLevel,
    name: str | None = None,
    tip_percentage: Decimal | None = None,
    display_order: int | None = None,
    is_active: bool | None = None,
) -> WriterLevel:
    """Change a level; tips already sent keep the percentage and name they were sent with."""
    level = WriterLevel.objects.select_for_update().get(pk=level.pk)
    if name is not None:
        level.name = _check_level_name_free(
            website_id=level.website_id, name=name, exclude_pk=level.pk
        )
    if tip_percentage is not None:
        level.tip_percentage = percentage_check(tip_percentage, field="tip_percentage")
    if display_order is not None:
        level.display_order = display_order
    if is_active is not None:
        level.is_active = is_active
    return _level_save(level)


@transaction.atomic
def writer_level_delete(*, level: WriterLevel) -> None:
    """Delete a level nobody uses; one that writers or tips refer to is refused (409)."""
    level = WriterLevel.objects.select_for_update().get(pk=level.pk)
    if (
        WriterProfile.objects.filter(level=level).exists()
        or Tip.objects.filter(writer_level=level).exists()
    ):
        raise WriterLevelInUse
    level.delete()
