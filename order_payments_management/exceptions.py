from decimal import Decimal

from core.exceptions import Conflict, DomainError, InvalidTransition


class InsufficientFunds(Conflict):
    code = "insufficient_funds"

    def __init__(self, *, needed: Decimal, available: Decimal, field: str | None = "amount"):
        super().__init__(f"Needs {needed}; the wallet balance is {available}.", field=field)
        self.needed, self.available = needed, available


class PaymentTransitionRefused(InvalidTransition):
    code = "invalid_payment_transition"

    def __init__(self, *, current: str, target: str):
        super().__init__(current=current, target=target, what="payment")


class InvalidDiscount(DomainError):
    """A discount code that does not apply; `code` says why, the field is `discount_code`."""

    code = "invalid_discount"

    def __init__(self, message: str, *, code: str = "invalid_discount"):
        super().__init__(message, field="discount_code", code=code)
