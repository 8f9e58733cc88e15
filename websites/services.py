from django.conf import settings
from django.db import transaction

from websites.models import Website, validate_time_zone
from websites.signals import website_time_zone_changed


def website_create(
    *, name: str, domain: str, slug: str, is_active: bool = True, time_zone: str = ""
) -> Website:
    """Create a website (a new tenant)."""
    website = Website(
        name=name, domain=domain.lower(), slug=slug, is_active=is_active, time_zone=time_zone
    )
    website.full_clean()
    website.save()
    return website


def effective_time_zone(website: Website) -> str:
    """The zone name the website's calendar follows (its own, else the deployment's)."""
    return website.time_zone or settings.REPORTING_TIME_ZONE


def website_time_zone_set(*, website: Website, time_zone: str) -> bool:
    """Move the website to the calendar of `time_zone` ("" for the deployment's zone).

    Runs in one transaction with what listens to `website_time_zone_changed` (the tip statistics
    rebuild the website's rollups in the new zone), so no report ever reads days of one zone as
    days of the other. Returns whether the website's calendar changed: setting the zone it
    already follows (or naming the deployment's zone explicitly) writes no rollup.
    """
    with transaction.atomic():
        # NO KEY UPDATE: the rebuild may take seconds, and rows pointing at the website (tips,
        # orders, payments) must go on being inserted meanwhile (their key-share locks).
        locked = Website.objects.select_for_update(no_key=True).get(pk=website.pk)
        previous_zone = effective_time_zone(locked)
        validate_time_zone(time_zone)
        locked.time_zone = time_zone
        locked.save(update_fields=["time_zone", "updated_at"])
        zone = effective_time_zone(locked)
        changed = zone != previous_zone
        if changed:
            website_time_zone_changed.send(
                sender=Website, website=locked, previous_zone=previous_zone, zone=zone
            )
    website.time_zone = locked.time_zone
    website.updated_at = locked.updated_at
    return changed
