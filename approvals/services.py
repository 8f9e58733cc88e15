"""Four-eyes writes: settings, requests, decisions, expiry."""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from approvals.exceptions import AdjustmentAlreadyDecided, AdjustmentExpired, AdjustmentOwnRequest
from approvals.models import AdjustmentStatus, ApprovalSettings, PendingAdjustment
from approvals.registry import executor_for
from core.outbox import emit_for, row_payload

ADJUSTMENT_EVENT_FIELDS = (
    "id",
    "kind",
    "target_type",
    "target_id",
    "amount",
    "points",
    "reason",
    "status",
    "requested_by_id",
    "requested_at",
    "expires_at",
    "decided_by_id",
    "decided_at",
    "decision_note",
    "result",
)


def _announce(event_type: str, adjustment: PendingAdjustment) -> None:
    emit_for(event_type, adjustment, row_payload(adjustment, ADJUSTMENT_EVENT_FIELDS))


def approval_settings_get(*, website_id: int) -> ApprovalSettings:
    """The website's settings; unsaved defaults (no thresholds) until an admin changes them."""
    found = ApprovalSettings.objects.filter(website_id=website_id).first()
    return found or ApprovalSettings(website_id=website_id)


@transaction.atomic
def approval_settings_update(*, website, **changes) -> ApprovalSettings:
    row, _ = ApprovalSettings.objects.select_for_update().get_or_create(website=website)
    for name, value in changes.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


def adjustment_required(
    *, website_id: int, amount: Decimal | None = None, points: int | None = None
) -> bool:
    """Whether a manual adjustment of this size waits for a second admin."""
    rules = approval_settings_get(website_id=website_id)
    if amount is not None and rules.money_threshold is not None:
        return amount > rules.money_threshold
    if points is not None and rules.points_threshold is not None:
        return points > rules.points_threshold
    return False


@transaction.atomic
def adjustment_request(
    *,
    website_id: int,
    kind: str,
    target,
    reason: str,
    requested_by,
    amount: Decimal | None = None,
    points: int | None = None,
) -> PendingAdjustment:
    hours = approval_settings_get(website_id=website_id).expiry_hours
    adjustment = PendingAdjustment.objects.create(
        website_id=website_id,
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        amount=amount,
        points=points,
        reason=reason[:255],
        requested_by=requested_by,
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    _announce("adjustment.requested", adjustment)
    return adjustment


def _locked_pending(adjustment: PendingAdjustment) -> PendingAdjustment:
    adjustment = PendingAdjustment.objects.select_for_update().get(pk=adjustment.pk)
    if adjustment.status != AdjustmentStatus.PENDING:
        raise AdjustmentAlreadyDecided(status=adjustment.status)
    if adjustment.expires_at <= timezone.now():
        raise AdjustmentExpired()
    return adjustment


def _decide(adjustment: PendingAdjustment, *, status: str, by, note: str) -> None:
    adjustment.status = status
    adjustment.decided_by = by
    adjustment.decided_at = timezone.now()
    adjustment.decision_note = (note or "").strip()[:255]


@transaction.atomic
def adjustment_approve(*, adjustment: PendingAdjustment, approved_by, note: str = ""):
    """Run the original service, exactly once: the row is locked and must still be pending.

    A second decision (or one racing this) is 409 `adjustment_already_decided`; the requester
    cannot approve their own (403). A refusal of the service itself (the wallet no longer
    covers a debit) rolls the approval back and leaves the adjustment pending.
    """
    adjustment = _locked_pending(adjustment)
    if adjustment.requested_by_id == approved_by.pk:
        raise AdjustmentOwnRequest()
    adjustment.result = executor_for(adjustment.kind)(adjustment) or {}
    _decide(adjustment, status=AdjustmentStatus.APPROVED, by=approved_by, note=note)
    adjustment.save()
    _announce("adjustment.approved", adjustment)
    return adjustment


@transaction.atomic
def adjustment_reject(*, adjustment: PendingAdjustment, rejected_by, note: str = ""):
    """Refuse it (the requester may withdraw their own this way); nothing moves."""
    adjustment = _locked_pending(adjustment)
    _decide(adjustment, status=AdjustmentStatus.REJECTED, by=rejected_by, note=note)
    adjustment.save()
    _announce("adjustment.rejected", adjustment)
    return adjustment


@transaction.atomic
def adjustments_expire(*, now=None) -> int:
    """Mark every pending adjustment past its time expired; return how many."""
    now = now or timezone.now()
    expired = list(
        PendingAdjustment.objects.filter(status=AdjustmentStatus.PENDING, expires_at__lte=now)
        .order_by("pk")
        .select_for_update(skip_locked=True)
    )
    for adjustment in expired:
        adjustment.status = AdjustmentStatus.EXPIRED
        adjustment.save(update_fields=["status", "updated_at"])
        _announce("adjustment.expired", adjustment)
    return len(expired)
