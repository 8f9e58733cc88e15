from rest_framework import serializers

from core.outbox import EVENT_TYPES
from core.serializers import DateTimeField, IdField, IntegerField, ModelSerializer
from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from webhooks.targets import MAX_URL_LENGTH

EVENT_TYPE_CHOICES = sorted(EVENT_TYPES)


class WebhookEndpointOutput(ModelSerializer):
    class Meta:
        model = WebhookEndpoint
        fields = (
            "id",
            "website_id",
            "url",
            "description",
            "event_types",
            "is_active",
            "status",
            "failing_since",
            "previous_secret_expires_at",
            "resent_at",
            "resend_since",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class WebhookEndpointWithSecretOutput(WebhookEndpointOutput):
    secret = serializers.CharField(
        help_text="The signing secret: shown in this response only, store it now."
    )

    class Meta(WebhookEndpointOutput.Meta):
        fields = (*WebhookEndpointOutput.Meta.fields, "secret")
        read_only_fields = fields


class WebhookEndpointInput(serializers.Serializer):
    website_id = IdField(required=False, help_text="Superadmins: the website (required).")
    url = serializers.CharField(max_length=MAX_URL_LENGTH, help_text="https:// receiver URL.")
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPE_CHOICES), min_length=1, max_length=64
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class WebhookEndpointUpdateInput(serializers.Serializer):
    url = serializers.CharField(max_length=MAX_URL_LENGTH, required=False)
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPE_CHOICES),
        min_length=1,
        max_length=64,
        required=False,
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class RotateSecretInput(serializers.Serializer):
    overlap_hours = IntegerField(
        min_value=0,
        max_value=7 * 24,
        required=False,
        help_text="How long the old secret keeps signing too (default 24; 0: stop at once).",
    )


class ResendSinceInput(serializers.Serializer):
    since = DateTimeField(help_text="Every subscribed event from this instant on is sent again.")


class ResentEventsOutput(serializers.Serializer):
    events = serializers.IntegerField(help_text="How many events will be sent (at most 10000).")


class WebhookDeliveryOutput(ModelSerializer):
    event_id = serializers.UUIDField(source="event.event_id", read_only=True)
    event_type = serializers.CharField(source="event.type", read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = (
            "id",
            "endpoint_id",
            "event_id",
            "event_type",
            "object_key",
            "status",
            "attempts",
            "next_attempt_at",
            "first_attempt_at",
            "last_attempt_at",
            "delivered_at",
            "response_status",
            "response_body",
            "error",
            "latency_ms",
            "created_at",
        )
        read_only_fields = fields


class WebhookEventOutput(ModelSerializer):
    class Meta:
        model = WebhookEvent
        fields = (
            "event_id",
            "type",
            "website_id",
            "occurred_at",
            "object_type",
            "object_id",
            "payload",
        )
        read_only_fields = fields


class EventTypeOutput(serializers.Serializer):
    type = serializers.CharField()
    description = serializers.CharField()
