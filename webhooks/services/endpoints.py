"""A website's webhook endpoints: register, change, rotate the secret, remove."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.outbox import EVENT_TYPES
from webhooks.exceptions import TooManyEndpoints, UnknownEventType
from webhooks.models import EndpointStatus, WebhookEndpoint
from webhooks.secrets import secret_encrypt, secret_new
from webhooks.selectors import website_endpoints_changed
from webhooks.targets import url_check


def _event_types_checked(event_types: list[str]) -> list[str]:
    if not event_types:
        raise UnknownEventType("Choose at least one event type.", field="event_types")
    unknown = sorted(set(event_types) - set(EVENT_TYPES))
    if unknown:
        raise UnknownEventType(
            f"Unknown event type(s): {', '.join(unknown)}. GET /api/v1/webhooks/event-types/ "
            "lists them.",
            field="event_types",
        )
    return sorted(set(event_types))


def _changed_on_commit(website_id: int) -> None:
    transaction.on_commit(lambda: website_endpoints_changed(website_id))


@transaction.atomic
def endpoint_create(
    *, website, url: str, event_types: list[str], description: str = "", created_by=None
) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; return it and its signing secret (shown this once)."""
    url_check(url)
    event_types = _event_types_checked(event_types)
    # One endpoint at a time per website, so two requests cannot both pass the limit.
    type(website).objects.select_for_update().filter(pk=website.pk).first()
    if (
        WebhookEndpoint.objects.filter(website=website).count()
        >= settings.WEBHOOK_MAX_ENDPOINTS_PER_WEBSITE
    ):
        raise TooManyEndpoints()
    secret = secret_new()
    endpoint = WebhookEndpoint.objects.create(
        website=website,
        url=url,
        event_types=event_types,
        description=description,
        secret_encrypted=secret_encrypt(secret),
        created_by=created_by,
    )
    _changed_on_commit(website.pk)
    return endpoint, secret


@transaction.atomic
def endpoint_update(endpoint: WebhookEndpoint, **changes) -> WebhookEndpoint:
    """Change the URL, the event types, the description or whether it is active.

    Turning an endpoint back on clears its failing mark: the admin says the receiver is back.
    """
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    if "url" in changes:
        url_check(changes["url"])
    if "event_types" in changes:
        changes["event_types"] = _event_types_checked(changes["event_types"])
    if changes.get("is_active") and not endpoint.is_active:
        changes.update(status=EndpointStatus.ACTIVE, failing_since=None)
    for name, value in changes.items():
        setattr(endpoint, name, value)
    endpoint.save()
    _changed_on_commit(endpoint.website_id)
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(
    endpoint: WebhookEndpoint, *, overlap_hours: int | None = None
) -> tuple[WebhookEndpoint, str]:
    """Give the endpoint a new secret (returned, shown this once).

    The old one keeps signing next to it for `overlap_hours`, so the receiver can switch
    without losing a delivery.
    """
    hours = settings.WEBHOOK_SECRET_OVERLAP_HOURS if overlap_hours is None else overlap_hours
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    secret = secret_new()
    endpoint.previous_secret_encrypted = endpoint.secret_encrypted if hours else ""
    endpoint.previous_secret_expires_at = timezone.now() + timedelta(hours=hours) if hours else None
    endpoint.secret_encrypted = secret_encrypt(secret)
    endpoint.save()
    return endpoint, secret


@transaction.atomic
def endpoint_delete(endpoint: WebhookEndpoint) -> None:
    website_id = endpoint.website_id
    endpoint.delete()
    _changed_on_commit(website_id)
