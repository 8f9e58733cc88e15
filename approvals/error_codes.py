"""Every error code approvals answers (never renamed: docs/ERROR_CODES.md)."""

from enum import StrEnum


class ErrorCode(StrEnum):
    ADJUSTMENT_ALREADY_DECIDED = "adjustment_already_decided"
    ADJUSTMENT_EXPIRED = "adjustment_expired"
    ADJUSTMENT_OWN_REQUEST = "adjustment_own_request"
