"""Writes: fine types, issuing fines, their status flow and the writers' appeals.

Lock order, everywhere: fine, then appeal. A fine moves no wallet money; while it is active it
reduces what its order pays the writer (see `fines.selectors.order_compensation_get`).
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from accounts.signals import ERASED_TEXT
from core.exceptions import DomainError, NotFound
from core.outbox import emit_for, row_payload
from fines.exceptions import (
    AppealAlreadyDecided,
    FineTransitionRefused,
    FineTypeInUse,
    FineTypeProtected,
)
from fines.models import (
    FINE_TRANSITIONS,
    AppealDecision,
    Fine,
    FineAppeal,
    FineCalculation,
    FineStatus,
    FineTypeConfig,
    FineTypeOrigin,
)
from fines.selectors import fine_amount_compute, fine_type_effective_get
from orders.models import Order, OrderStatus
from websites.models import Website

# Fine type fields an update may change; `code`, `website` and `origin` are fixed at creation.
FINE_TYPE_UPDATABLE_FIELDS = (
    "name",
    "description",
    "calculation",
    "amount",
    "percentage",
    "base_amount",
    "min_amount",
    "max_amount",
    "is_active",
)


def _fine_type_validate(fine_type: FineTypeConfig) -> None:
    if fine_type.calculation == FineCalculation.FIXED and fine_type.amount is None:
        raise DomainError("A fixed fine type needs an amount.", field="amount", code="required")
    if fine_type.calculation == FineCalculation.PERCENTAGE and fine_type.percentage is None:
        raise DomainError(
            "A percentage fine type needs a percentage.", field="percentage", code="required"
        )
    if (
        fine_type.min_amount is not None
        and fine_type.max_amount is not None
        and fine_type.min_amount > fine_type.max_amount
    ):
        raise DomainError(
            "The minimum amount cannot be above the maximum amount.",
            field="min_amount",
            code="invalid_range",
        )
    # Keep the row tidy: a fixed type has no percentage, a percentage type no fixed amount.
    if fine_type.calculation == FineCalculation.FIXED:
        fine_type.percentage = None
    else:
        fine_type.amount = None


def _fine_type_save(fine_type: FineTypeConfig, **save_kwargs) -> FineTypeConfig:
    try:
        with transaction.atomic():
            fine_type.save(**save_kwargs)
    except IntegrityError:
        raise DomainError(
            f"A fine type with code '{fine_type.code}' already exists here.",
            field="code",
            code="duplicate",
        ) from None
    return fine_type


@transaction.atomic
def fine_type_create(
    *,
    website: Website | None,
    code: str,
    name: str,
    calculation: str,
    description: str = "",
    amount: Decimal | None = None,
    percentage: Decimal | None = None,
    base_amount: str | None = None,
    min_amount: Decimal | None = None,
    max_amount: Decimal | None = None,
    is_active: bool = True,
    origin: str = FineTypeOrigin.ADMIN,
) -> FineTypeConfig:
    """Create a fine type for one website, or a global one when `website` is None."""
    fine_type = FineTypeConfig(
        website=website,
        code=code,
        name=name,
        description=description,
        calculation=calculation,
        amount=amount,
        percentage=percentage,
        min_amount=min_amount,
        max_amount=max_amount,
        is_active=is_active,
        origin=origin,
    )
    if base_amount:
        fine_type.base_amount = base_amount
    _fine_type_validate(fine_type)
    return _fine_type_save(fine_type)


@transaction.atomic
def fine_type_update(*, fine_type: FineTypeConfig, **changes) -> FineTypeConfig:
    """Change a fine type; fines already issued keep the amount they were issued with."""
    fine_type = FineTypeConfig.objects.select_for_update().get(pk=fine_type.pk)
    for field, value in changes.items():
        if field not in FINE_TYPE_UPDATABLE_FIELDS:
            raise DomainError(f"'{field}' cannot be changed.", field=field, code="read_only")
        setattr(fine_type, field, value)
    _fine_type_validate(fine_type)
    return _fine_type_save(fine_type)


@transaction.atomic
def fine_type_delete(*, fine_type: FineTypeConfig) -> None:
    """Delete an admin-created type that no fine uses (system types and used ones are kept)."""
    fine_type = FineTypeConfig.objects.select_for_update().get(pk=fine_type.pk)
    if fine_type.origin == FineTypeOrigin.SYSTEM:
        raise FineTypeProtected
    if fine_type.fines.exists():
        raise FineTypeInUse
    fine_type.delete()


@transaction.atomic
def fine_issue(
    *,
    order: Order,
    fine_type_code: str,
    reason: str,
    issued_by: User,
    writer: User | None = None,
) -> Fine:
    """Fine the writer of `order` with the type `fine_type_code` resolves to on its website.

    The amount is computed from the order (rounded to cents, then clamped) at issue time.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.writer_id is None:
        raise DomainError(
            "This order has no writer to fine.", field="order_id", code="order_has_no_writer"
        )
    if order.status == OrderStatus.CANCELLED:
        raise DomainError(
            "A cancelled order cannot be fined.", field="order_id", code="order_cancelled"
        )
    if writer is not None and writer.pk != order.writer_id:
        raise DomainError(
            "Only the order's writer can be fined for it.",
            field="writer_id",
            code="not_the_order_writer",
        )
    if not reason.strip():
        raise DomainError("A reason is required.", field="reason", code="required")
    fine_type = fine_type_effective_get(website_id=order.website_id, code=fine_type_code)
    if fine_type is None:
        raise DomainError(
            f"No active fine type '{fine_type_code}' applies to this website.",
            field="fine_type_code",
            code="invalid_fine_type_code",
        )
    fine = Fine.objects.create(
        website_id=order.website_id,
        order=order,
        writer_id=order.writer_id,
        fine_type=fine_type,
        amount=fine_amount_compute(fine_type=fine_type, order=order),
        reason=reason.strip(),
        issued_by=issued_by,
        issued_at=timezone.now(),
    )
    emit_for(
        "fine.issued",
        fine,
        {**row_payload(fine, FINE_EVENT_FIELDS), "fine_type_code": fine_type.code},
    )
    return fine


def _fine_move(*, fine: Fine, target: str, by: User, note: str = "") -> Fine:
    """Move a locked fine to `target`, recording who and when (the flow must allow it)."""
    if target not in FINE_TRANSITIONS[fine.status]:
        raise FineTransitionRefused(current=fine.status, target=target)
    now = timezone.now()
    fine.status = target
    setattr(fine, f"{target}_by", by)
    setattr(fine, f"{target}_at", now)
    update_fields = ["status", f"{target}_by", f"{target}_at", "updated_at"]
    if note:
        fine.resolution_note = note
        update_fields.append("resolution_note")
    fine.save(update_fields=update_fields)
    return fine


def _fine_lock(fine: Fine) -> Fine:
    return Fine.objects.select_for_update().get(pk=fine.pk)


FINE_EVENT_FIELDS = (
    "id",
    "order_id",
    "writer_id",
    "fine_type_id",
    "amount",
    "reason",
    "status",
    "issued_at",
)


def _appeal_decided(fine: Fine, appeal: FineAppeal) -> None:
    emit_for(
        "fine.appeal_decided",
        fine,
        {
            **row_payload(fine, FINE_EVENT_FIELDS),
            "appeal_id": appeal.pk,
            "decision": appeal.decision,
            "decision_note": appeal.decision_note,
            "decided_at": appeal.decided_at,
        },
    )


def _appeal_decide(*, appeal: FineAppeal, decision: str, by: User, note: str) -> FineAppeal:
    if appeal.decision != AppealDecision.PENDING:
        raise AppealAlreadyDecided(decision=appeal.decision)
    appeal.decision = decision
    appeal.decision_note = note
    appeal.decided_by = by
    appeal.decided_at = timezone.now()
    appeal.save(
        update_fields=["decision", "decision_note", "decided_by", "decided_at", "updated_at"]
    )
    return appeal


@transaction.atomic
def fine_waive(*, fine: Fine, waived_by: User, note: str = "") -> Fine:
    """Waive an issued or appealed fine: its reduction of the writer's pay is cancelled.

    Waiving an appealed fine decides its pending appeal in the writer's favour.
    """
    fine = _fine_lock(fine)
    was_appealed = fine.status == FineStatus.APPEALED
    fine = _fine_move(fine=fine, target=FineStatus.WAIVED, by=waived_by, note=note)
    if was_appealed:
        appeal = FineAppeal.objects.select_for_update().get(fine=fine)
        _appeal_decide(appeal=appeal, decision=AppealDecision.WAIVED, by=waived_by, note=note)
    return fine


@transaction.atomic
def fine_void(*, fine: Fine, voided_by: User, note: str = "") -> Fine:
    """Void an issued fine that should never have been issued."""
    fine = _fine_lock(fine)
    return _fine_move(fine=fine, target=FineStatus.VOIDED, by=voided_by, note=note)


@transaction.atomic
def fine_appeal_create(*, fine: Fine, writer: User, reason: str) -> FineAppeal:
    """Appeal an issued fine, once, as the fined writer."""
    fine = _fine_lock(fine)
    if fine.writer_id != writer.pk:
        raise NotFound("No such fine.")
    if not reason.strip():
        raise DomainError("A reason is required.", field="reason", code="required")
    _fine_move(fine=fine, target=FineStatus.APPEALED, by=writer)
    return FineAppeal.objects.create(fine=fine, reason=reason.strip())


@transaction.atomic
def fine_appeal_uphold(*, appeal: FineAppeal, decided_by: User, note: str = "") -> FineAppeal:
    """Reject the appeal: the fine stands (upheld) and keeps reducing the writer's pay."""
    fine = _fine_lock(appeal.fine)
    appeal = FineAppeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.decision != AppealDecision.PENDING:
        raise AppealAlreadyDecided(decision=appeal.decision)
    _fine_move(fine=fine, target=FineStatus.UPHELD, by=decided_by, note=note)
    appeal = _appeal_decide(appeal=appeal, decision=AppealDecision.UPHELD, by=decided_by, note=note)
    appeal.fine = fine
    _appeal_decided(fine, appeal)
    return appeal


@transaction.atomic
def fine_appeal_waive(*, appeal: FineAppeal, decided_by: User, note: str = "") -> FineAppeal:
    """Accept the appeal: the fine is waived and no longer reduces the writer's pay."""
    fine = _fine_lock(appeal.fine)
    appeal = FineAppeal.objects.select_for_update().get(pk=appeal.pk)
    if appeal.decision != AppealDecision.PENDING:
        raise AppealAlreadyDecided(decision=appeal.decision)
    _fine_move(fine=fine, target=FineStatus.WAIVED, by=decided_by, note=note)
    appeal = _appeal_decide(appeal=appeal, decision=AppealDecision.WAIVED, by=decided_by, note=note)
    appeal.fine = fine
    _appeal_decided(fine, appeal)
    return appeal


def fine_appeals_erase(*, writer) -> int:
    """Replace the appeal reasons a writer wrote (their erasure); the fines stay."""
    return (
        FineAppeal.objects.filter(fine__writer=writer)
        .exclude(reason=ERASED_TEXT)
        .update(reason=ERASED_TEXT)
    )
