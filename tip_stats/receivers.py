"""The tip statistics follow the tips and the websites' calendars.

A tip created or moved refreshes its local day's rollups; a website moved to another time zone
has its rollups rebuilt on the new calendar.
"""

import logging
from datetime import UTC

from django.dispatch import receiver
from django.utils import timezone

from accounts.signals import user_erased
from core.transactions import on_commit_once
from tip_stats.services import tip_reports_cache_bump, tip_stats_rebuild_website
from tip_stats.tasks import tip_stats_refresh_task
from websites.signals import website_time_zone_changed
from writer_management.signals import tip_changed

logger = logging.getLogger(__name__)

# Every zone's offset from UTC is a multiple of 15 minutes, so two instants in one quarter hour
# (of UTC) fall on the same local day in every zone.
_QUARTER_HOUR_MINUTES = 15


def _quarter_hour(moment):
    moment = moment.astimezone(UTC)
    minute = moment.minute - moment.minute % _QUARTER_HOUR_MINUTES
    return moment.replace(minute=minute, second=0, microsecond=0)


@receiver(tip_changed, dispatch_uid="tip_stats.tip_changed")
def tip_stats_refresh_on_commit(sender, *, tip, **kwargs) -> None:
    """Once the transaction commits, retire the website's cached reports and refresh the day.

    Once per website and local day however many of its tips the transaction touched (tips of
    one quarter hour share a day in every zone; the task places it on the website's calendar,
    so the request reads no zone). The refresh runs as a Celery task (in process when no broker
    is configured); if it cannot be enqueued, the error is logged and the nightly reconcile
    repairs the day.
    """
    website_id = tip.website_id
    moment = _quarter_hour(tip.sent_at or timezone.now()).isoformat()

    def refresh() -> None:
        tip_reports_cache_bump(website_id=website_id)
        try:
            tip_stats_refresh_task.delay(website_id=website_id, moment=moment)
        except Exception:
            # The tip is committed; a broker outage must not fail the request. The nightly
            # reconcile (or `rebuild_tip_stats`) repairs the day's rollups.
            logger.exception(
                "Could not enqueue the tip statistics refresh of website %s at %s",
                website_id,
                moment,
            )

    on_commit_once(("tip-stats-refresh", website_id, moment), refresh)


@receiver(website_time_zone_changed, dispatch_uid="tip_stats.website_time_zone_changed")
def tip_stats_rebuild_on_zone_change(sender, *, website, **kwargs) -> None:
    """Rebuild the website's rollups on its new calendar, in the zone change's transaction."""
    tip_stats_rebuild_website(website_id=website.pk)


@receiver(user_erased, dispatch_uid="tip_stats.user_erased")
def tip_reports_retire_on_erasure(sender, *, user, **kwargs) -> None:
    """Cached reports name the person (top writers, clients): retire them at the commit."""
    if user.website_id is not None:
        website_id = user.website_id
        on_commit_once(
            ("tip-reports-bump", website_id), lambda: tip_reports_cache_bump(website_id=website_id)
        )
