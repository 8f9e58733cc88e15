"""Domain errors of the loyalty program; each carries a stable `code` (never reworded).

The refusals of a redemption request use the same codes as `can_redeem.reason` in the catalog.
"""

from core.exceptions import Conflict, DomainError, InvalidTransition, NotFound


class InsufficientPoints(DomainError):
    code = "insufficient_points"

    def __init__(self, *, needed: int, available: int, field: str | None = "points"):
        super().__init__(f"Needs {needed} points; {available} are available.", field=field)
        self.needed, self.available = needed, available


class RedemptionRefused(DomainError):
    """A request the catalog's rules refuse; `code` is the `can_redeem.reason`."""

    def __init__(self, message: str, *, code: str):
        super().__init__(message, field="item_id", code=code)


class RedemptionTransitionRefused(InvalidTransition):
    """A decision on a request that is no longer in the expected state (someone acted first)."""

    code = "invalid_redemption_transition"

    def __init__(self, *, current: str, target: str):
        super().__init__(current=current, target=target, what="redemption request")


class ReasonRequired(DomainError):
    code = "required"

    def __init__(self, *, field: str = "reason"):
        super().__init__("A reason is required.", field=field)


class LoyaltyObjectInUse(Conflict):
    """A catalog or program object that others refer to: deactivate it instead of deleting."""

    code = "in_use"


class ClientNotFound(NotFound):
    code = "not_found"

    def __init__(self, *, field: str = "client_id"):
        super().__init__("No such client.", field=field)
