from approvals.error_codes import ErrorCode
from core.exceptions import Conflict, DomainError


class AdjustmentAlreadyDecided(Conflict):
    code = ErrorCode.ADJUSTMENT_ALREADY_DECIDED

    def __init__(self, *, status: str):
        super().__init__(f"This adjustment is already {status}.")


class AdjustmentExpired(Conflict):
    code = ErrorCode.ADJUSTMENT_EXPIRED
    default_message = "This adjustment expired undecided; request it again."


class AdjustmentOwnRequest(DomainError):
    status_code = 403
    code = ErrorCode.ADJUSTMENT_OWN_REQUEST
    default_message = "An adjustment is approved by another admin than the one who asked for it."
