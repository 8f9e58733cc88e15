"""Sending deliveries: at least once, in order per object and endpoint, retried with backoff.

A worker leases a batch of due deliveries (each the oldest pending one of its object for its
endpoint), commits the lease, and only then calls the receivers, so no transaction stays open
while a receiver thinks. A worker that dies mid-send leaves the lease to expire; the next worker
sends again (the receiver dedupes by `Webhook-Id`). A failed attempt is retried after an
exponential backoff with jitter until `WEBHOOK_RETRY_WINDOW_HOURS` after the first attempt; then
the delivery has failed and its endpoint is marked failing until a delivery succeeds again.
"""

import json
import random
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from webhooks import sender
from webhooks.exceptions import DeliveryNotFinished
from webhooks.models import (
    DeliveryStatus,
    EndpointStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from webhooks.secrets import secret_decrypt
from webhooks.signing import (
    EVENT_ID_HEADER,
    EVENT_TYPE_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    signature_header,
)

SEND_BATCH = 50
# A send task stops taking new batches after this long and leaves the rest to the next one.
SEND_BUDGET_SECONDS = 50
RESEND_LIMIT = 10_000


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt.

    Doubling from the base up to the cap, times a random factor between 0.5 and 1 (so receivers
    coming back are not stampeded).
    """
    ceiling = min(
        settings.WEBHOOK_RETRY_MAX_SECONDS,
        settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** min(attempts - 1, 30),
    )
    return timedelta(seconds=ceiling * random.uniform(0.5, 1.0))


def event_body(event: WebhookEvent) -> bytes:
    envelope = {
        "id": str(event.event_id),
        "type": event.type,
        "created": event.occurred_at,
        "website_id": event.website_id,
        "object": {"type": event.object_type, "id": event.object_id},
        "data": event.payload,
    }
    return json.dumps(envelope, cls=DjangoJSONEncoder, separators=(",", ":")).encode()


def _secrets_in_force(endpoint: WebhookEndpoint, now: datetime) -> list[str]:
    secrets = [secret_decrypt(endpoint.secret_encrypted)]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret_encrypted and expires is not None and expires > now:
        secrets.append(secret_decrypt(endpoint.previous_secret_encrypted))
    return secrets


def _lease_due(endpoint_id: int, *, limit: int) -> list[WebhookDelivery]:
    now = timezone.now()
    earlier_of_object = WebhookDelivery.objects.filter(
        endpoint_id=OuterRef("endpoint_id"),
        object_key=OuterRef("object_key"),
        status=DeliveryStatus.PENDING,
        event_id__lt=OuterRef("event_id"),
    )
    lease_until = now + timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    with transaction.atomic():
        due = list(
            WebhookDelivery.objects.filter(
                endpoint_id=endpoint_id,
                endpoint__is_active=True,
                status=DeliveryStatus.PENDING,
                next_attempt_at__lte=now,
            )
            .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
            .exclude(Exists(earlier_of_object))
            .order_by("event_id")
            .select_for_update(skip_locked=True, of=("self",))[:limit]
        )
        WebhookDelivery.objects.filter(pk__in=[d.pk for d in due]).update(leased_until=lease_until)
    for delivery in due:
        delivery.leased_until = lease_until
    return due


def _attempt(delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> bool:
    event = delivery.event
    now = timezone.now()
    body = event_body(event)
    timestamp = int(time.time())
    headers = {
        EVENT_ID_HEADER: str(event.event_id),
        EVENT_TYPE_HEADER: event.type,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature_header(_secrets_in_force(endpoint, now), timestamp, body),
    }
    timeout = settings.WEBHOOK_TIMEOUT_SECONDS
    result = sender.post(endpoint.url, body, headers, timeout=timeout)
    succeeded = result.succeeded(timeout)
    finished = timezone.now()
    attempts = delivery.attempts + 1
    first = delivery.first_attempt_at or now
    changes = {
        "attempts": attempts,
        "first_attempt_at": first,
        "last_attempt_at": finished,
        "response_status": result.status,
        "response_body": result.body[: sender.SNIPPET_BYTES],
        "error": result.error[:300],
        "latency_ms": result.latency_ms,
        "leased_until": None,
    }
    gave_up = False
    if succeeded:
        changes.update(status=DeliveryStatus.SUCCEEDED, delivered_at=finished)
    elif finished - first >= timedelta(hours=settings.WEBHOOK_RETRY_WINDOW_HOURS):
        changes.update(status=DeliveryStatus.FAILED)
        gave_up = True
    else:
        changes.update(next_attempt_at=finished + retry_delay(attempts))
    with transaction.atomic():
        # Only while this worker still holds the lease: a slower twin records nothing.
        held = WebhookDelivery.objects.filter(
            pk=delivery.pk, status=DeliveryStatus.PENDING, leased_until=delivery.leased_until
        ).update(**changes)
        if held and gave_up:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
                status=EndpointStatus.FAILING, failing_since=finished
            )
        elif held and succeeded and endpoint.status == EndpointStatus.FAILING:
            WebhookEndpoint.objects.filter(pk=endpoint.pk).update(
                status=EndpointStatus.ACTIVE, failing_since=None
            )
            endpoint.status = EndpointStatus.ACTIVE
    return succeeded


def deliveries_send(endpoint_id: int, *, budget_seconds: float = SEND_BUDGET_SECONDS) -> int:
    """Send the endpoint's due deliveries in order; return how many attempts were made."""
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, is_active=True).first()
    if endpoint is None:
        return 0
    started = time.monotonic()
    attempts = 0
    while time.monotonic() - started < budget_seconds:
        due = _lease_due(endpoint_id, limit=SEND_BATCH)
        if not due:
            break
        events = WebhookEvent.objects.in_bulk([d.event_id for d in due])
        for delivery in due:
            delivery.event = events[delivery.event_id]
            _attempt(delivery, endpoint)
            attempts += 1
    return attempts


def endpoints_with_due_deliveries() -> list[int]:
    now = timezone.now()
    return list(
        WebhookDelivery.objects.filter(
            status=DeliveryStatus.PENDING, next_attempt_at__lte=now, endpoint__is_active=True
        )
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .values_list("endpoint_id", flat=True)
        .distinct()
        .order_by()
    )


def _pending_again() -> dict:
    return {
        "status": DeliveryStatus.PENDING,
        "next_attempt_at": timezone.now(),
        "first_attempt_at": None,  # a resend gets a full retry window of its own
        "leased_until": None,
    }


@transaction.atomic
def delivery_resend(delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a finished delivery again (409 while it is still being tried)."""
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    if delivery.status == DeliveryStatus.PENDING:
        raise DeliveryNotFinished()
    changes = _pending_again()
    for name, value in changes.items():
        setattr(delivery, name, value)
    delivery.save(update_fields=list(changes))
    return delivery


@transaction.atomic
def deliveries_resend_since(endpoint: WebhookEndpoint, *, since: datetime) -> int:
    """Send again every event since `since` that the endpoint subscribes to.

    Finished deliveries go back to pending, and events it never got (it was off, or not yet
    subscribed) get a delivery. At most `RESEND_LIMIT` events, oldest first; returns how many.
    """
    events = list(
        WebhookEvent.objects.filter(
            website_id=endpoint.website_id,
            occurred_at__gte=since,
            type__in=endpoint.event_types,
        )
        .order_by("id")
        .values_list("id", "object_type", "object_id")[:RESEND_LIMIT]
    )
    ids = [event_id for event_id, _, _ in events]
    existing = set(
        WebhookDelivery.objects.filter(endpoint=endpoint, event_id__in=ids).values_list(
            "event_id", flat=True
        )
    )
    WebhookDelivery.objects.filter(endpoint=endpoint, event_id__in=ids).exclude(
        status=DeliveryStatus.PENDING
    ).update(**_pending_again())
    now = timezone.now()
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                event_id=event_id,
                object_key=f"{object_type}:{object_id}"[:130],
                next_attempt_at=now,
            )
            for event_id, object_type, object_id in events
            if event_id not in existing
        ],
        ignore_conflicts=True,
    )
    endpoint.resent_at, endpoint.resend_since = now, since
    endpoint.save(update_fields=["resent_at", "resend_since", "updated_at"])
    return len(events)
