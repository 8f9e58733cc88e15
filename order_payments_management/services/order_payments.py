"""Order payments: a client pays an order; confirm, cancel and refund move order payments only."""

from django.db import transaction

from core.exceptions import DomainError, NotFound
from order_payments_management.exceptions import (
    OrderNotUnpaid,
    OrderPaymentPending,
    PaymentNotOrderPayment,
)
from order_payments_management.models import (
    LIVE_PAYMENT_STATUSES,
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    PaymentType,
)
from order_payments_management.services.payments import (
    payment_cancel,
    payment_confirm_manual,
    payment_pay_from_wallet,
    payment_refund,
    payment_request_manual,
    payment_settles_order_check,
)
from orders.models import Order, OrderStatus
from orders.services import order_mark_paid


def _order_payment_only(payment: OrderPayment, *, action: str) -> None:
    """Refuse (409) a payment that pays for something other than an order.

    A tip's or a class's payment moves only with what it pays for (the tip's status, the
    writer's credit, the installment's `is_paid`), so only that feature's service may move it.
    """
    if payment.payment_type != PaymentType.ORDER:
        raise PaymentNotOrderPayment(payment_type=payment.payment_type, action=action)


def order_payment_refund(*, payment: OrderPayment, refunded_by, reason: str) -> OrderPayment:
    """Refund a completed order payment; other payment types are refunded by their own apps."""
    _order_payment_only(payment, action="refunded")
    return payment_refund(payment=payment, refunded_by=refunded_by, reason=reason)


def order_payment_confirm_manual(
    *, payment: OrderPayment, confirmed_by, external_reference: str
) -> OrderPayment:
    """Confirm a manual order payment; tips are confirmed by the tip service."""
    _order_payment_only(payment, action="confirmed")
    return payment_confirm_manual(
        payment=payment, confirmed_by=confirmed_by, external_reference=external_reference
    )


def order_payment_cancel(*, payment: OrderPayment) -> OrderPayment:
    """Cancel a pending or failed order payment; other payment types are not cancelled here."""
    _order_payment_only(payment, action="cancelled")
    return payment_cancel(payment=payment)


@transaction.atomic
def order_pay(
    *,
    order,
    client,
    discount_code: str | None = None,
    method: str = PaymentMethod.WALLET,
) -> OrderPayment:
    """Pay an unpaid order of the client's.

    From the wallet (the default) the payment completes and the order becomes `paid` at once;
    `manual` records a pending payment an admin confirms later. Either way the order is locked
    first, so two payments of one order never both go through.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.client_id != client.pk:
        raise NotFound("No such order.")
    if order.status != OrderStatus.UNPAID:
        raise OrderNotUnpaid(status=order.status)
    if OrderPayment.objects.filter(
        order=order, payment_type=PaymentType.ORDER, status__in=LIVE_PAYMENT_STATUSES
    ).exists():
        raise OrderPaymentPending
    arguments = {
        "website": order.website,
        "client": client,
        "amount": order.total_price,
        "payment_type": PaymentType.ORDER,
        "created_by": client,
        "order": order,
        "discount_code": discount_code,
        "description": f"Order {order.order_number}",
    }
    if method == PaymentMethod.MANUAL:
        return payment_request_manual(**arguments)
    if method != PaymentMethod.WALLET:
        raise DomainError(f"Unknown payment method {method!r}.", field="method", code="invalid")
    payment = payment_pay_from_wallet(**arguments)
    payment_settles_order_check(order=order, payment=payment, status=PaymentStatus.COMPLETED)
    order_mark_paid(order=order)
    return payment
