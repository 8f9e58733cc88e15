"""Webhooks' writes: the outbox, endpoints and deliveries."""

from webhooks.services.deliveries import (
    deliveries_resend_since,
    deliveries_send,
    delivery_resend,
    endpoints_with_due_deliveries,
)
from webhooks.services.endpoints import (
    endpoint_create,
    endpoint_delete,
    endpoint_rotate_secret,
    endpoint_update,
)
from webhooks.services.outbox import event_store, events_dispatch, events_prune

__all__ = [
    "deliveries_resend_since",
    "deliveries_send",
    "delivery_resend",
    "endpoint_create",
    "endpoint_delete",
    "endpoint_rotate_secret",
    "endpoint_update",
    "endpoints_with_due_deliveries",
    "event_store",
    "events_dispatch",
    "events_prune",
]
