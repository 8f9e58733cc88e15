"""OpenAPI examples of four-eyes approvals."""

from drf_spectacular.utils import OpenApiExample

ADJUSTMENT = {
    "id": 31,
    "website_id": 3,
    "kind": "wallet_credit",
    "target_type": "order_payments_management.wallet",
    "target_id": 77,
    "amount": 750.0,
    "points": None,
    "reason": "Goodwill credit for a lost order",
    "status": "pending",
    "requested_by_id": 41,
    "requested_at": "2026-12-05T10:00:00Z",
    "expires_at": "2026-12-08T10:00:00Z",
    "decided_by_id": None,
    "decided_at": None,
    "decision_note": "",
    "result": {},
}
APPROVED = {
    **ADJUSTMENT,
    "status": "approved",
    "decided_by_id": 42,
    "decided_at": "2026-12-05T10:20:00Z",
    "decision_note": "Checked the order",
    "result": {"transaction_id": 9051, "balance_after": "830.00"},
}
SETTINGS = {
    "website_id": 3,
    "money_threshold": "500.00",
    "points_threshold": 10000,
    "expiry_hours": 72,
}

LIST = OpenApiExample(
    "One waiting",
    value={"count": 1, "next": None, "previous": None, "results": [ADJUSTMENT]},
    response_only=True,
)
ONE = OpenApiExample("Waiting for a second admin", value=ADJUSTMENT, response_only=True)
APPROVED_ONE = OpenApiExample("Approved and executed", value=APPROVED, response_only=True)
DECISION = OpenApiExample("With a note", value={"note": "Checked the order"}, request_only=True)
SETTINGS_ONE = OpenApiExample("Large moves wait", value=SETTINGS, response_only=True)
SETTINGS_INPUT = OpenApiExample(
    "Money above 500, points above 10000",
    value={"money_threshold": "500.00", "points_threshold": 10000},
    request_only=True,
)
