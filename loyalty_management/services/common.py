"""Helpers the write services share."""

from core.exceptions import DomainError


def fields_apply(instance, changes: dict, allowed: tuple[str, ...]) -> list[str]:
    """Set `changes` on `instance` and return the changed field names; unknown fields are a bug."""
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValueError(f"Not updatable: {', '.join(sorted(unknown))}.")
    for field, value in changes.items():
        setattr(instance, field, value)
    return list(changes)


def name_free_check(model, instance, *, field: str = "name") -> None:
    """Refuse a name another row of the same website already uses (case-insensitive)."""
    taken = (
        model.objects.filter(website_id=instance.website_id, name__iexact=instance.name)
        .exclude(pk=instance.pk)
        .exists()
    )
    if taken:
        raise DomainError(
            f"'{instance.name}' is already used on this website.", field=field, code="duplicate"
        )
