"""Every error code order payments management answers: wallets, payments and discounts (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    BALANCE_TOO_LARGE = "balance_too_large"
    BELOW_USED_COUNT = "below_used_count"
    DISCOUNT_IN_USE = "discount_in_use"
    DISCOUNT_NOT_FOUND = "discount_not_found"
    DUPLICATE = "duplicate"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    INVALID = "invalid"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_CLIENT_ID = "invalid_client_id"
    INVALID_DISCOUNT = "invalid_discount"
    INVALID_PAYMENT_TRANSITION = "invalid_payment_transition"
    INVALID_USER_ID = "invalid_user_id"
    NOT_AN_ORDER_PAYMENT = "not_an_order_payment"
    NOT_MANUAL_PAYMENT = "not_manual_payment"
    NOT_WALLET_PAYMENT = "not_wallet_payment"
    ORDER_NOT_UNPAID = "order_not_unpaid"
    ORDER_PAYMENT_PENDING = "order_payment_pending"
    REQUIRED = "required"
