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


RAISE_THE_SHARE_EXAMPLE = OpenApiExample(
    "Raise the share", value={"tip_percentage": 45.0}, request_only=True
)


IN_USE_EXAMPLE = OpenApiExample(
    "In use",
    value={
        "detail": "Writers or tips refer to this level; deactivate it instead of deleting it.",
        "code": "writer_level_in_use",
    },
    response_only=True,
    status_codes=["409"],
)


NEW_PROFILE_EXAMPLE = OpenApiExample(
    "New profile",
    value={"writer_id": 7, "level_id": 2, "pen_name": "A. Quill"},
    request_only=True,
)


PEN_NAME_EXAMPLE = OpenApiExample("Pen name", value={"pen_name": "A. Quill"}, request_only=True)


PROMOTE_EXAMPLE = OpenApiExample("Promote", value={"level_id": 3}, request_only=True)


SETTINGS_EXAMPLE_2 = OpenApiExample(
    "Settings",
    value={
        "default_writer_percentage": 35.0,
        "min_tip_amount": 2.0,
        "max_tip_amount": 1000.0,
    },
    request_only=True,
)


RAISE_THE_MAXIMUM_EXAMPLE = OpenApiExample(
    "Raise the maximum", value={"max_tip_amount": 8000.0}, request_only=True
)


TIP_FOR_AN_ORDER_FROM_THE_WALLET_EXAMPLE = OpenApiExample(
    "Tip for an order, from the wallet",
    value={
        "writer_id": 7,
        "tip_amount": 25.0,
        "tip_reason": "Great literature review, delivered early.",
        "order_id": 12,
        "payment_method": "wallet",
    },
    request_only=True,
)


CREATED_EXAMPLE = OpenApiExample("Created", value=TIP_EXAMPLE_CLIENT, response_only=True)


CREATED_BUT_THE_WALLET_WAS_SHORT_EXAMPLE = OpenApiExample(
    "Created, but the wallet was short",
    value={
        **TIP_EXAMPLE_CLIENT,
        "payment_status": "failed",
        "failure_reason": ("Insufficient wallet balance: Needs 25.00; the wallet balance is 4.00."),
    },
    response_only=True,
)


PAID_EXAMPLE = OpenApiExample("Paid", value=TIP_EXAMPLE_CLIENT, response_only=True)


BANK_TRANSFER_SEEN_EXAMPLE = OpenApiExample(
    "Bank transfer seen", value={"reference": "BANK-2025-03-0042"}, request_only=True
)


CONFIRMED_EXAMPLE = OpenApiExample(
    "Confirmed",
    value={**TIP_EXAMPLE_ADMIN, "payment_method": "manual"},
    response_only=True,
)


REFUND_EXAMPLE = OpenApiExample(
    "Refund", value={"reason": "Client disputed the charge."}, request_only=True
)


REFUNDED_EXAMPLE = OpenApiExample(
    "Refunded",
    value={**TIP_EXAMPLE_ADMIN, "payment_status": "refunded"},
    response_only=True,
)


TWO_MONTHS_EXAMPLE = OpenApiExample(
    "Two months",
    value={
        "tips_count": 3,
        "total_received": 42.5,
        "months": [
            {"month": "2025-03", "tips_count": 2, "amount_received": 30.0},
            {"month": "2025-02", "tips_count": 1, "amount_received": 12.5},
        ],
    },
    response_only=True,
)
