"""Domain errors of writer levels, profiles, tip settings and tips; `code`s are never reworded."""

from decimal import Decimal

from core.exceptions import Conflict, DomainError, InvalidTransition


class TipRefused(DomainError):
    """A tip the rules refuse; `field` names the input and `code` says which rule."""

    code = "tip_refused"

    def __init__(self, message: str, *, field: str, code: str):
        super().__init__(message, field=field, code=code)


class TipTransitionRefused(InvalidTransition):
    code = "invalid_tip_transition"

    def __init__(self, *, current: str, target: str):
        super().__init__(current=current, target=target, what="tip")


class TipNotManual(Conflict):
    code = "tip_not_manual"
    default_message = "Only a tip paid manually (off-platform) is confirmed by an admin."


class TipNotWallet(Conflict):
    code = "tip_not_wallet"
    default_message = "Only a tip paid from the wallet is retried from the wallet."


class TipRefundNotCovered(Conflict):
    code = "writer_balance_insufficient"

    def __init__(self, *, needed: Decimal, available: Decimal):
        super().__init__(
            f"The writer's wallet holds {available}; the refund must take back {needed}. "
            "Nothing was refunded."
        )


class WriterLevelInUse(Conflict):
    code = "writer_level_in_use"
    default_message = "Writers or tips refer to this level; deactivate it instead of deleting it."


class WriterProfileExists(Conflict):
    code = "writer_profile_exists"
    default_message = "This writer already has a profile."
