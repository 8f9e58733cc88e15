"""Every error code fines answers: fine types, fines and appeals (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    APPEAL_ALREADY_DECIDED = "appeal_already_decided"
    DUPLICATE = "duplicate"
    FINE_TYPE_IN_USE = "fine_type_in_use"
    GLOBAL_FINE_TYPE_READ_ONLY = "global_fine_type_read_only"
    INVALID_FINE_TRANSITION = "invalid_fine_transition"
    INVALID_FINE_TYPE_CODE = "invalid_fine_type_code"
    INVALID_ORDER_ID = "invalid_order_id"  # the order named in `order_id` is not visible
    INVALID_RANGE = "invalid_range"
    NOT_THE_ORDER_WRITER = "not_the_order_writer"
    ORDER_CANCELLED = "order_cancelled"
    ORDER_HAS_NO_WRITER = "order_has_no_writer"
    READ_ONLY = "read_only"
    REQUIRED = "required"
    SYSTEM_FINE_TYPE_PROTECTED = "system_fine_type_protected"
