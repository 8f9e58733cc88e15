"""OpenAPI examples of the order-payments endpoints (what the admin frontend sends and reads)."""

from drf_spectacular.utils import OpenApiExample

_WEBSITE = {"id": 1, "name": "Alpha Essays"}
_CLIENT = {"id": 12, "username": "client_alpha_1", "email": "client_alpha_1@example.com"}

WALLET = {
    "id": 7,
    "website": _WEBSITE,
    "user": _CLIENT,
    "user_role": "client",
    "balance": 1250.0,
    "created_at": "2026-03-01T09:00:00Z",
    "updated_at": "2026-03-04T15:12:09Z",
}

LEDGER_ROW = {
    "id": 311,
    "wallet_id": 7,
    "amount": -108.0,
    "kind": "payment",
    "reason": "Order ALPHA-0003",
    "payment_id": 52,
    "payment_reference": "PAY-5F1C0A9B3E2D4C11",
    "reference": "",
    "balance_after": 1250.0,
    "created_by_id": 12,
    "created_at": "2026-03-04T15:12:09Z",
}

# What a wallet's client or writer reads: no `created_by_id`.
LEDGER_ROW_OWNER = {key: value for key, value in LEDGER_ROW.items() if key != "created_by_id"}

TIP_EARNING_ROW_WRITER = {
    **LEDGER_ROW_OWNER,
    "id": 318,
    "wallet_id": 9,
    "amount": 10.0,
    "kind": "earning",
    "reason": "Tip 41: your share",
    "payment_id": 88,
    "payment_reference": "PAY-9F2C11AB03D4E5F6",
    "reference": "tip:41",
    "balance_after": 130.0,
}

ADMIN_CREDIT_ROW = {
    **LEDGER_ROW,
    "id": 312,
    "amount": 50.0,
    "kind": "admin_credit",
    "reason": "Goodwill credit for a late delivery",
    "payment_id": None,
    "payment_reference": None,
    "balance_after": 1300.0,
    "created_by_id": 2,
}

PAYMENT = {
    "id": 52,
    "website": _WEBSITE,
    "client": _CLIENT,
    "payment_type": "order",
    "order_id": 31,
    "order_number": "ALPHA-0003",
    "method": "wallet",
    "status": "completed",
    "original_amount": 120.0,
    "discount_code": "WELCOME10",
    "discount_amount": 12.0,
    "amount": 108.0,
    "reference": "PAY-5F1C0A9B3E2D4C11",
    "external_reference": "",
    "description": "Order ALPHA-0003",
    "failure_reason": "",
    "confirmed_by_id": None,
    "completed_at": "2026-03-04T15:12:09Z",
    "refunded_by_id": None,
    "refunded_at": None,
    "refund_reason": "",
    "created_at": "2026-03-04T15:12:09Z",
    "updated_at": "2026-03-04T15:12:09Z",
}

# What the payment's client reads: not which admin confirmed or refunded it.
PAYMENT_CLIENT = {
    key: value for key, value in PAYMENT.items() if key not in ("confirmed_by_id", "refunded_by_id")
}

MANUAL_CONFIRMED = {
    **PAYMENT,
    "method": "manual",
    "discount_code": None,
    "discount_amount": 0.0,
    "amount": 120.0,
    "external_reference": "BANK-TRX-88213",
    "confirmed_by_id": 2,
}

REFUNDED = {
    **PAYMENT,
    "status": "refunded",
    "refunded_by_id": 2,
    "refunded_at": "2026-03-06T10:00:00Z",
    "refund_reason": "Order cancelled before work started",
    "updated_at": "2026-03-06T10:00:00Z",
}

DISCOUNT = {
    "id": 4,
    "website": _WEBSITE,
    "code": "WELCOME10",
    "description": "10 % off a first order",
    "discount_type": "percent",
    "value": 10.0,
    "max_uses": 500,
    "per_user_limit": 1,
    "used_count": 37,
    "valid_from": "2026-01-01T00:00:00Z",
    "valid_until": None,
    "min_order_value": 50.0,
    "origin": "admin",
    "is_active": True,
    "created_by_id": 2,
    "created_at": "2026-01-01T00:00:00Z",
    "updated_at": "2026-03-04T15:12:09Z",
}

DISCOUNT_INPUT = {
    "code": "welcome10",
    "description": "10 % off a first order",
    "discount_type": "percent",
    "value": "10.00",
    "max_uses": 500,
    "per_user_limit": 1,
    "valid_from": "2026-01-01T00:00:00Z",
    "min_order_value": "50.00",
}

DISCOUNT_USAGE = {
    "id": 90,
    "discount_id": 4,
    "user": _CLIENT,
    "payment_id": 52,
    "payment_reference": "PAY-5F1C0A9B3E2D4C11",
    "order_id": 31,
    "applied_amount": 12.0,
    "used_at": "2026-03-04T15:12:09Z",
}


def request(name: str, value: dict) -> OpenApiExample:
    return OpenApiExample(name, value=value, request_only=True)


def response(name: str, value, status_code: str = "200") -> OpenApiExample:
    return OpenApiExample(name, value=value, response_only=True, status_codes=[status_code])


def page(name: str, row: dict) -> OpenApiExample:
    """A one-row page of a paginated list."""
    return response(name, {"count": 1, "next": None, "previous": None, "results": [row]})
