"""Every error code webhooks answers (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    DELIVERY_PENDING = "webhook_delivery_pending"
    TOO_MANY_ENDPOINTS = "webhook_endpoints_limit"
    UNKNOWN_EVENT_TYPE = "unknown_event_type"
    WEBHOOK_URL_REFUSED = "webhook_url_refused"
