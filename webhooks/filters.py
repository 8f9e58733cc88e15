import django_filters

from core.outbox import EVENT_TYPES
from webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEvent


class WebhookDeliveryFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    endpoint_id = django_filters.NumberFilter(help_text="One endpoint's deliveries.")

    class Meta:
        model = WebhookDelivery
        fields = ("status", "endpoint_id")


class WebhookEventFilter(django_filters.FilterSet):
    type = django_filters.ChoiceFilter(choices=sorted((t, t) for t in EVENT_TYPES))
    object_type = django_filters.CharFilter()
    object_id = django_filters.CharFilter()

    class Meta:
        model = WebhookEvent
        fields = ("type", "object_type", "object_id")
