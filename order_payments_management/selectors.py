"""Reads: wallets and their ledgers, discount checks, ledger reconciliation."""

from decimal import Decimal

from django.db.models import OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.money import ZERO, percentage_of
from order_payments_management.exceptions import InvalidDiscount
from order_payments_management.models import (
    Discount,
    DiscountType,
    DiscountUsage,
    Wallet,
    WalletTransaction,
)


def discount_find(*, website_id: int, code: str, lock: bool = False) -> Discount:
    """Return the website's discount with this code (case-insensitive), or refuse it."""
    discounts = Discount.objects.filter(website_id=website_id, code=code.strip().upper())
    if lock:
        discounts = discounts.select_for_update()
    discount = discounts.first()
    if discount is None:
        raise InvalidDiscount(
            f"No discount code '{code}' on this website.", code="discount_not_found"
        )
    return discount


def discount_amount_for(*, discount: Discount, user_id: int, amount: Decimal) -> Decimal:
    """Check that `discount` applies to `amount` for this user now, and return what it takes off.

    Callers that go on to use the discount hold a row lock on it, so the usage limits
    checked here cannot be passed by concurrent payments.
    """
    now = timezone.now()
    if not discount.is_active:
        raise InvalidDiscount("This discount code is no longer active.", code="discount_inactive")
    if discount.valid_from and now < discount.valid_from:
        raise InvalidDiscount("This discount code is not valid yet.", code="discount_not_started")
    if discount.valid_until and now > discount.valid_until:
        raise InvalidDiscount("This discount code has expired.", code="discount_expired")
    if discount.min_order_value is not None and amount < discount.min_order_value:
        raise InvalidDiscount(
            f"This discount code needs an amount of at least {discount.min_order_value}.",
            code="discount_min_order_value",
        )
    if discount.max_uses is not None and discount.used_count >= discount.max_uses:
        raise InvalidDiscount("This discount code has been used up.", code="discount_used_up")
    if discount.per_user_limit is not None:
        used_by_user = DiscountUsage.objects.filter(discount=discount, user_id=user_id).count()
        if used_by_user >= discount.per_user_limit:
            raise InvalidDiscount(
                "You have already used this discount code.", code="discount_user_limit"
            )
    if discount.discount_type == DiscountType.PERCENT:
        return percentage_of(amount, discount.value)
    return min(discount.value, amount)


def wallet_ledger_sum(*, wallet: Wallet) -> Decimal:
    return WalletTransaction.objects.filter(wallet=wallet).aggregate(
        total=Coalesce(Sum("amount"), Value(ZERO))
    )["total"]


def wallets_with_ledger_mismatch():
    """Wallets whose cached balance differs from the sum of their ledger rows."""
    ledger_total = (
        WalletTransaction.objects.filter(wallet=OuterRef("pk"))
        .values("wallet")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return (
        Wallet.objects.annotate(ledger_total=Coalesce(Subquery(ledger_total), Value(ZERO)))
        .exclude(balance=Coalesce(Subquery(ledger_total), Value(ZERO)))
        .order_by("id")
    )
