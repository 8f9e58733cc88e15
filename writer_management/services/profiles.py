"""Writer profiles: a writer's pen name and level."""

from django.db import IntegrityError, transaction

from accounts.models import Role, User
from core.exceptions import DomainError
from writer_management.exceptions import (
    WriterProfileExists,
)
from writer_management.models import (
    WriterLevel,
    WriterProfile,
)


def _level_for_assignment(*, website_id: int, level_id: int | None) -> WriterLevel | None:
    if level_id is None:
        return None
    level = WriterLevel.objects.filter(pk=level_id, website_id=website_id).first()
    if level is None:
        raise DomainError(
            f"Level {level_id} does not exist on this website.",
            field="level_id",
            code="invalid_level_id",
        )
    if not level.is_active:
        raise DomainError(
            f"Level '{level.name}' is inactive and cannot be assigned.",
            field="level_id",
            code="level_inactive",
        )
    return level


@transaction.atomic
def writer_profile_create(
    *, writer: User, level_id: int | None = None, pen_name: str = ""
) -> WriterProfile:
    """Create the profile of a writer (on the writer's website), optionally with a level."""
    if writer.role != Role.WRITER or writer.website_id is None:
        raise DomainError(
            f"User {writer.pk} is not a writer.", field="writer_id", code="invalid_writer_id"
        )
    if WriterProfile.objects.filter(user=writer).exists():
        raise WriterProfileExists
    profile = WriterProfile(
        user=writer,
        website_id=writer.website_id,
        level=_level_for_assignment(website_id=writer.website_id, level_id=level_id),
        pen_name=(pen_name or "").strip(),
    )
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError as error:  # created concurrently
        raise WriterProfileExists from error
    return profile


@transaction.atomic
def writer_profile_update(*, profile: WriterProfile, pen_name: str) -> WriterProfile:
    """Change a writer's pen name."""
    profile = WriterProfile.objects.select_for_update().get(pk=profile.pk)
    profile.pen_name = (pen_name or "").strip()
    profile.save(update_fields=["pen_name", "updated_at"])
    return profile


@transaction.atomic
def writer_profile_assign_level(*, profile: WriterProfile, level_id: int | None) -> WriterProfile:
    """Put a writer on a level (None: no level, so the website's default percentage).

    Only tips sent from now on use the new percentage.
    """
    profile = WriterProfile.objects.select_for_update().get(pk=profile.pk)
    profile.level = _level_for_assignment(website_id=profile.website_id, level_id=level_id)
    profile.save(update_fields=["level", "updated_at"])
    return profile
