from django.urls import path
from rest_framework.routers import DefaultRouter

from webhooks.api.views import (
    EventTypesView,
    WebhookDeliveryViewSet,
    WebhookEndpointViewSet,
    WebhookEventViewSet,
)

router = DefaultRouter()
router.include_root_view = False
router.register("endpoints", WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("deliveries", WebhookDeliveryViewSet, basename="webhook-delivery")
router.register("events", WebhookEventViewSet, basename="webhook-event")

urlpatterns = [
    path("event-types/", EventTypesView.as_view(), name="webhook-event-types"),
    *router.urls,
]
