"""OpenAPI examples of this app's endpoints (values only)."""

from drf_spectacular.utils import (
    OpenApiExample,
)

TIP_EXAMPLE_CLIENT = {
    "audience": "client",
    "id": 41,
    "tip_type": "order",
    "writer": {"id": 7, "username": "writer_alpha_1"},
    "order_id": 12,
    "class_bundle_id": None,
    "tip_amount": 25.0,
    "tip_reason": "Great literature review, delivered early.",
    "payment_method": "wallet",
    "payment_status": "completed",
    "failure_reason": "",
    "sent_at": "2025-03-14T10:21:07Z",
    "updated_at": "2025-03-14T10:21:07Z",
}

TIP_EXAMPLE_WRITER = {
    "audience": "writer",
    "id": 41,
    "tip_type": "order",
    "client": {"id": 3, "username": "client_alpha_1"},
    "order_id": 12,
    "class_bundle_id": None,
    "amount_received": 10.0,
    "tip_reason": "Great literature review, delivered early.",
    "payment_status": "completed",
    "sent_at": "2025-03-14T10:21:07Z",
}

TIP_EXAMPLE_ADMIN = {
    **TIP_EXAMPLE_CLIENT,
    "audience": "admin",
    "website": {"id": 1, "name": "Alpha Essays"},
    "client": {"id": 3, "username": "client_alpha_1", "email": "client_alpha_1@example.com"},
    "writer": {"id": 7, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
    "writer_level_id": 2,
    "writer_level_name": "Intermediate",
    "writer_percentage": 40.0,
    "writer_earning": 10.0,
    "platform_profit": 15.0,
    "payment": {
        "id": 88,
        "reference": "PAY-9F2C11AB03D4E5F6",
        "external_reference": "",
        "completed_at": "2025-03-14T10:21:07Z",
        "refunded_at": None,
        "refund_reason": "",
    },
}

TIP_EXAMPLES = [
    OpenApiExample("Client view", value=TIP_EXAMPLE_CLIENT, response_only=True),
    OpenApiExample("Writer view", value=TIP_EXAMPLE_WRITER, response_only=True),
    OpenApiExample("Admin view", value=TIP_EXAMPLE_ADMIN, response_only=True),
]

LEVEL_EXAMPLE = {
    "id": 2,
    "website": {"id": 1, "name": "Alpha Essays"},
    "name": "Intermediate",
    "tip_percentage": 40.0,
    "display_order": 2,
    "is_active": True,
    "writers_count": 3,
    "created_at": "2025-01-02T09:00:00Z",
    "updated_at": "2025-01-02T09:00:00Z",
}

LEVEL_INPUT_EXAMPLE = OpenApiExample(
    "Intermediate level",
    value={"name": "Intermediate", "tip_percentage": 40.0, "display_order": 2, "is_active": True},
    request_only=True,
)

LEVEL_OUTPUT_EXAMPLE = OpenApiExample("Level", value=LEVEL_EXAMPLE, response_only=True)

PROFILE_EXAMPLE = {
    "id": 5,
    "writer": {"id": 7, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
    "website": {"id": 1, "name": "Alpha Essays"},
    "level": {"id": 2, "name": "Intermediate", "tip_percentage": 40.0},
    "pen_name": "A. Quill",
    "tip_percentage": 40.0,
    "created_at": "2025-01-02T09:00:00Z",
    "updated_at": "2025-01-02T09:00:00Z",
}

PROFILE_OUTPUT_EXAMPLE = OpenApiExample("Profile", value=PROFILE_EXAMPLE, response_only=True)

SETTINGS_EXAMPLE = OpenApiExample(
    "Settings",
    value={
        "website": {"id": 1, "name": "Alpha Essays"},
        "default_writer_percentage": 30.0,
        "min_tip_amount": 1.0,
        "max_tip_amount": 5000.0,
        "updated_at": "2025-01-02T09:00:00Z",
    },
    response_only=True,
)
