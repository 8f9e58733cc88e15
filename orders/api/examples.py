"""OpenAPI examples of this app's endpoints (values only)."""

from drf_spectacular.utils import OpenApiExample

ORDER_EXAMPLE_ADMIN = {
    "id": 31,
    "website": {"id": 1, "name": "Alpha Essays"},
    "order_number": "ALPHA-0003",
    "title": "Essay on trade policy",
    "client": {"id": 12, "username": "client_alpha_1", "email": "client_alpha_1@example.com"},
    "writer": {"id": 9, "username": "writer_alpha_1", "email": "writer_alpha_1@example.com"},
    "status": "paid",
    "total_price": 120.0,
    "writer_compensation": 70.0,
    "created_at": "2026-03-04T15:00:00Z",
    "updated_at": "2026-03-04T15:12:09Z",
}

ORDER_EXAMPLE_CLIENT = {
    **{k: v for k, v in ORDER_EXAMPLE_ADMIN.items() if k != "writer_compensation"},
    "writer": {"id": 9, "username": "writer_alpha_1"},
}

ORDER_EXAMPLE_WRITER = {
    **{k: v for k, v in ORDER_EXAMPLE_ADMIN.items() if k != "total_price"},
    "client": {"id": 12, "username": "client_alpha_1"},
}

ORDER_EXAMPLES = [
    OpenApiExample("Client view", value=ORDER_EXAMPLE_CLIENT, response_only=True),
    OpenApiExample("Writer view", value=ORDER_EXAMPLE_WRITER, response_only=True),
    OpenApiExample("Admin view", value=ORDER_EXAMPLE_ADMIN, response_only=True),
]


START_THE_WORK_EXAMPLE = OpenApiExample(
    "Start the work", value={"status": "in_progress"}, request_only=True
)


A_PAID_ORDER_IS_CANCELLED_BY_ITS_REFUND_EXAMPLE = OpenApiExample(
    "A paid order is cancelled by its refund",
    value={
        "detail": "This order was paid by payment 52: refund it "
        "(order-payments/payments/52/refund/), which cancels the order.",
        "code": "order_refund_required",
    },
    response_only=True,
    status_codes=["409"],
)
