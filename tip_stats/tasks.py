"""Celery entry points of the tip statistics.

The task names keep the `writer_management.` prefix they had before the statistics became
their own app: queued messages and the beat schedule of a running deployment name them.
"""

from datetime import date, datetime

from celery import shared_task

from core.reporting import local_day, reporting_zone
from tip_stats.services import tip_stats_reconcile, tip_stats_refresh_days


@shared_task(name="writer_management.tip_stats_refresh_task")
def tip_stats_refresh_task(*, website_id: int, day: str = "", moment: str = "") -> None:
    """Recompute the tip rollups of one website's local day; safe to run twice.

    The day is named by an instant on it (`moment`, ISO 8601 with offset), placed on the
    website's calendar here, or directly (`day`, an ISO date, as messages queued by earlier
    releases do).
    """
    if moment:
        zone = reporting_zone(website_id)
        refreshed = local_day(datetime.fromisoformat(moment), zone=zone)
    else:
        refreshed = date.fromisoformat(day)
    tip_stats_refresh_days(website_id=website_id, days=[refreshed])


@shared_task(name="writer_management.tip_stats_reconcile_task")
def tip_stats_reconcile_task() -> int:
    """Compare the tip rollups with the tip rows nightly and repair any drift."""
    return tip_stats_reconcile()
