"""Reads: which fine types apply to a website, what a fine costs, what an order still pays."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from core.money import ZERO, percentage_of, to_cents
from fines.models import Fine, FineAppeal, FineBaseAmount, FineCalculation, FineTypeConfig


def fine_types_effective_for_website(*, website_id: int) -> list[FineTypeConfig]:
    """Return the active fine types of a website, one per code.

    A website's own type wins over the global type with the same code, even when the website's
    type is inactive: that is how a website switches a global type off.
    """
    by_code: dict[str, FineTypeConfig] = {}
    for fine_type in FineTypeConfig.objects.for_website(website_id).select_related("website"):
        current = by_code.get(fine_type.code)
        if current is None or (current.website_id is None and fine_type.website_id is not None):
            by_code[fine_type.code] = fine_type
    return sorted(
        (fine_type for fine_type in by_code.values() if fine_type.is_active),
        key=lambda fine_type: fine_type.code,
    )


def fine_type_effective_get(*, website_id: int, code: str) -> FineTypeConfig | None:
    """Return the type `code` resolves to on a website (its own first, then global), if active."""
    candidates = list(FineTypeConfig.objects.for_website(website_id).filter(code=code))
    if not candidates:
        return None
    # At most two rows: the website's own (which wins) and the global one.
    chosen = next((c for c in candidates if c.website_id is not None), candidates[0])
    return chosen if chosen.is_active else None


def fine_amount_compute(*, fine_type: FineTypeConfig, order) -> Decimal:
    """Compute the fine a type charges on an order: rounded to cents, then clamped to min/max."""
    if fine_type.calculation == FineCalculation.FIXED:
        amount = to_cents(fine_type.amount or ZERO)
    else:
        base = (
            order.total_price
            if fine_type.base_amount == FineBaseAmount.TOTAL_PRICE
            else order.writer_compensation
        )
        amount = percentage_of(base, fine_type.percentage or ZERO)
    if fine_type.min_amount is not None and amount < fine_type.min_amount:
        amount = fine_type.min_amount
    if fine_type.max_amount is not None and amount > fine_type.max_amount:
        amount = fine_type.max_amount
    return amount


@dataclass(frozen=True)
class OrderCompensation:
    order: object
    writer_compensation: Decimal
    active_fines_total: Decimal
    effective_writer_compensation: Decimal
    fines: list


def order_writer_fines(*, order):
    """Return the fines of the order's current writer on the order (none without a writer).

    A reassigned order keeps the fines of its earlier writers, but they are theirs: they
    neither reduce nor appear in what the order pays its current writer.
    """
    if order.writer_id is None:
        return Fine.objects.none()
    return Fine.objects.filter(order_id=order.pk, writer_id=order.writer_id)


def order_compensation_get(*, order) -> OrderCompensation:
    """Return what the order pays its current writer once their active fines are taken off.

    Never below zero; only the current writer's fines count (see `order_writer_fines`).
    """
    fines = list(
        order_writer_fines(order=order).select_related(
            "website", "order", "writer", "fine_type", "appeal"
        )
    )
    active_total = sum((fine.amount for fine in fines if fine.is_active), ZERO)
    return OrderCompensation(
        order=order,
        writer_compensation=order.writer_compensation,
        active_fines_total=active_total,
        effective_writer_compensation=max(ZERO, order.writer_compensation - active_total),
        fines=fines,
    )


def order_active_fines_total(*, order) -> Decimal:
    """Return the sum of the current writer's active (issued, appealed, upheld) fines on `order`."""
    total = order_writer_fines(order=order).active().aggregate(total=Sum("amount"))
    return total["total"] or ZERO


def fine_appeals_with_fine():
    """Appeals with their fine, its website, order, writer and type (one query for a page)."""
    return FineAppeal.objects.select_related(
        "fine__website", "fine__order", "fine__writer", "fine__fine_type"
    )
