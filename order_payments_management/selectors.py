"""Reads: discount checks, wallet ledgers and their reconciliation."""

from decimal import Decimal

from django.db.models import OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, Round
from django.utils import timezone

from core.money import ZERO, percentage_of
from order_payments_management.exceptions import InvalidDiscount
from order_payments_management.models import (
    LIVE_PAYMENT_STATUSES,
    Discount,
    DiscountType,
    DiscountUsage,
    OrderPayment,
    PaymentType,
    Wallet,
    WalletTransaction,
    WalletTransactionKind,
)

DISCOUNT_CODE_FIELD = "discount_code"


def discount_code_normalize(code: str) -> str:
    """Return the stored form of a code: trimmed and upper-case."""
    return (code or "").strip().upper()


def discount_find(
    *, website_id: int, code: str, lock: bool = False, field: str = DISCOUNT_CODE_FIELD
) -> Discount:
    """Return the website's discount with this code (case-insensitive), or refuse it."""
    discounts = Discount.objects.filter(website_id=website_id, code=discount_code_normalize(code))
    if lock:
        discounts = discounts.select_for_update()
    discount = discounts.first()
    if discount is None:
        raise InvalidDiscount(
            f"No discount code '{code}' on this website.", code="discount_not_found", field=field
        )
    return discount


def discount_amount_for(
    *, discount: Discount, user_id: int, amount: Decimal, field: str = DISCOUNT_CODE_FIELD
) -> Decimal:
    """Check that `discount` applies to `amount` for this user now, and return what it takes off.

    Callers that go on to use the discount hold a row lock on it, so the usage limits
    checked here cannot be passed by concurrent payments.
    """
    now = timezone.now()

    def refuse(message: str, code: str):
        raise InvalidDiscount(message, code=code, field=field)

    if discount.client_id is not None and discount.client_id != user_id:
        refuse("This discount code belongs to another client.", "discount_not_yours")
    if not discount.is_active:
        refuse("This discount code is no longer active.", "discount_inactive")
    if discount.valid_from and now < discount.valid_from:
        refuse("This discount code is not valid yet.", "discount_not_started")
    if discount.valid_until and now > discount.valid_until:
        refuse("This discount code has expired.", "discount_expired")
    if discount.min_order_value is not None and amount < discount.min_order_value:
        refuse(
            f"This discount code needs an amount of at least {discount.min_order_value}.",
            "discount_min_order_value",
        )
    if discount.max_uses is not None and discount.used_count >= discount.max_uses:
        refuse("This discount code has been used up.", "discount_used_up")
    if discount.per_user_limit is not None:
        used_by_user = DiscountUsage.objects.filter(discount=discount, user_id=user_id).count()
        if used_by_user >= discount.per_user_limit:
            refuse("You have already used this discount code.", "discount_user_limit")
    if discount.discount_type == DiscountType.PERCENT:
        return percentage_of(amount, discount.value)
    return min(discount.value, amount)


def discount_quote(
    *,
    website_id: int,
    code: str,
    user_id: int,
    amount: Decimal,
    lock: bool = False,
    field: str = DISCOUNT_CODE_FIELD,
) -> tuple[Discount, Decimal]:
    """Return the discount behind `code` and what it would take off `amount` for this user."""
    discount = discount_find(website_id=website_id, code=code, lock=lock, field=field)
    return discount, discount_amount_for(
        discount=discount, user_id=user_id, amount=amount, field=field
    )


def discount_is_used(*, discount: Discount) -> bool:
    return discount.used_count > 0 or DiscountUsage.objects.filter(discount=discount).exists()


def payment_get(*, payment_id: int) -> OrderPayment:
    """Return the payment (`OrderPayment.DoesNotExist` when there is none)."""
    return OrderPayment.objects.get(pk=payment_id)


def order_payment_live_find(*, order_id: int) -> OrderPayment | None:
    """The order's pending, processing or completed order payment, if any (there is at most one).

    Read under the order's row lock, it cannot change meanwhile: every payment service locks
    the order first.
    """
    return OrderPayment.objects.filter(
        order_id=order_id, payment_type=PaymentType.ORDER, status__in=LIVE_PAYMENT_STATUSES
    ).first()


def wallet_ledger_sum(*, wallet: Wallet) -> Decimal:
    """Return the sum of the wallet's ledger rows (what its balance must be)."""
    return WalletTransaction.objects.filter(wallet=wallet).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO))
    )["total"]


def wallets_with_ledger_mismatch() -> QuerySet[Wallet]:
    """Wallets whose cached balance differs from the sum of their ledger rows."""
    ledger_total = (
        WalletTransaction.objects.filter(wallet=OuterRef("pk"))
        .order_by()
        .values("wallet")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    # Round() keeps the comparison exact on SQLite, which sums decimals as floats.
    ledger_sum = Round(Coalesce(Subquery(ledger_total), Value(ZERO)), 2)
    return (
        Wallet.objects.annotate(ledger_total=ledger_sum).exclude(balance=ledger_sum).order_by("id")
    )


TIP_EARNING_REFERENCE_PREFIX = "tip:"


def tip_earning_reason(*, tip_id) -> str:
    """Return the ledger reason of a writer's share of a tip: the tip, never the split."""
    return f"Tip {tip_id}: your share"


def wallet_transaction_owner_reason(*, row: WalletTransaction) -> str:
    """Return the reason the wallet's owner reads on a ledger row.

    A tip earning reads as `tip_earning_reason`, whatever text the row stored: rows written
    before that text existed spelled out the tip, the percentage and the platform's share.
    """
    if row.kind == WalletTransactionKind.EARNING and row.reference.startswith(
        TIP_EARNING_REFERENCE_PREFIX
    ):
        return tip_earning_reason(tip_id=row.reference.removeprefix(TIP_EARNING_REFERENCE_PREFIX))
    return row.reason
