"""Wallet writes: open a wallet, credit and debit it (always with a ledger row), reconcile."""

import logging
from decimal import Decimal

from core.exceptions import DomainError
from core.money import ZERO, has_at_most_two_places
from core.outbox import emit_for
from core.transactions import atomic_joined
from order_payments_management.exceptions import InsufficientFunds
from order_payments_management.models import (
    OrderPayment,
    Wallet,
    WalletTransaction,
    WalletTransactionKind,
)
from order_payments_management.selectors import wallets_with_ledger_mismatch

logger = logging.getLogger(__name__)

# The largest amount a 12-digit, 2-place column holds.
MAX_BALANCE = Decimal("9999999999.99")


def _check_member(*, user, website) -> None:
    if user.website_id != website.pk:
        raise DomainError(
            f"User {user.pk} does not belong to this website.",
            field="user_id",
            code="invalid_user_id",
        )


def wallet_open(*, user, website) -> tuple[Wallet, bool]:
    """Return the user's wallet on `website` and whether it was created just now."""
    _check_member(user=user, website=website)
    return Wallet.objects.get_or_create(user=user, website=website)


def wallet_get_or_create(*, user, website) -> Wallet:
    """Return the user's wallet on `website`, creating an empty one on first use."""
    return wallet_open(user=user, website=website)[0]


def wallet_of_payer(*, payment: OrderPayment) -> Wallet:
    """Return the wallet a payment is charged to or refunded into (created on first use).

    A payment's client always belongs to its website, so no membership check is needed.
    """
    return Wallet.objects.get_or_create(user_id=payment.client_id, website_id=payment.website_id)[0]


def wallet_lock(*, user_id: int, website_id: int, open_missing: bool = True) -> Wallet | None:
    """Return the user's wallet on the website locked until the transaction ends.

    One `SELECT ... FOR UPDATE`: a caller about to move money holds the row from the moment it
    reads the balance, so no concurrent move can slip between its check and its write. A
    missing wallet is opened (`open_missing`), or answered None.
    """
    wallets = Wallet.objects.select_for_update()
    if open_missing:
        return wallets.get_or_create(user_id=user_id, website_id=website_id)[0]
    return wallets.filter(user_id=user_id, website_id=website_id).first()


def _checked_amount(amount: Decimal | int) -> Decimal:
    if isinstance(amount, float):
        raise TypeError("Money amounts are Decimal, never float.")
    amount = Decimal(amount)
    if amount <= ZERO or not has_at_most_two_places(amount) or amount > MAX_BALANCE:
        raise DomainError(
            "The amount must be a positive amount in whole cents.",
            field="amount",
            code="invalid_amount",
        )
    return amount


def wallet_move_locked(
    *,
    wallet: Wallet,
    amount: Decimal,
    kind: str,
    reason: str,
    created_by,
    payment: OrderPayment | None,
    reference: str,
) -> WalletTransaction:
    """Move a signed, checked `amount` on a wallet the caller locked (`wallet_lock`) in this transaction.

    A short balance raises `InsufficientFunds` before anything is written, so a caller that
    catches it has nothing to roll back.
    """
    if kind not in WalletTransactionKind.values:
        raise ValueError(f"Unknown wallet transaction kind {kind!r}.")
    new_balance = wallet.balance + amount
    if new_balance < ZERO:
        raise InsufficientFunds(needed=-amount, available=wallet.balance)
    if new_balance > MAX_BALANCE:
        raise DomainError(
            f"The balance cannot exceed {MAX_BALANCE}.", field="amount", code="balance_too_large"
        )
    wallet.balance = new_balance
    wallet.save(update_fields=["balance", "updated_at"])
    row = WalletTransaction.objects.create(
        wallet=wallet,
        amount=amount,
        kind=kind,
        reason=reason[:255],
        payment=payment,
        reference=reference,
        balance_after=new_balance,
        created_by=created_by,
    )
    emit_for(
        "wallet.credited" if amount > ZERO else "wallet.debited",
        wallet,
        {
            "wallet_id": wallet.pk,
            "user_id": wallet.user_id,
            "transaction_id": row.pk,
            "amount": abs(amount),
            "kind": kind,
            "reason": row.reason,
            "payment_id": payment.pk if payment is not None else None,
            "reference": reference,
            "balance_after": new_balance,
        },
    )
    return row


@atomic_joined
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
    """Add `amount` to the wallet and record it in the ledger; return the ledger row."""
    return wallet_move_locked(
        wallet=Wallet.objects.select_for_update().get(pk=wallet.pk),
        amount=_checked_amount(amount),
        kind=kind,
        reason=reason,
        created_by=created_by,
        payment=payment,
        reference=reference,
    )


@atomic_joined
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
    """Take `amount` from the wallet and record it; return the ledger row.

    The wallet row is locked first, so concurrent debits queue up and none can take the
    balance below zero: a short balance raises `InsufficientFunds` (409) with nothing changed.
    """
    return wallet_move_locked(
        wallet=Wallet.objects.select_for_update().get(pk=wallet.pk),
        amount=-_checked_amount(amount),
        kind=kind,
        reason=reason,
        created_by=created_by,
        payment=payment,
        reference=reference,
    )


@atomic_joined
def wallet_credit_to(
    *,
    user,
    website,
    amount: Decimal,
    kind: str,
    reason: str = "",
    created_by=None,
    payment: OrderPayment | None = None,
    reference: str = "",
) -> WalletTransaction:
    """Credit the user's wallet on `website` (opened on first use); return the ledger row.

    The same move as `wallet_credit`, in three statements: the locked read, the balance, the row.
    """
    _check_member(user=user, website=website)
    return wallet_move_locked(
        wallet=wallet_lock(user_id=user.pk, website_id=website.pk),
        amount=_checked_amount(amount),
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
