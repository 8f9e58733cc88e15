"""Every error code writer management answers: tips, writer levels, profiles and tip settings.

A code is part of the API contract: never renamed or reused for another meaning. The
schema lists each endpoint's codes, and docs/ERROR_CODES.md lists them all (a test keeps
the three in step).
"""

from enum import StrEnum


class ErrorCode(StrEnum):
    CLASS_BUNDLE_WRITER_MISMATCH = "class_bundle_writer_mismatch"
    DUPLICATE = "duplicate"
    INVALID_AMOUNT = "invalid_amount"
    INVALID_CLASS_BUNDLE = "invalid_class_bundle"
    INVALID_LEVEL_ID = "invalid_level_id"
    INVALID_ORDER = "invalid_order"
    INVALID_PAYMENT_METHOD = "invalid_payment_method"
    INVALID_PERCENTAGE = "invalid_percentage"
    INVALID_TIP_TRANSITION = "invalid_tip_transition"
    INVALID_WRITER = "invalid_writer"
    INVALID_WRITER_ID = "invalid_writer_id"
    LEVEL_INACTIVE = "level_inactive"
    MIN_ABOVE_MAX = "min_above_max"
    ORDER_WRITER_MISMATCH = "order_writer_mismatch"
    PERMISSION_DENIED = "permission_denied"
    REQUIRED = "required"
    SELF_TIP = "self_tip"
    TIP_AMOUNT_ABOVE_MAXIMUM = "tip_amount_above_maximum"
    TIP_AMOUNT_BELOW_MINIMUM = "tip_amount_below_minimum"
    TIP_AMOUNT_NOT_POSITIVE = "tip_amount_not_positive"
    TIP_AMOUNT_PRECISION = "tip_amount_precision"
    TIP_NOT_MANUAL = "tip_not_manual"
    TIP_NOT_WALLET = "tip_not_wallet"
    TIP_REFERENCE_CONFLICT = "tip_reference_conflict"
    TIP_REFUSED = "tip_refused"
    WRITER_BALANCE_INSUFFICIENT = "writer_balance_insufficient"
    WRITER_LEVEL_IN_USE = "writer_level_in_use"
    WRITER_PROFILE_EXISTS = "writer_profile_exists"
