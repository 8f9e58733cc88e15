"""Every error code orders answers: orders and their status flow.

A code is part of the API contract: never renamed or reused for another meaning. The
schema lists each endpoint's codes, and docs/ERROR_CODES.md lists them all (a test keeps
the three in step).
"""

from enum import StrEnum


class ErrorCode(StrEnum):
    DUPLICATE = "duplicate"
    INVALID_ORDER_TRANSITION = "invalid_order_transition"
    ORDER_NOT_UNPAID = "order_not_unpaid"
    ORDER_PAYMENT_PENDING = "order_payment_pending"
    ORDER_PAYMENT_REQUIRED = "order_payment_required"
    ORDER_REFUND_REQUIRED = "order_refund_required"
    WRITER_REQUIRED = "writer_required"
