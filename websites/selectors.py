"""Reads of websites other apps rely on: which websites keep their own calendar."""

from django.core.cache import cache

from websites.models import Website

OWN_TIME_ZONES_KEY = "websites:own-time-zones"


def website_own_time_zones() -> dict[int, str]:
    """Return `{website id: zone name}` for the websites that set their own time zone.

    Cached until a website's zone changes (`websites.services.website_time_zone_set` drops the
    entry): reports and date filters ask on every request, and the answer rarely changes.
    """
    zones = cache.get(OWN_TIME_ZONES_KEY)
    if zones is None:
        zones = dict(Website.objects.exclude(time_zone="").values_list("id", "time_zone"))
        cache.set(OWN_TIME_ZONES_KEY, zones, None)
    return zones


def website_time_zone_forget() -> None:
    """Drop the cached zones (the next read asks the database)."""
    cache.delete(OWN_TIME_ZONES_KEY)
