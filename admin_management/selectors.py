"""Reads of the admin dashboards: cached reports over other apps' selectors."""

import hashlib
import json
from collections.abc import Callable
from datetime import date

from django.conf import settings
from django.core.cache import cache

from core.reporting import reporting_today, reporting_zone
from tip_stats.selectors.cache import tip_reports_cache_version_get, tip_reports_version_key
from tip_stats.selectors.scope import TipReportScope


def tip_report_cached(
    *, scope: TipReportScope, name: str, params: dict, build: Callable[[date], dict]
) -> dict:
    """Return the report `build(today)` makes for `scope` and `params`, cached briefly.

    `today` is the scope's website's (the deployment's for every website). The key holds the
    scope, the parameters, the local date and its zone; the entry holds the scope's
    report version it was built under, so a change to the scope's tips (a new version) or
    midnight retires it. The version and the entry are read in one round trip. With
    `TIP_REPORTS_CACHE_SECONDS = 0`, or with the cache down, every call builds the report.
    """
    website_id = scope.single_website_id
    today = reporting_today(website_id)
    seconds = settings.TIP_REPORTS_CACHE_SECONDS
    if seconds <= 0:
        return build(today)
    fingerprint = json.dumps(
        [
            name,
            scope.key,
            today.isoformat(),
            reporting_zone(website_id).key,
            settings.TIP_REPORTS_SOURCE,
            params,
        ],
        sort_keys=True,
        default=str,
    )
    key = "tip-reports:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    version_key = tip_reports_version_key(scope=scope)
    found = cache.get_many([version_key, key])
    version = tip_reports_cache_version_get(scope=scope, known=found.get(version_key))
    entry = found.get(key)
    if isinstance(entry, dict) and entry.get("version") == version:
        return entry["report"]
    report = build(today)
    cache.set(key, {"version": version, "report": report}, seconds)
    return report
