"""Celery entry points of the tip statistics.

The task names keep the `writer_management.` prefix they had before the statistics became
their own app: queued messages and the beat schedule of a running deployment name them.
"""

from datetime import date

from celery import shared_task

from tip_stats.services import tip_stats_reconcile, tip_stats_refresh_days


@shared_task(name="writer_management.tip_stats_refresh_task")
def tip_stats_refresh_task(*, website_id: int, day: str) -> None:
    """Recompute the tip rollups of one website's local day (ISO date); safe to run twice."""
    tip_stats_refresh_days(website_id=website_id, days=[date.fromisoformat(day)])


@shared_task(name="writer_management.tip_stats_reconcile_task")
def tip_stats_reconcile_task() -> int:
    """Compare the tip rollups with the tip rows nightly and repair any drift."""
    return tip_stats_reconcile()
