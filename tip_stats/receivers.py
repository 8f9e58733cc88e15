"""The tip statistics follow the tips: a tip created or moved refreshes its local day's rollups."""

import logging

from django.dispatch import receiver
from django.utils import timezone

from accounts.signals import user_erased
from core.reporting import local_day
from core.transactions import on_commit_once
from tip_stats.services import tip_reports_cache_bump
from tip_stats.tasks import tip_stats_refresh_task
from writer_management.signals import tip_changed

logger = logging.getLogger(__name__)


@receiver(tip_changed, dispatch_uid="tip_stats.tip_changed")
def tip_stats_refresh_on_commit(sender, *, tip, **kwargs) -> None:
    """Once the transaction commits, retire the website's cached reports and refresh the day.

    Once per website and local day however many of its tips the transaction touched. The
    refresh runs as a Celery task (in process when no broker is configured); if it cannot be
    enqueued, the error is logged and the nightly reconcile repairs the day.
    """
    website_id = tip.website_id
    day = local_day(tip.sent_at or timezone.now()).isoformat()

    def refresh() -> None:
        tip_reports_cache_bump(website_id=website_id)
        try:
            tip_stats_refresh_task.delay(website_id=website_id, day=day)
        except Exception:
            # The tip is committed; a broker outage must not fail the request. The nightly
            # reconcile (or `rebuild_tip_stats`) repairs the day's rollups.
            logger.exception(
                "Could not enqueue the tip statistics refresh of website %s, day %s",
                website_id,
                day,
            )

    on_commit_once(("tip-stats-refresh", website_id, day), refresh)


@receiver(user_erased, dispatch_uid="tip_stats.user_erased")
def tip_reports_retire_on_erasure(sender, *, user, **kwargs) -> None:
    """Cached reports name the person (top writers, clients): retire them at the commit."""
    if user.website_id is not None:
        website_id = user.website_id
        on_commit_once(
            ("tip-reports-bump", website_id), lambda: tip_reports_cache_bump(website_id=website_id)
        )
