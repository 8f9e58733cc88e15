"""The outbox: store each event with its change, fan it out to the endpoints that want it."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from core.outbox import OutboxEvent
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.selectors import website_has_endpoints

DISPATCH_BATCH = 500


def event_store(event: OutboxEvent) -> WebhookEvent:
    """Insert the event in the caller's transaction.

    Its `dispatched_at` is None when an endpoint may want it: the receiver then has it
    dispatched after the commit.

    A website without an active endpoint gets its event stored as already dispatched (nothing
    to send): the event log keeps it, and no worker looks at it again.
    """
    wanted = website_has_endpoints(event.website_id)
    now = timezone.now()
    return WebhookEvent.objects.create(
        type=event.type,
        website_id=event.website_id,
        occurred_at=now,
        object_type=event.object_type,
        object_id=event.object_id,
        payload=event.payload,
        dispatched_at=None if wanted else now,
    )


def _deliveries_for(events: list[WebhookEvent], now) -> tuple[list[WebhookDelivery], set[int]]:
    endpoints = list(
        WebhookEndpoint.objects.filter(
            website_id__in={event.website_id for event in events}, is_active=True
        )
    )
    deliveries, touched = [], set()
    for event in events:
        for endpoint in endpoints:
            if endpoint.website_id == event.website_id and event.type in endpoint.event_types:
                deliveries.append(
                    WebhookDelivery(
                        endpoint=endpoint,
                        event=event,
                        object_key=f"{event.object_type}:{event.object_id}"[:130],
                        next_attempt_at=now,
                    )
                )
                touched.add(endpoint.pk)
    return deliveries, touched


def events_dispatch(*, batch: int = DISPATCH_BATCH) -> set[int]:
    """Create the deliveries of every undispatched event, oldest first.

    Returns the endpoints that got deliveries.

    Each batch is one transaction (locked rows are skipped, so two dispatchers never fan one
    event out twice; the unique delivery per endpoint and event guards it anyway).
    """
    endpoints: set[int] = set()
    while True:
        now = timezone.now()
        with transaction.atomic():
            events = list(
                WebhookEvent.objects.filter(dispatched_at__isnull=True)
                .order_by("id")
                .select_for_update(skip_locked=True)[:batch]
            )
            if not events:
                return endpoints
            deliveries, touched = _deliveries_for(events, now)
            WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
            WebhookEvent.objects.filter(pk__in=[e.pk for e in events]).update(dispatched_at=now)
        endpoints |= touched
        if len(events) < batch:
            return endpoints


def events_prune(*, older_than_days: int | None = None) -> int:
    """Delete events past the retention whose deliveries all finished; return how many."""
    days = older_than_days if older_than_days is not None else settings.WEBHOOK_EVENT_RETENTION_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    unfinished = WebhookDelivery.objects.filter(
        event_id=OuterRef("pk"), status=DeliveryStatus.PENDING
    )
    old = WebhookEvent.objects.filter(occurred_at__lt=cutoff, dispatched_at__isnull=False).exclude(
        Exists(unfinished)
    )
    deleted = 0
    while True:
        ids = list(old.values_list("pk", flat=True)[:5000])
        if not ids:
            return deleted
        WebhookDelivery.objects.filter(event_id__in=ids).delete()
        deleted += (
            WebhookEvent.objects.filter(pk__in=ids).delete()[1].get(WebhookEvent._meta.label, 0)
        )
