"""OpenAPI examples of this app's endpoints (values only)."""

from drf_spectacular.utils import OpenApiExample

INSTALLMENT_EXAMPLE = {
    "id": 31,
    "bundle_id": 7,
    "installment_number": 1,
    "amount": 133.33,
    "due_date": "2025-04-01",
    "is_paid": True,
    "is_overdue": False,
    "paid_at": "2025-03-28T12:00:00Z",
    "paid_by": 12,
    "payment_record": 88,
    "created_at": "2025-03-01T10:00:00Z",
    "updated_at": "2025-03-28T12:00:00Z",
}

BUNDLE_EXAMPLE_VALUE = {
    "id": 7,
    "website": {"id": 1, "name": "Alpha Essays"},
    "client": {"id": 12, "username": "client_alpha_1", "email": "client_alpha_1@example.com"},
    "assigned_writer": {
        "id": 9,
        "username": "writer_alpha_1",
        "email": "writer_alpha_1@example.com",
    },
    "title": "Statistics 101, spring term",
    "course": "STAT 101",
    "status": "active",
    "total_price": 500.0,
    "deposit_required": 100.0,
    "deposit_paid": True,
    "deposit_payment": 80,
    "installments_enabled": True,
    "installments_paid_total": 133.33,
    "balance_remaining": 266.67,
    "installments": [
        INSTALLMENT_EXAMPLE,
        {
            **INSTALLMENT_EXAMPLE,
            "id": 32,
            "installment_number": 2,
            "due_date": "2025-05-01",
            "is_paid": False,
            "paid_at": None,
            "paid_by": None,
            "payment_record": None,
        },
        {
            **INSTALLMENT_EXAMPLE,
            "id": 33,
            "installment_number": 3,
            "amount": 133.34,
            "due_date": "2025-05-31",
            "is_paid": False,
            "paid_at": None,
            "paid_by": None,
            "payment_record": None,
        },
    ],
    "activated_at": "2025-03-02T10:00:00Z",
    "completed_at": None,
    "cancelled_at": None,
    "created_by_id": 2,
    "created_at": "2025-03-01T10:00:00Z",
    "updated_at": "2025-03-28T12:00:00Z",
}

BUNDLE_EXAMPLE = OpenApiExample("A bundle", value=BUNDLE_EXAMPLE_VALUE, response_only=True)

BUNDLE_EXAMPLE_CLIENT_VALUE = {
    **{key: value for key, value in BUNDLE_EXAMPLE_VALUE.items() if key != "created_by_id"},
    "assigned_writer": {"id": 9, "username": "writer_alpha_1"},
}

WRITER_INSTALLMENT_FIELDS = (
    "id",
    "bundle_id",
    "installment_number",
    "due_date",
    "is_paid",
    "is_overdue",
    "paid_at",
    "created_at",
    "updated_at",
)

INSTALLMENT_EXAMPLE_WRITER = {key: INSTALLMENT_EXAMPLE[key] for key in WRITER_INSTALLMENT_FIELDS}

BUNDLE_EXAMPLE_WRITER_VALUE = {
    "id": 7,
    "website": {"id": 1, "name": "Alpha Essays"},
    "client": {"id": 12, "username": "client_alpha_1"},
    "assigned_writer": BUNDLE_EXAMPLE_VALUE["assigned_writer"],
    "title": "Statistics 101, spring term",
    "course": "STAT 101",
    "status": "active",
    "installments_enabled": True,
    "installments": [
        {key: installment[key] for key in WRITER_INSTALLMENT_FIELDS}
        for installment in BUNDLE_EXAMPLE_VALUE["installments"]
    ],
    "activated_at": "2025-03-02T10:00:00Z",
    "completed_at": None,
    "cancelled_at": None,
    "created_at": "2025-03-01T10:00:00Z",
    "updated_at": "2025-03-28T12:00:00Z",
}

BUNDLE_EXAMPLE_CLIENT = OpenApiExample(
    "A bundle (its client)", value=BUNDLE_EXAMPLE_CLIENT_VALUE, response_only=True
)

BUNDLE_EXAMPLES = [
    OpenApiExample("A bundle (admin)", value=BUNDLE_EXAMPLE_VALUE, response_only=True),
    BUNDLE_EXAMPLE_CLIENT,
    OpenApiExample("A bundle (its writer)", value=BUNDLE_EXAMPLE_WRITER_VALUE, response_only=True),
]

INSTALLMENT_EXAMPLES = [
    OpenApiExample(
        "An installment (admin, its client)", value=INSTALLMENT_EXAMPLE, response_only=True
    ),
    OpenApiExample(
        "An installment (the class's writer)",
        value=INSTALLMENT_EXAMPLE_WRITER,
        response_only=True,
    ),
]

INSUFFICIENT_FUNDS_EXAMPLE = OpenApiExample(
    "Wallet too low",
    value={
        "detail": "Needs 133.33; the wallet balance is 20.00.",
        "code": "insufficient_funds",
        "errors": {"amount": ["Needs 133.33; the wallet balance is 20.00."]},
    },
    response_only=True,
    status_codes=["409"],
)


A_CLASS_WITH_A_DEPOSIT_EXAMPLE = OpenApiExample(
    "A class with a deposit",
    value={
        "client_id": 12,
        "assigned_writer_id": 9,
        "title": "Statistics 101, spring term",
        "course": "STAT 101",
        "total_price": 500.0,
        "deposit_required": 100.0,
    },
    request_only=True,
)


ASSIGN_A_WRITER_EXAMPLE = OpenApiExample(
    "Assign a writer", value={"assigned_writer_id": 9}, request_only=True
)


THREE_MONTHLY_PARTS_EXAMPLE = OpenApiExample(
    "Three monthly parts",
    value={"count": 3, "interval_days": 30, "first_due_date": "2025-04-01"},
    request_only=True,
)


EXPLICIT_PARTS_EXAMPLE = OpenApiExample(
    "Explicit parts",
    value={
        "installments": [
            {"amount": 250.0, "due_date": "2025-04-01"},
            {"amount": 150.0, "due_date": "2025-05-01"},
        ]
    },
    request_only=True,
)


PAID_EXAMPLE = OpenApiExample(
    "Paid",
    value={"installment": INSTALLMENT_EXAMPLE, "bundle": BUNDLE_EXAMPLE_CLIENT_VALUE},
    response_only=True,
)
