"""Writes of the tip statistics: refresh, rebuild and reconcile the rollups.

`rows` says what each grain's rows are (grouped queries over tip rows), `rollups` replaces a
day's, a month's or a website's rows under the website's lock, `since` recomputes the people's
since-month sums from their monthly rows, `reconcile` repairs drift.
"""

from tip_stats.services.reconcile import tip_stats_reconcile
from tip_stats.services.rollups import (
    tip_reports_cache_bump,
    tip_stats_rebuild,
    tip_stats_rebuild_website,
    tip_stats_refresh_days,
    tip_stats_refresh_month,
)
from tip_stats.services.rows import ROLLUPS
from tip_stats.services.since import PERSON_SINCE

__all__ = [
    "PERSON_SINCE",
    "ROLLUPS",
    "tip_reports_cache_bump",
    "tip_stats_rebuild",
    "tip_stats_rebuild_website",
    "tip_stats_reconcile",
    "tip_stats_refresh_days",
    "tip_stats_refresh_month",
]
