"""The outbox of events, the websites' webhook endpoints and each event's delivery to each.

- `WebhookEvent`: one row per state change worth telling, written in the change's transaction
  (`core.outbox.emit`). `dispatched_at` is set once its deliveries exist.
- `WebhookEndpoint`: a website's receiver URL, the event types it wants, its signing secret
  (encrypted, `webhooks.secrets`) and, for a while after a rotation, the previous one.
- `WebhookDelivery`: one event to one endpoint, tried until the receiver answers 2xx or the
  retry window closes. Deliveries of one object to one endpoint go strictly in event order.
"""

import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q

from websites.querysets import WebsiteScopedQuerySet


class WebhookEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    event_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    type = models.CharField(max_length=60)
    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="webhook_events"
    )
    occurred_at = models.DateTimeField()
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    payload = models.JSONField(encoder=DjangoJSONEncoder)
    dispatched_at = models.DateTimeField(null=True, blank=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ("-id",)
        indexes = [
            models.Index(
                fields=["id"], condition=Q(dispatched_at__isnull=True), name="webhook_undispatched"
            ),
            models.Index(fields=["website", "-id"], name="webhook_event_website_idx"),
            models.Index(fields=["occurred_at"], name="webhook_event_occurred_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.object_type}#{self.object_id}"


class EndpointStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    FAILING = "failing", "Failing (a delivery gave up)"


class WebhookEndpoint(models.Model):
    website = models.ForeignKey(
        "websites.Website", on_delete=models.CASCADE, related_name="webhook_endpoints"
    )
    url = models.URLField(max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    event_types = models.JSONField(help_text="The event types sent to this endpoint.")
    is_active = models.BooleanField(default=True)
    status = models.CharField(
        max_length=10, choices=EndpointStatus.choices, default=EndpointStatus.ACTIVE
    )
    failing_since = models.DateTimeField(null=True, blank=True)
    resent_at = models.DateTimeField(
        null=True, blank=True, help_text="When an admin last had events sent again."
    )
    resend_since = models.DateTimeField(
        null=True, blank=True, help_text="The instant from which they were sent again."
    )
    secret_encrypted = models.TextField()
    previous_secret_encrypted = models.TextField(blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WebsiteScopedQuerySet.as_manager()

    class Meta:
        ordering = ("id",)
        indexes = [models.Index(fields=["website", "is_active"], name="webhook_endpoint_site_idx")]

    def __str__(self) -> str:
        return f"{self.url} (website {self.website_id})"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed (gave up)"


class WebhookDeliveryQuerySet(WebsiteScopedQuerySet):
    website_id_field = "endpoint__website_id"


class WebhookDelivery(models.Model):
    id = models.BigAutoField(primary_key=True)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    object_key = models.CharField(max_length=130, help_text="`<object_type>:<object_id>`.")
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    leased_until = models.DateTimeField(null=True, blank=True)
    first_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.CharField(max_length=1024, blank=True)
    error = models.CharField(max_length=300, blank=True)
    latency_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WebhookDeliveryQuerySet.as_manager()

    class Meta:
        ordering = ("-id",)
        constraints = [
            models.UniqueConstraint(fields=("endpoint", "event"), name="webhook_delivery_once"),
        ]
        indexes = [
            models.Index(
                fields=["endpoint", "next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_delivery_due_idx",
            ),
            models.Index(
                fields=["endpoint", "object_key", "event"],
                condition=Q(status="pending"),
                name="webhook_delivery_order_idx",
            ),
            models.Index(fields=["endpoint", "-id"], name="webhook_delivery_list_idx"),
        ]

    def __str__(self) -> str:
        return f"event {self.event_id} to endpoint {self.endpoint_id} ({self.status})"
