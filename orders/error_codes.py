"""Every error code orders answers: orders and their status flow (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    DUPLICATE = "duplicate"
    INVALID_ORDER_TRANSITION = "invalid_order_transition"
    ORDER_NOT_UNPAID = "order_not_unpaid"
    ORDER_PAYMENT_PENDING = "order_payment_pending"
    ORDER_PAYMENT_REQUIRED = "order_payment_required"
    ORDER_REFUND_REQUIRED = "order_refund_required"
    WRITER_REQUIRED = "writer_required"
