"""Django admin: endpoints, events and deliveries, all read-only.

Endpoints are registered through the API, which shows their secret once.
"""

from django.contrib import admin
from django.db import models

from webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from websites.admin_scoping import ReadOnlyWebsiteScopedAdmin


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("id", "website", "url", "is_active", "status", "failing_since")
    list_filter = ("is_active", "status")
    search_fields = ("url", "description")
    exclude = ("secret_encrypted", "previous_secret_encrypted")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(WebhookEvent)
class WebhookEventAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("id", "event_id", "type", "website", "object_type", "object_id", "occurred_at")
    list_filter = ("type",)
    search_fields = ("event_id", "object_id")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("id", "endpoint", "event", "status", "attempts", "response_status")
    list_filter = ("status",)
    list_select_related = ("endpoint", "event")
