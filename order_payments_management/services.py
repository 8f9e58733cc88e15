"""Writes: wallets and their ledger, payments and their status flow, discounts, order payment.

Lock order, everywhere: payment, then discount, then wallets in the order client → writer.
Every balance change writes its ledger row in the same transaction, so a wallet's balance is
always the sum of its ledger.
"""

import logging
import secrets
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.exceptions import Conflict, DomainError, NotFound
from core.money import ZERO
from order_payments_management.exceptions import InsufficientFunds, PaymentTransitionRefused
from order_payments_management.models import (
    PAYMENT_TRANSITIONS,
    Discount,
    DiscountUsage,
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    PaymentType,
    Wallet,
    WalletTransaction,
    WalletTransactionKind,
)
from order_payments_management.selectors import (
    discount_amount_for,
    discount_find,
    wallets_with_ledger_mismatch,
)
from order_payments_management.signals import payment_completed, payment_refunded
from orders.models import Order, OrderStatus
from orders.services import order_status_change

logger = logging.getLogger(__name__)


# Wallets -----------------------------------------------------------------------------------------


def wallet_get_or_create(*, user, website) -> Wallet:
    """Return the user's wallet on `website`, creating an empty one on first use."""
    wallet, _created = Wallet.objects.get_or_create(user=user, website=website)
    return wallet


def _wallet_move(
    *, wallet: Wallet, amount: Decimal, kind: str, reason: str, created_by, payment, reference: str
) -> WalletTransaction:
    wallet = Wallet.objects.select_for_update().get(pk=wallet.pk)
    new_balance = wallet.balance + amount
    if new_balance < ZERO:
        raise InsufficientFunds(needed=-amount, available=wallet.balance)
    wallet.balance = new_balance
    wallet.save(update_fields=["balance", "updated_at"])
    return WalletTransaction.objects.create(
        wallet=wallet,
        amount=amount,
        kind=kind,
        reason=reason,
        payment=payment,
        reference=reference,
        balance_after=new_balance,
        created_by=created_by,
    )


def _positive(amount: Decimal) -> Decimal:
    if amount <= ZERO:
        raise DomainError(
            "The amount must be greater than zero.", field="amount", code="invalid_amount"
        )
    return amount


@transaction.atomic
def wallet_credit(
    *,
    wallet: Wallet,
    amount: Decimal,
    kind: str,
    reason: str = "",
    created_by=None,
    payment: OrderPayment | None = None,
    reference: str = "",
) -> WalletTransaction:
    """Add `amount` to the wallet and record it in the ledger."""
    return _wallet_move(
        wallet=wallet,
        amount=_positive(amount),
        kind=kind,
        reason=reason,
        created_by=created_by,
        payment=payment,
        reference=reference,
    )


@transaction.atomic
def wallet_debit(
    *,
    wallet: Wallet,
    amount: Decimal,
    kind: str,
    reason: str = "",
    created_by=None,
    payment: OrderPayment | None = None,
    reference: str = "",
) -> WalletTransaction:
    """Take `amount` from the wallet (never below zero: `InsufficientFunds`) and record it."""
    return _wallet_move(
        wallet=wallet,
        amount=-_positive(amount),
        kind=kind,
        reason=reason,
        created_by=created_by,
        payment=payment,
        reference=reference,
    )


def wallets_reconcile() -> int:
    """Log every wallet whose balance differs from its ledger sum; return how many differ."""
    mismatched = 0
    for wallet in wallets_with_ledger_mismatch():
        mismatched += 1
        logger.error(
            "Wallet %s balance %s differs from its ledger sum %s",
            wallet.pk,
            wallet.balance,
            wallet.ledger_total,
        )
    return mismatched


# Payments ----------------------------------------------------------------------------------------


def _new_reference() -> str:
    return f"PAY-{secrets.token_hex(8).upper()}"


def _send_on_commit(signal, payment: OrderPayment) -> None:
    transaction.on_commit(lambda: signal.send(sender=OrderPayment, payment=payment))


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
    """Record a pending payment of `amount` (before discount) for a client of `website`."""
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
        description=description,
        created_by=created_by,
    )


@transaction.atomic
def payment_transition(
    *, payment: OrderPayment, status: str, failure_reason: str = ""
) -> OrderPayment:
    """Move a payment to `status` when the flow allows it (409 otherwise)."""
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    if status not in PAYMENT_TRANSITIONS[payment.status]:
        raise PaymentTransitionRefused(current=payment.status, target=status)
    payment.status = status
    update_fields = ["status", "updated_at"]
    if status == PaymentStatus.FAILED:
        payment.failure_reason = failure_reason
        update_fields.append("failure_reason")
    if status == PaymentStatus.COMPLETED:
        payment.completed_at = timezone.now()
        payment.failure_reason = ""
        update_fields += ["completed_at", "failure_reason"]
        _send_on_commit(payment_completed, payment)
    payment.save(update_fields=update_fields)
    return payment


@transaction.atomic
def payment_charge_wallet(*, payment: OrderPayment, created_by=None) -> OrderPayment:
    """Debit the client's wallet for a pending or failed wallet payment and complete it.

    Raises `InsufficientFunds` with nothing changed when the balance is short.
    """
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.method != PaymentMethod.WALLET:
        raise DomainError(
            "Only wallet payments are charged to a wallet.",
            field="payment_method",
            code="not_wallet",
        )
    if payment.status not in (
        PaymentStatus.PENDING,
        PaymentStatus.PROCESSING,
        PaymentStatus.FAILED,
    ):
        raise PaymentTransitionRefused(current=payment.status, target=PaymentStatus.COMPLETED)
    wallet = wallet_get_or_create(user=payment.client, website=payment.website)
    if payment.amount > ZERO:
        wallet_debit(
            wallet=wallet,
            amount=payment.amount,
            kind=WalletTransactionKind.PAYMENT,
            reason=payment.description or f"{payment.get_payment_type_display()} payment",
            created_by=created_by,
            payment=payment,
        )
    if payment.status == PaymentStatus.FAILED:
        payment = payment_transition(payment=payment, status=PaymentStatus.PROCESSING)
    return payment_transition(payment=payment, status=PaymentStatus.COMPLETED)


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
    discount, discount_amount = None, ZERO
    if discount_code:
        discount = discount_find(website_id=website.pk, code=discount_code, lock=True)
        discount_amount = discount_amount_for(discount=discount, user_id=client.pk, amount=amount)
    payment = payment_create(
        website=website,
        client=client,
        amount=amount,
        payment_type=payment_type,
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
    return payment_charge_wallet(payment=payment, created_by=created_by)


@transaction.atomic
def payment_confirm_manual(
    *, payment: OrderPayment, confirmed_by, external_reference: str
) -> OrderPayment:
    """Confirm a manual (off-platform) payment an admin has seen arrive."""
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    if payment.method != PaymentMethod.MANUAL:
        raise DomainError(
            "Only manual payments are confirmed by an admin.",
            field="payment_method",
            code="not_manual",
        )
    if not external_reference.strip():
        raise DomainError("A payment reference is required.", field="reference", code="required")
    payment.confirmed_by = confirmed_by
    payment.external_reference = external_reference.strip()
    payment.save(update_fields=["confirmed_by", "external_reference", "updated_at"])
    return payment_transition(payment=payment, status=PaymentStatus.COMPLETED)


@transaction.atomic
def payment_refund(*, payment: OrderPayment, refunded_by, reason: str) -> OrderPayment:
    """Refund a completed payment to the client's wallet, exactly once."""
    payment = OrderPayment.objects.select_for_update().get(pk=payment.pk)
    if not reason.strip():
        raise DomainError("A refund reason is required.", field="reason", code="required")
    if payment.status != PaymentStatus.COMPLETED:
        raise PaymentTransitionRefused(current=payment.status, target=PaymentStatus.REFUNDED)
    if payment.amount > ZERO:
        wallet_credit(
            wallet=wallet_get_or_create(user=payment.client, website=payment.website),
            amount=payment.amount,
            kind=WalletTransactionKind.REFUND,
            reason=reason.strip(),
            created_by=refunded_by,
            payment=payment,
        )
    payment.status = PaymentStatus.REFUNDED
    payment.refunded_by = refunded_by
    payment.refunded_at = timezone.now()
    payment.refund_reason = reason.strip()
    payment.save(
        update_fields=["status", "refunded_by", "refunded_at", "refund_reason", "updated_at"]
    )
    _send_on_commit(payment_refunded, payment)
    return payment


@transaction.atomic
def order_pay(*, order, client, discount_code: str | None = None) -> OrderPayment:
    """Pay an unpaid order of the client's from their wallet; the order becomes `paid`."""
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.client_id != client.pk:
        raise NotFound("No such order.")
    if order.status != OrderStatus.UNPAID:
        raise Conflict(f"This order is {order.status}, not unpaid.", code="order_not_unpaid")
    payment = payment_pay_from_wallet(
        website=order.website,
        client=client,
        amount=order.total_price,
        payment_type=PaymentType.ORDER,
        created_by=client,
        order=order,
        discount_code=discount_code,
        description=f"Order {order.order_number}",
    )
    order_status_change(order=order, status=OrderStatus.PAID)
    return payment
