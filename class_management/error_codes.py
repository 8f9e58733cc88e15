"""Every error code class management answers: class bundles, their schedule and payments (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    CLASS_BUNDLE_CLOSED = "class_bundle_closed"
    CLASS_BUNDLE_HAS_PAYMENTS = "class_bundle_has_payments"
    CLASS_BUNDLE_NOT_ACTIVE = "class_bundle_not_active"
    CLASS_BUNDLE_NOT_DRAFT = "class_bundle_not_draft"
    DEPOSIT_ALREADY_PAID = "deposit_already_paid"
    DEPOSIT_NOT_PAID = "deposit_not_paid"
    DEPOSIT_NOT_REQUIRED = "deposit_not_required"
    INSTALLMENT_ALREADY_PAID = "installment_already_paid"
    INSTALLMENTS_DISABLED = "installments_disabled"
    INSTALLMENTS_NOT_CONFIGURED = "installments_not_configured"
    INSTALLMENTS_SUM_MISMATCH = "installments_sum_mismatch"
    INVALID = "invalid"
    INVALID_CLASS_BUNDLE_TRANSITION = "invalid_class_bundle_transition"
    INVALID_DUE_DATES = "invalid_due_dates"
    NOTHING_TO_SPLIT = "nothing_to_split"
    TOO_MANY_INSTALLMENTS = "too_many_installments"
