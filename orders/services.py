"""Order writes: create, assign a writer, move along the status flow."""

import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts.exceptions import UserNotUsable
from accounts.models import Role, User
from core.exceptions import Conflict, DomainError, unique_violation_columns
from orders.exceptions import (
    OrderPaidByPaymentOnly,
    OrderTransitionRefused,
)
from orders.models import ORDER_TRANSITIONS, Order, OrderStatus
from orders.signals import order_cancel_requested
from websites.models import Website

ORDER_NUMBER_ATTEMPTS = 5


def _new_order_number() -> str:
    return f"ORD-{secrets.token_hex(4).upper()}"


def _check_member(user: User, *, website: Website, role: str, field: str) -> None:
    if user.role != role or user.website_id != website.pk or not user.is_active:
        raise UserNotUsable(user_id=user.pk, role=role, field=field)


def order_create(
    *,
    website: Website,
    client: User,
    title: str,
    total_price: Decimal,
    writer_compensation: Decimal,
    writer: User | None = None,
    order_number: str | None = None,
) -> Order:
    """Create an unpaid order for a client of `website`, optionally assigned to a writer."""
    _check_member(client, website=website, role=Role.CLIENT, field="client_id")
    if writer is not None:
        _check_member(writer, website=website, role=Role.WRITER, field="writer_id")
    if writer_compensation > total_price:
        raise DomainError(
            "Writer compensation cannot exceed the total price.", field="writer_compensation"
        )
    if order_number and Order.objects.filter(website=website, order_number=order_number).exists():
        raise _order_number_used(order_number)
    fields = {
        "website": website,
        "client": client,
        "writer": writer,
        "title": title,
        "total_price": total_price,
        "writer_compensation": writer_compensation,
    }
    # The check above cannot see an order created at the same moment; the unique constraint
    # does. A clash of a given number is the same 400 as above; a generated one is drawn again.
    if order_number:
        order = _order_insert(**fields, order_number=order_number)
        if order is None:
            raise _order_number_used(order_number)
        return order
    for _attempt in range(ORDER_NUMBER_ATTEMPTS):
        order = _order_insert(**fields, order_number=_new_order_number())
        if order is not None:
            return order
    raise Conflict("No free order number could be drawn; retry.")


def _order_insert(**fields) -> Order | None:
    """Insert an order; None when its number is taken on its website (the unique constraint)."""
    try:
        with transaction.atomic():
            return Order.objects.create(**fields)
    except IntegrityError as exc:
        if unique_violation_columns(exc) != ["order_number"]:
            raise
        return None


def _order_number_used(order_number: str) -> DomainError:
    return DomainError(
        f"Order number {order_number} is already used on this website.",
        field="order_number",
        code="duplicate",
    )


@transaction.atomic
def order_assign_writer(*, order: Order, writer: User) -> Order:
    """Assign (or reassign) the writer of an order that is not finished."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    _check_member(writer, website=order.website, role=Role.WRITER, field="writer_id")
    if order.status in (OrderStatus.COMPLETED, OrderStatus.CANCELLED):
        raise OrderTransitionRefused(current=order.status, target="reassigned")
    order.writer = writer
    order.save(update_fields=["writer", "updated_at"])
    return order


def _order_move(order: Order, status: str) -> Order:
    """Move a locked order to `status` if the flow allows it."""
    if status not in ORDER_TRANSITIONS[order.status]:
        raise OrderTransitionRefused(current=order.status, target=status)
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    return order


@transaction.atomic
def order_status_change(*, order: Order, status: str) -> Order:
    """Move an order along its flow, except into or out of the states money decides.

    `paid` is reached only through a payment (`order_mark_paid`). A paid or in-progress order
    that a payment paid is cancelled by refunding that payment (`order_cancel_refunded`); an
    unpaid order whose manual payment is still pending is cancelled once that payment is
    settled. All refusals are 409s and change nothing.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    if status not in ORDER_TRANSITIONS[order.status]:
        raise OrderTransitionRefused(current=order.status, target=status)
    if status == OrderStatus.PAID:
        raise OrderPaidByPaymentOnly
    if status == OrderStatus.CANCELLED:
        # Under the order's lock (every payment service locks the order before its payment),
        # the payments app refuses the cancel of an order a payment paid or is paying.
        order_cancel_requested.send(sender=Order, order=order)
    if status == OrderStatus.IN_PROGRESS and order.writer_id is None:
        raise DomainError(
            "Assign a writer before starting the order.", field="status", code="writer_required"
        )
    return _order_move(order, status)


@transaction.atomic
def order_mark_paid(*, order: Order) -> Order:
    """Mark an unpaid order paid by its completed order payment.

    Only the payment services call this, in the transaction that completed the payment.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    return _order_move(order, OrderStatus.PAID)


@transaction.atomic
def order_cancel_refunded(*, order: Order) -> Order:
    """Cancel a paid or in-progress order whose payment was just refunded (payment services)."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    return _order_move(order, OrderStatus.CANCELLED)
