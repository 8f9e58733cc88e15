"""Payment writes: create, transition, charge, confirm, cancel, refund, pay an order.

A payment moves only along `PAYMENT_TRANSITIONS`; every refused move is a 409.
"""

import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.exceptions import Conflict, DomainError
from core.money import ZERO, has_at_most_two_places
from core.outbox import emit_for, row_payload
from core.transactions import atomic_joined
from order_payments_management.exceptions import (
    InsufficientFunds,
    OrderNotUnpaid,
    OrderPaymentPending,
    PaymentTransitionRefused,
)
from order_payments_management.models import (
    PAYMENT_TRANSITIONS,
    Discount,
    DiscountUsage,
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    PaymentType,
    WalletTransactionKind,
)
from order_payments_management.selectors import discount_quote
from order_payments_management.services.wallets import (
    wallet_credit,
    wallet_debit,
    wallet_lock,
    wallet_move_locked,
    wallet_of_payer,
)
from order_payments_management.signals import payment_completed, payment_refunded
from orders.models import Order, OrderStatus
from orders.services import order_cancel_refunded, order_mark_paid

LIVE_PAYMENT_CONSTRAINT = "payment_one_live_payment_per_order"


def payment_settles_order_check(*, order, payment: OrderPayment, status: str) -> None:
    """A payment moves its order only as that order's payment, in the status that moves it."""
    if (
        payment.order_id != order.pk
        or payment.payment_type != PaymentType.ORDER
        or payment.status != status
    ):
        raise ValueError(f"Payment {payment.pk} is not a {status} payment of order {order.pk}.")


def _new_reference() -> str:
    return f"PAY-{secrets.token_hex(8).upper()}"


PAYMENT_EVENT_FIELDS = (
    "id",
    "payment_type",
    "method",
    "status",
    "original_amount",
    "amount",
    "client_id",
    "order_id",
    "discount_id",
    "reference",
    "external_reference",
    "completed_at",
    "refunded_at",
    "refund_reason",
)


def _announce(signal, event_type: str, payment: OrderPayment) -> None:
    """Emit the payment's event in this transaction; send `signal` once it commits."""
    emit_for(event_type, payment, row_payload(payment, PAYMENT_EVENT_FIELDS))
    transaction.on_commit(lambda: signal.send(sender=OrderPayment, payment=payment))


def _checked_amount(amount: Decimal, *, field: str = "amount") -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Money amounts are Decimal, never float.")
    amount = Decimal(amount)
    if amount < ZERO or not has_at_most_two_places(amount):
        raise DomainError(
            "The amount must be zero or more, in whole cents.", field=field, code="invalid_amount"
        )
    return amount


def _lock_order_of(payment: OrderPayment) -> Order | None:
    """Lock the payment's order first (the lock order is order, then payment)."""
    if payment.order_id is None:
        return None
    return Order.objects.select_for_update().get(pk=payment.order_id)


def _check_payment_kind(*, website, client, payment_type: str, method: str) -> None:
    if payment_type not in PaymentType.values:
        raise ValueError(f"Unknown payment type {payment_type!r}.")
    if method not in PaymentMethod.values:
        raise DomainError(f"Unknown payment method {method!r}.", field="method", code="invalid")
    if client.website_id != website.pk:
        raise DomainError(
            f"User {client.pk} is not a client of this website.",
            field="client_id",
            code="invalid_client_id",
        )


def payment_create(
    *,
    website,
    client,
    amount: Decimal,
    payment_type: str,
    method: str = PaymentMethod.WALLET,
    order=None,
    created_by=None,
    description: str = "",
    discount: Discount | None = None,
    discount_amount: Decimal = ZERO,
) -> OrderPayment:
    """Record a pending payment of `amount` (before discount) by a client of `website`.

    An order payment needs its order, and an order has at most one pending, processing or
    completed payment at a time (`OrderPaymentPending`, 409).
    """
    _check_payment_kind(website=website, client=client, payment_type=payment_type, method=method)
    if order is not None and order.website_id != website.pk:
        raise DomainError("The order belongs to another website.", field="order_id")
    if payment_type == PaymentType.ORDER and order is None:
        raise DomainError("An order payment needs its order.", field="order_id", code="required")
    amount = _checked_amount(amount)
    discount_amount = _checked_amount(discount_amount, field="discount_amount")
    if discount_amount > amount:
        raise DomainError(
            "A discount cannot take off more than the amount.",
            field="discount_amount",
            code="invalid_amount",
        )
    try:
        with transaction.atomic():
            return OrderPayment.objects.create(
                website=website,
                client=client,
                order=order,
                payment_type=payment_type,
                original_amount=amount,
                discount=discount,
                discount_amount=discount_amount,
                amount=amount - discount_amount,
                method=method,
                reference=_new_reference(),
                description=description[:255],
                created_by=created_by,
            )
    except IntegrityError as exc:
        if LIVE_PAYMENT_CONSTRAINT in str(exc):
            raise OrderPaymentPending from exc
        raise


def _discount_usage_release(payment: OrderPayment) -> None:
    """Give back the discount use of a payment that never went through."""
    usage = DiscountUsage.objects.filter(payment=payment).first()
    if usage is None:
        return
    discount = Discount.objects.select_for_update().get(pk=usage.discount_id)
    usage.delete()
    discount.used_count = max(discount.used_count - 1, 0)
    discount.save(update_fields=["used_count", "updated_at"])


@transaction.atomic
def payment_transition(
    *, payment: OrderPayment, status: str, failure_reason: str = ""
) -> OrderPayment:
    """Move a payment to `status` when the flow allows it (409 otherwise).

    Completing sends `payment_completed` once the transaction commits; cancelling gives back
    the payment's discount use.
    """
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    if status not in PAYMENT_TRANSITIONS[payment.status]:
        raise PaymentTransitionRefused(current=payment.status, target=status)
    payment.status = status
    update_fields = ["status", "updated_at"]
    if status == PaymentStatus.FAILED:
        payment.failure_reason = failure_reason[:255]
        update_fields.append("failure_reason")
    if status == PaymentStatus.COMPLETED:
        payment.completed_at = timezone.now()
        payment.failure_reason = ""
        update_fields += ["completed_at", "failure_reason"]
        _announce(payment_completed, "payment.completed", payment)
    if status == PaymentStatus.CANCELLED:
        _discount_usage_release(payment)
    payment.save(update_fields=update_fields)
    return payment


@transaction.atomic
def payment_charge_wallet(*, payment: OrderPayment, created_by=None) -> OrderPayment:
    """Debit the client's wallet for a pending, processing or failed wallet payment; complete it.

    Raises `InsufficientFunds` (409) with nothing changed when the balance is short.
    """
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.method != PaymentMethod.WALLET:
        raise Conflict("Only wallet payments are charged to a wallet.", code="not_wallet_payment")
    if payment.status not in (
        PaymentStatus.PENDING,
        PaymentStatus.PROCESSING,
        PaymentStatus.FAILED,
    ):
        raise PaymentTransitionRefused(current=payment.status, target=PaymentStatus.COMPLETED)
    if payment.amount > ZERO:
        try:
            wallet_debit(
                wallet=wallet_of_payer(payment=payment),
                amount=payment.amount,
                kind=WalletTransactionKind.PAYMENT,
                reason=payment.description or f"{payment.get_payment_type_display()} payment",
                created_by=created_by,
                payment=payment,
            )
        except InsufficientFunds as short:
            # The price is no input of the caller's, so the error names no field.
            raise InsufficientFunds(
                needed=short.needed, available=short.available, field=None
            ) from None
    if payment.status == PaymentStatus.FAILED:
        payment = payment_transition(payment=payment, status=PaymentStatus.PROCESSING)
    return payment_transition(payment=payment, status=PaymentStatus.COMPLETED)


def _payment_with_discount(
    *,
    website,
    client,
    amount: Decimal,
    payment_type: str,
    method: str,
    created_by,
    order,
    discount_code: str | None,
    description: str,
) -> OrderPayment:
    """Create the pending payment; a discount code is checked under its row lock and used."""
    amount = _checked_amount(amount)
    discount, discount_amount = None, ZERO
    if discount_code and discount_code.strip():
        discount, discount_amount = discount_quote(
            website_id=website.pk, code=discount_code, user_id=client.pk, amount=amount, lock=True
        )
    payment = payment_create(
        website=website,
        client=client,
        amount=amount,
        payment_type=payment_type,
        method=method,
        order=order,
        created_by=created_by,
        description=description,
        discount=discount,
        discount_amount=discount_amount,
    )
    if discount is not None:
        DiscountUsage.objects.create(
            discount=discount,
            user=client,
            payment=payment,
            order=order,
            applied_amount=discount_amount,
        )
        discount.used_count += 1
        discount.save(update_fields=["used_count", "updated_at"])
    return payment


@transaction.atomic
def payment_pay_from_wallet(
    *,
    website,
    client,
    amount: Decimal,
    payment_type: str,
    created_by=None,
    order=None,
    discount_code: str | None = None,
    description: str = "",
) -> OrderPayment:
    """Charge `amount` (less any discount) to the client's wallet as one completed payment.

    All or nothing: a refused discount or a short balance leaves no payment, no usage and no
    ledger row behind.
    """
    payment = _payment_with_discount(
        website=website,
        client=client,
        amount=amount,
        payment_type=payment_type,
        method=PaymentMethod.WALLET,
        created_by=created_by,
        order=order,
        discount_code=discount_code,
        description=description,
    )
    return payment_charge_wallet(payment=payment, created_by=created_by)


@atomic_joined
def payment_create_from_wallet(
    *,
    website,
    client,
    amount: Decimal,
    payment_type: str,
    created_by=None,
    description: str = "",
) -> OrderPayment:
    """Record a wallet payment that is no order's and charge it at once.

    It ends `completed`, its debit in the client's ledger, or `failed` with the reason and no
    ledger row when the balance is short: the end states of create, processing and charge, in
    four statements (the wallet's locked read, the payment, the balance, the ledger row), since
    a row this transaction creates is seen by no one else before it commits. Completing sends
    `payment_completed` once the transaction commits. Wallet before payment here is safe with
    the lock order: no one else can reach the new payment to lock it.
    """
    if payment_type == PaymentType.ORDER:
        raise ValueError("An order's payment goes through payment_pay_from_wallet.")
    _check_payment_kind(
        website=website, client=client, payment_type=payment_type, method=PaymentMethod.WALLET
    )
    amount = _checked_amount(amount)
    # Locked, not opened: a client without a wallet has nothing to pay with and keeps no wallet.
    wallet = wallet_lock(user_id=client.pk, website_id=website.pk, open_missing=False)
    payment = OrderPayment.objects.create(
        website=website,
        client=client,
        payment_type=payment_type,
        original_amount=amount,
        amount=amount,
        method=PaymentMethod.WALLET,
        status=PaymentStatus.COMPLETED,
        completed_at=timezone.now(),
        reference=_new_reference(),
        description=description[:255],
        created_by=created_by,
    )
    if amount > ZERO:
        try:
            if wallet is None:
                raise InsufficientFunds(needed=amount, available=ZERO)
            wallet_move_locked(
                wallet=wallet,
                amount=-amount,
                kind=WalletTransactionKind.PAYMENT,
                reason=payment.description or f"{payment.get_payment_type_display()} payment",
                created_by=created_by,
                payment=payment,
                reference="",
            )
        except InsufficientFunds as short:
            payment.status = PaymentStatus.FAILED
            payment.completed_at = None
            payment.failure_reason = f"Insufficient wallet balance: {short.message}"[:255]
            payment.save(update_fields=["status", "completed_at", "failure_reason", "updated_at"])
            return payment
    _announce(payment_completed, "payment.completed", payment)
    return payment


@transaction.atomic
def payment_request_manual(
    *,
    website,
    client,
    amount: Decimal,
    payment_type: str,
    created_by=None,
    order=None,
    discount_code: str | None = None,
    description: str = "",
) -> OrderPayment:
    """Record a pending manual payment (paid off-platform) for an admin to confirm.

    A discount code is used now; cancelling the payment gives the use back.
    """
    return _payment_with_discount(
        website=website,
        client=client,
        amount=amount,
        payment_type=payment_type,
        method=PaymentMethod.MANUAL,
        created_by=created_by,
        order=order,
        discount_code=discount_code,
        description=description,
    )


@transaction.atomic
def payment_confirm_manual(
    *, payment: OrderPayment, confirmed_by, external_reference: str
) -> OrderPayment:
    """Confirm a manual (off-platform) payment an admin has seen arrive; an order becomes paid."""
    external_reference = (external_reference or "").strip()
    if not external_reference:
        raise DomainError("A payment reference is required.", field="reference", code="required")
    order = _lock_order_of(payment)
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.method != PaymentMethod.MANUAL:
        raise Conflict("Only manual payments are confirmed by an admin.", code="not_manual_payment")
    if PaymentStatus.COMPLETED not in PAYMENT_TRANSITIONS[payment.status]:
        raise PaymentTransitionRefused(current=payment.status, target=PaymentStatus.COMPLETED)
    is_order_payment = order is not None and payment.payment_type == PaymentType.ORDER
    if is_order_payment and order.status != OrderStatus.UNPAID:
        raise OrderNotUnpaid(status=order.status)
    payment.confirmed_by = confirmed_by
    payment.external_reference = external_reference[:120]
    payment.save(update_fields=["confirmed_by", "external_reference", "updated_at"])
    payment = payment_transition(payment=payment, status=PaymentStatus.COMPLETED)
    if is_order_payment:
        payment_settles_order_check(order=order, payment=payment, status=PaymentStatus.COMPLETED)
        order_mark_paid(order=order)
    return payment


@transaction.atomic
def payment_cancel(*, payment: OrderPayment) -> OrderPayment:
    """Cancel a pending or failed payment; its discount use is given back."""
    _lock_order_of(payment)
    return payment_transition(payment=payment, status=PaymentStatus.CANCELLED)


@transaction.atomic
def payment_refund(*, payment: OrderPayment, refunded_by, reason: str) -> OrderPayment:
    """Refund a completed payment to the client's wallet, exactly once.

    The payment row is locked, so of two concurrent refunds the second finds it refunded (409).
    A refunded order payment cancels its order when the order is paid or in progress; a
    completed order stays completed. `payment_refunded` is sent once the transaction commits.
    """
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("A refund reason is required.", field="reason", code="required")
    order = _lock_order_of(payment)
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    if PaymentStatus.REFUNDED not in PAYMENT_TRANSITIONS[payment.status]:
        raise PaymentTransitionRefused(current=payment.status, target=PaymentStatus.REFUNDED)
    if payment.amount > ZERO:
        wallet_credit(
            wallet=wallet_of_payer(payment=payment),
            amount=payment.amount,
            kind=WalletTransactionKind.REFUND,
            reason=reason,
            created_by=refunded_by,
            payment=payment,
        )
    payment.status = PaymentStatus.REFUNDED
    payment.refunded_by = refunded_by
    payment.refunded_at = timezone.now()
    payment.refund_reason = reason[:255]
    payment.save(
        update_fields=["status", "refunded_by", "refunded_at", "refund_reason", "updated_at"]
    )
    if (
        order is not None
        and payment.payment_type == PaymentType.ORDER
        and order.status in (OrderStatus.PAID, OrderStatus.IN_PROGRESS)
    ):
        payment_settles_order_check(order=order, payment=payment, status=PaymentStatus.REFUNDED)
        order_cancel_refunded(order=order)
    _announce(payment_refunded, "payment.refunded", payment)
    return payment
