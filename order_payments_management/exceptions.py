"""Domain errors of wallets, payments and discounts; each carries a stable `code`."""

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


class OrderNotUnpaid(Conflict):
    code = "order_not_unpaid"

    def __init__(self, *, status: str):
        super().__init__(f"This order is {status}, not unpaid.")


class OrderPaymentPending(Conflict):
    """The order already has a payment waiting for confirmation or being processed."""

    code = "order_payment_pending"
    default_message = (
        "This order already has a payment in progress; it must be confirmed or cancelled first."
    )


class PaymentNotOrderPayment(Conflict):
    """Only order payments are moved here; tips and classes move theirs with what they pay for."""

    code = "not_an_order_payment"

    def __init__(self, *, payment_type: str, action: str = "refunded"):
        super().__init__(
            f"A {payment_type} payment is {action} by the feature it paid for, not here."
        )


class InvalidDiscount(DomainError):
    """A discount code that does not apply; `code` says why, `field` names the input."""

    code = "invalid_discount"

    def __init__(
        self, message: str, *, code: str = "invalid_discount", field: str = "discount_code"
    ):
        super().__init__(message, field=field, code=code)


class DiscountCodeTaken(DomainError):
    code = "duplicate"

    def __init__(self, *, code: str):
        super().__init__(f"The code {code} is already used on this website.", field="code")


class DiscountInUse(Conflict):
    code = "discount_in_use"
    default_message = "This discount has been used, so it cannot be deleted; deactivate it instead."
