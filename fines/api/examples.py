"""OpenAPI examples of this app's endpoints (values only)."""

from drf_spectacular.utils import OpenApiExample

FINE_TYPE_EXAMPLE = OpenApiExample(
    "Late delivery: 10% of the writer's pay, between 5 and 50",
    value={
        "id": 3,
        "website": {"id": 1, "name": "Alpha Essays"},
        "is_global": False,
        "code": "late_delivery",
        "name": "Late delivery",
        "description": "Delivered after the deadline.",
        "calculation": "percentage",
        "amount": None,
        "percentage": 10.0,
        "base_amount": "writer_compensation",
        "min_amount": 5.0,
        "max_amount": 50.0,
        "origin": "admin",
        "is_active": True,
        "created_at": "2025-03-01T10:00:00Z",
        "updated_at": "2025-03-01T10:00:00Z",
    },
    response_only=True,
)

FINE_EXAMPLE = OpenApiExample(
    "An issued fine",
    value={
        "id": 17,
        "website": {"id": 1, "name": "Alpha Essays"},
        "order": {"id": 42, "order_number": "ALPHA-0042", "title": "Essay on trade policy"},
        "writer": {"id": 9, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
        "fine_type": {"id": 3, "code": "late_delivery", "name": "Late delivery"},
        "amount": 7.0,
        "reason": "Delivered 6 hours late.",
        "status": "issued",
        "is_active": True,
        "issued_by": 2,
        "issued_at": "2025-03-02T09:00:00Z",
        "appealed_by": None,
        "appealed_at": None,
        "upheld_by": None,
        "upheld_at": None,
        "waived_by": None,
        "waived_at": None,
        "voided_by": None,
        "voided_at": None,
        "resolution_note": "",
        "appeal": None,
        "created_at": "2025-03-02T09:00:00Z",
        "updated_at": "2025-03-02T09:00:00Z",
    },
    response_only=True,
)

ADMIN_ONLY_FINE_FIELDS = ("issued_by", "appealed_by", "upheld_by", "waived_by", "voided_by")

FINE_EXAMPLE_WRITER = OpenApiExample(
    "An issued fine (the fined writer)",
    value={k: v for k, v in FINE_EXAMPLE.value.items() if k not in ADMIN_ONLY_FINE_FIELDS},
    response_only=True,
)

FINE_EXAMPLES = [FINE_EXAMPLE, FINE_EXAMPLE_WRITER]

APPEAL_DECISION_EXAMPLE = OpenApiExample(
    "Decide", value={"note": "Checked the order history."}, request_only=True
)

COMPENSATION_EXAMPLE_WRITER = {
    "order": {"id": 42, "order_number": "ALPHA-0042", "title": "Essay"},
    "writer_compensation": 70.0,
    "active_fines_total": 7.0,
    "effective_writer_compensation": 63.0,
    "fines": [FINE_EXAMPLE_WRITER.value],
}

COMPENSATION_EXAMPLE_ADMIN = {
    **COMPENSATION_EXAMPLE_WRITER,
    "writer": {"id": 9, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
    "fines": [FINE_EXAMPLE.value],
}


ONE_ACTIVE_FINE_ADMIN_EXAMPLE = OpenApiExample(
    "One active fine (admin)", value=COMPENSATION_EXAMPLE_ADMIN, response_only=True
)


ONE_ACTIVE_FINE_THE_ORDER_S_WRITER_EXAMPLE = OpenApiExample(
    "One active fine (the order's writer)",
    value=COMPENSATION_EXAMPLE_WRITER,
    response_only=True,
)


ISSUE_A_LATE_DELIVERY_FINE_EXAMPLE = OpenApiExample(
    "Issue a late-delivery fine",
    value={
        "order_id": 42,
        "fine_type_code": "late_delivery",
        "reason": "Delivered 6 hours late.",
    },
    request_only=True,
)


WAIVE_EXAMPLE = OpenApiExample(
    "Waive", value={"note": "Client confirmed the extension."}, request_only=True
)


VOID_EXAMPLE = OpenApiExample("Void", value={"note": "Wrong order."}, request_only=True)


APPEAL_EXAMPLE = OpenApiExample(
    "Appeal",
    value={"reason": "The client moved the deadline; see the order messages."},
    request_only=True,
)


A_FIXED_FINE_EXAMPLE = OpenApiExample(
    "A fixed fine",
    value={
        "code": "missed_revision",
        "name": "Missed revision",
        "calculation": "fixed",
        "amount": 15.0,
    },
    request_only=True,
)


A_PERCENTAGE_OF_THE_ORDER_TOTAL_CLAMPED_EXAMPLE = OpenApiExample(
    "A percentage of the order total, clamped",
    value={
        "code": "plagiarism",
        "name": "Plagiarism",
        "calculation": "percentage",
        "percentage": 30.0,
        "base_amount": "total_price",
        "min_amount": 20.0,
        "max_amount": 200.0,
    },
    request_only=True,
)


DEACTIVATE_EXAMPLE = OpenApiExample("Deactivate", value={"is_active": False}, request_only=True)


SYSTEM_TYPES_ARE_KEPT_EXAMPLE = OpenApiExample(
    "System types are kept",
    value={
        "detail": "System-defined fine types cannot be deleted; deactivate them instead.",
        "code": "system_fine_type_protected",
    },
    response_only=True,
    status_codes=["409"],
)
