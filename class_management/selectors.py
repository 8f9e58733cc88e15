"""Reads: what is paid on a class bundle and what is left to pay."""

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Sum

from class_management.models import ClassBundle, ClassInstallment
from core.money import ZERO, split_equally


def class_bundle_balance(
    *, total_price: Decimal, deposit_paid: Decimal, installments_paid: Decimal
) -> Decimal:
    """Return `total - deposit paid - installments paid`, never below zero."""
    return max(ZERO, total_price - deposit_paid - installments_paid)


def class_bundle_deposit_paid(*, bundle: ClassBundle) -> Decimal:
    return bundle.deposit_required if bundle.deposit_payment_id is not None else ZERO


def class_bundle_installments_paid(*, bundle: ClassBundle) -> Decimal:
    """Sum the paid installments (from prefetched installments when they are loaded)."""
    prefetched = getattr(bundle, "_prefetched_objects_cache", {}).get("installments")
    if prefetched is not None:
        return sum((i.amount for i in prefetched if i.is_paid), ZERO)
    total = ClassInstallment.objects.filter(bundle_id=bundle.pk, is_paid=True).aggregate(
        total=Sum("amount")
    )
    return total["total"] or ZERO


def class_bundle_balance_remaining(*, bundle: ClassBundle) -> Decimal:
    """Return what the client still owes on the bundle."""
    return class_bundle_balance(
        total_price=bundle.total_price,
        deposit_paid=class_bundle_deposit_paid(bundle=bundle),
        installments_paid=class_bundle_installments_paid(bundle=bundle),
    )


def class_bundle_has_payments(*, bundle: ClassBundle) -> bool:
    """Tell whether the deposit or any installment of the bundle was paid."""
    return (
        bundle.deposit_payment_id is not None
        or ClassInstallment.objects.filter(bundle_id=bundle.pk, is_paid=True).exists()
    )


def class_installments_plan(
    *, balance: Decimal, count: int, interval_days: int, first_due_date: date
) -> list[tuple[Decimal, date]]:
    """Plan `count` equal cent parts of `balance`, `interval_days` apart from `first_due_date`.

    The remainder cent(s) go on the last part, so the parts add up to `balance` exactly.
    """
    return [
        (amount, first_due_date + timedelta(days=interval_days * k))
        for k, amount in enumerate(split_equally(balance, count))
    ]


def class_bundles_with_people():
    """Bundles with their website, client, writer and installments (two queries for a page)."""
    return ClassBundle.objects.select_related(
        "website", "client", "assigned_writer"
    ).prefetch_related("installments")
