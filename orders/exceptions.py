from core.exceptions import Conflict, InvalidTransition


class OrderTransitionRefused(InvalidTransition):
    code = "invalid_order_transition"

    def __init__(self, *, current: str, target: str):
        super().__init__(current=current, target=target, what="order")


class OrderPaidByPaymentOnly(Conflict):
    """`paid` is reached only through a payment: the client pays, or an admin confirms it."""

    code = "order_payment_required"
    default_message = (
        "An order becomes paid only when its payment completes: the client pays it "
        "(orders/{id}/pay/), or an admin confirms its manual payment "
        "(order-payments/payments/{id}/confirm/)."
    )


class OrderRefundRequired(Conflict):
    """A paid order is cancelled by refunding its payment, never by a status change alone."""

    code = "order_refund_required"

    def __init__(self, *, payment_id: int):
        super().__init__(
            f"This order was paid by payment {payment_id}: refund it "
            f"(order-payments/payments/{payment_id}/refund/), which cancels the order."
        )


class OrderPaymentInProgress(Conflict):
    """An unpaid order with a pending manual payment: the payment is settled first."""

    code = "order_payment_pending"
    default_message = (
        "This order has a payment in progress; it must be confirmed or cancelled first."
    )
