"""Webhooks' reads: which websites have endpoints, and how the outbox is draining."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

from webhooks.models import (
    DeliveryStatus,
    EndpointStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)

_HAS_ENDPOINTS_KEY = "webhooks:has-endpoints:{}"
_HAS_ENDPOINTS_SECONDS = 300


def website_has_endpoints(website_id: int) -> bool:
    """Whether any active endpoint of the website could want an event (cached per website)."""
    key = _HAS_ENDPOINTS_KEY.format(website_id)
    cached = cache.get(key)
    if cached is not None:
        return cached == 1
    found = WebhookEndpoint.objects.filter(website_id=website_id, is_active=True).exists()
    cache.set(key, 1 if found else 0, _HAS_ENDPOINTS_SECONDS)
    return found


def website_endpoints_changed(website_id: int) -> None:
    cache.delete(_HAS_ENDPOINTS_KEY.format(website_id))


def _seconds_since(moment) -> float:
    if moment is None:
        return 0.0
    return round(max(0.0, (timezone.now() - moment).total_seconds()), 1)


def outbox_report() -> dict:
    """How the outbox drains.

    - `lag_seconds`: the longest an event has waited for work that is due: its fan-out to the
      endpoints, or a delivery attempt whose time has come (a retry waiting for its backoff is
      not late). Above `WEBHOOK_OUTBOX_MAX_AGE_SECONDS` the outbox is stuck (no worker, no beat).
    - `oldest_undelivered_seconds`: the age of the oldest event with a delivery still being
      tried, retries included (a receiver that is down shows here, not in the lag).
    - `failing_endpoints`: endpoints whose last delivery gave up.
    """
    now = timezone.now()
    oldest_undispatched = WebhookEvent.objects.filter(dispatched_at__isnull=True).aggregate(
        at=Min("occurred_at")
    )["at"]
    pending = WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
    oldest_due = (
        pending.filter(next_attempt_at__lte=now, endpoint__is_active=True)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .aggregate(at=Min("next_attempt_at"))["at"]
    )
    oldest_pending_event = pending.aggregate(at=Min("event__occurred_at"))["at"]
    lag = max(_seconds_since(oldest_undispatched), _seconds_since(oldest_due))
    report = {
        "lag_seconds": lag,
        "oldest_undelivered_seconds": _seconds_since(oldest_pending_event),
        "failing_endpoints": WebhookEndpoint.objects.filter(
            status=EndpointStatus.FAILING, is_active=True
        ).count(),
    }
    if lag > settings.WEBHOOK_OUTBOX_MAX_AGE_SECONDS:
        report["status"] = "degraded"
    return report
