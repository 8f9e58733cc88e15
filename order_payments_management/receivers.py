"""What the payments app answers when other apps ask (their signals)."""

from django.dispatch import receiver

from accounts.signals import user_erasure_blockers
from order_payments_management.models import OrderPayment, PaymentStatus
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


@receiver(user_erasure_blockers, dispatch_uid="order_payments_management.erasure_blockers")
def payments_in_flight(sender, *, user, **kwargs) -> list[tuple[str, str]]:
    """A payment still pending or processing needs its payer."""
    ids = list(
        OrderPayment.objects.filter(
            client=user, status__in=(PaymentStatus.PENDING, PaymentStatus.PROCESSING)
        ).values_list("pk", flat=True)[:5]
    )
    if not ids:
        return []
    return [("pending_payment", f"payment {', '.join(map(str, ids))} is not settled")]
