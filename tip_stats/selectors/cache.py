"""Versions of the cached tip reports: a new version per website whenever its tips change.

A cached report's key carries the version of the websites it covers (`w<id>`, or `all` for a
superadmin's every-website view), so bumping a version retires every report built before the
change. Versions never expire; if the cache loses one, a fresh one is started, which retires
the old reports too. With the cache down every read misses and the reports come from the
database.
"""

from uuid import uuid4

from django.core.cache import cache

from tip_stats.selectors.scope import TipReportScope

VERSION_KEY = "tip-reports:version:{}"


def tip_reports_version_keys(*, website_id: int) -> list[str]:
    """Return the version keys a change to `website_id`'s tips retires."""
    return [VERSION_KEY.format(f"w{website_id}"), VERSION_KEY.format("all")]


def tip_reports_version_key(*, scope: TipReportScope) -> str:
    """The cache key of the version of the reports `scope` covers."""
    return VERSION_KEY.format(scope.key)


def tip_reports_cache_version_get(*, scope: TipReportScope, known: str | None = None) -> str:
    """Return the current version of the reports `scope` covers (`known`: already read)."""
    if known is not None:
        return known
    key = tip_reports_version_key(scope=scope)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid4().hex, timeout=None)
        version = cache.get(key) or "none"
    return version
