"""OpenAPI examples of webhooks."""

from drf_spectacular.utils import OpenApiExample

from core.outbox import EVENT_TYPES

ENDPOINT = {
    "id": 4,
    "website_id": 3,
    "url": "https://hooks.example.com/writing-system",
    "description": "Accounting",
    "event_types": ["payment.completed", "payment.refunded", "tip.completed", "tip.refunded"],
    "is_active": True,
    "status": "active",
    "failing_since": None,
    "previous_secret_expires_at": None,
    "resent_at": None,
    "resend_since": None,
    "created_at": "2026-12-05T09:00:00Z",
    "updated_at": "2026-12-05T09:00:00Z",
}
SECRET = "whsec_3q2-7wq6R3yWJtNfXx8mZ0o5bE1kGqP4sVdA9cLhT2U"  # noqa: S105 - an example


def _page(value) -> dict:
    return {"count": 1, "next": None, "previous": None, "results": [value]}


ENDPOINT_LIST = OpenApiExample("One endpoint", value=_page(ENDPOINT), response_only=True)
ENDPOINT_ONE = OpenApiExample("An endpoint", value=ENDPOINT, response_only=True)
ENDPOINT_INPUT = OpenApiExample(
    "Money events to accounting",
    value={
        "url": ENDPOINT["url"],
        "event_types": ENDPOINT["event_types"],
        "description": "Accounting",
    },
    request_only=True,
)
ENDPOINT_CREATED = OpenApiExample(
    "With its secret (shown once)", value={**ENDPOINT, "secret": SECRET}, response_only=True
)
ENDPOINT_UPDATE = OpenApiExample("Turn it off", value={"is_active": False}, request_only=True)
ROTATE_INPUT = OpenApiExample(
    "Both secrets sign for two days", value={"overlap_hours": 48}, request_only=True
)
RESEND_SINCE_INPUT = OpenApiExample(
    "Since the receiver lost its data", value={"since": "2026-12-04T00:00:00Z"}, request_only=True
)
RESEND_SINCE_OUTPUT = OpenApiExample("Queued", value={"events": 212}, response_only=True)

DELIVERY = {
    "id": 1802,
    "endpoint_id": 4,
    "event_id": "0b7f3c5e-8d2a-4f61-9c3b-2e5d7a1f4c90",
    "event_type": "tip.completed",
    "object_key": "writer_management.tip:551",
    "status": "succeeded",
    "attempts": 3,
    "next_attempt_at": "2026-12-05T10:01:12Z",
    "first_attempt_at": "2026-12-05T10:00:00Z",
    "last_attempt_at": "2026-12-05T10:01:12Z",
    "delivered_at": "2026-12-05T10:01:12Z",
    "response_status": 200,
    "response_body": '{"received":true}',
    "error": "",
    "latency_ms": 84,
    "created_at": "2026-12-05T10:00:00Z",
}
DELIVERY_LIST = OpenApiExample(
    "Delivered on the third attempt", value=_page(DELIVERY), response_only=True
)
DELIVERY_ONE = OpenApiExample("A delivery", value=DELIVERY, response_only=True)

EVENT = {
    "event_id": DELIVERY["event_id"],
    "type": "tip.completed",
    "website_id": 3,
    "occurred_at": "2026-12-05T10:00:00Z",
    "object_type": "writer_management.tip",
    "object_id": "551",
    "payload": {
        "id": 551,
        "client_id": 12,
        "writer_id": 31,
        "tip_amount": "20.00",
        "writer_earning": "14.00",
        "platform_profit": "6.00",
        "writer_percentage": "70.00",
        "payment_method": "wallet",
        "payment_status": "completed",
        "order_id": None,
        "sent_at": "2026-12-05T10:00:00Z",
    },
}
EVENT_LIST = OpenApiExample("A completed tip", value=_page(EVENT), response_only=True)
EVENT_ONE = OpenApiExample("A completed tip", value=EVENT, response_only=True)
EVENT_TYPES = OpenApiExample(
    "Every type",
    value=[{"type": name, "description": text} for name, text in sorted(EVENT_TYPES.items())],
    response_only=True,
)
