"""What the payments app answers when other apps ask (their signals)."""

from django.dispatch import receiver

from order_payments_management.models import PaymentStatus
from order_payments_management.selectors import order_payment_live_find
from orders.exceptions import OrderPaymentInProgress, OrderRefundRequired
from orders.signals import order_cancel_requested


@receiver(order_cancel_requested, dispatch_uid="order_payments_management.order_cancel")
def order_cancel_refused_while_paid(sender, *, order, **kwargs) -> None:
    """A paid order is cancelled by refunding its payment; a pending payment is settled first."""
    live = order_payment_live_find(order_id=order.pk)
    if live is not None and live.status == PaymentStatus.COMPLETED:
        raise OrderRefundRequired(payment_id=live.pk)
    if live is not None:
        raise OrderPaymentInProgress
