"""The redemption workflow: request (hold), approve (spend), fulfil, reject, cancel.

States: pending → approved → fulfilled; pending → rejected; pending | approved → cancelled.
Lock order, everywhere: request, then item, then account. The state is checked under the
request's lock, so two reviewers cannot both decide, and every hold is released (or every spend
refunded) exactly once. Discount, cash and voucher items are approved and fulfilled at once.
"""

from django.db import transaction
from django.utils import timezone

from core.exceptions import DomainError, NotFound
from core.outbox import emit_for, row_payload
from loyalty_management.exceptions import (
    ReasonRequired,
    RedemptionRefused,
    RedemptionTransitionRefused,
)
from loyalty_management.models import (
    ADMIN_DETAIL_KEYS,
    INSTANT_REDEMPTION_TYPES,
    REDEMPTION_LIVE_STATUSES,
    LoyaltyAccount,
    LoyaltyTransactionKind,
    RedemptionItem,
    RedemptionRequest,
    RedemptionStatus,
)
from loyalty_management.selectors.points import loyalty_settings_of
from loyalty_management.selectors.policies import active_policies, client_facts, policies_decide
from loyalty_management.selectors.redemption import redemption_check
from loyalty_management.services.fulfilment import redemption_fulfil_at_once
from loyalty_management.services.ledger import (
    loyalty_account_lock,
    loyalty_account_open_locked,
    points_ledger_append,
)


def _locked(
    redemption: RedemptionRequest,
) -> tuple[RedemptionRequest, RedemptionItem, LoyaltyAccount]:
    """Lock the request, its item and its account, in that order."""
    redemption = RedemptionRequest.objects.select_for_update().get(pk=redemption.pk)
    item = (
        RedemptionItem.objects.select_for_update(of=("self",))
        .select_related("category")
        .get(pk=redemption.item_id)
    )
    account = loyalty_account_lock(account_id=redemption.account_id)
    return redemption, item, account


def _stock_take(item: RedemptionItem) -> None:
    if item.stock_quantity is not None:
        item.stock_quantity -= 1
        item.save(update_fields=["stock_quantity", "updated_at"])


def _stock_restore(item: RedemptionItem) -> None:
    if item.stock_quantity is not None:
        item.stock_quantity += 1
        item.save(update_fields=["stock_quantity", "updated_at"])


def _spend(*, redemption, item, account, approved_by) -> None:
    """Spend the held points (balance and held both drop) and count the redemption."""
    points_ledger_append(
        account=account,
        kind=LoyaltyTransactionKind.REDEEM,
        points=-redemption.points_used,
        held_change=-redemption.points_used,
        redemption=redemption,
        created_by=approved_by,
        reason=f"Redeemed for {item.name} (request {redemption.pk})",
    )
    item.total_redemptions += 1
    item.save(update_fields=["total_redemptions", "updated_at"])
    redemption.status = RedemptionStatus.APPROVED
    redemption.approved_at = timezone.now()
    redemption.approved_by = approved_by


REDEMPTION_EVENT_FIELDS = (
    "id",
    "client_id",
    "item_id",
    "points_used",
    "status",
    "approved_at",
    "fulfilled_at",
    "rejected_at",
    "rejection_reason",
    "cancelled_at",
    "cancellation_reason",
    "requested_at",
)


def _announce(event_type: str, redemption: RedemptionRequest) -> None:
    emit_for(event_type, redemption, row_payload(redemption, REDEMPTION_EVENT_FIELDS))


@transaction.atomic
def redemption_create(
    *, client, item_id: int, fulfillment_details: dict | None = None
) -> RedemptionRequest:
    """Request an item: check every rule under row locks, then hold the points and one unit.

    The item must belong to the client's website (404 otherwise). Discount, cash and voucher
    items are approved and fulfilled in the same transaction; product and service items wait
    for an admin. A refusal raises `RedemptionRefused` whose code is the `can_redeem.reason`.
    The client's `fulfillment_details` may not set the keys the admin side writes (400).
    """
    reserved = sorted(ADMIN_DETAIL_KEYS & set(fulfillment_details or {}))
    if reserved:
        raise DomainError(
            f"These details are written by the website, not by a request: {', '.join(reserved)}.",
            field="fulfillment_details",
            code="reserved_detail_key",
        )
    item = (
        RedemptionItem.objects.select_for_update(of=("self",))
        .select_related("category", "website__loyalty_settings")
        .filter(pk=item_id, website_id=client.website_id)
        .first()
    )
    if item is None:
        raise NotFound("No such item.", field="item_id")
    account = loyalty_account_open_locked(client=client, website=item.website)
    check = redemption_check(
        item=item,
        program_active=loyalty_settings_of(website=item.website).is_active,
        points_available=account.points_available,
        tier_level=account.tier.rank if account.tier else 0,
        client_live_requests=RedemptionRequest.objects.filter(
            client=client, item=item, status__in=REDEMPTION_LIVE_STATUSES
        ).count(),
    )
    if not check.can_redeem:
        raise RedemptionRefused(check.message, code=check.reason)
    redemption = RedemptionRequest.objects.create(
        website_id=item.website_id,
        client=client,
        account=account,
        item=item,
        points_used=item.points_required,
        fulfillment_details=fulfillment_details or {},
    )
    points_ledger_append(
        account=account,
        kind=LoyaltyTransactionKind.HOLD,
        held_change=redemption.points_used,
        redemption=redemption,
        created_by=client,
        reason=f"Held for {item.name} (request {redemption.pk})",
    )
    _stock_take(item)
    _announce("redemption.requested", redemption)
    if item.redemption_type in INSTANT_REDEMPTION_TYPES:
        _spend(redemption=redemption, item=item, account=account, approved_by=None)
        _announce("redemption.approved", redemption)
        redemption_fulfil_at_once(redemption=redemption, item=item)
        redemption.save()
        if redemption.status == RedemptionStatus.FULFILLED:
            _announce("redemption.fulfilled", redemption)
    else:
        _policies_decide(redemption=redemption, item=item, account=account)
    return redemption


def _policies_decide(*, redemption, item, account) -> None:
    """Approve at once when one active policy of the website allows every rule.

    Otherwise record why (machine codes) for the reviewer; without active policies nothing runs.
    """
    policies = active_policies(website_id=item.website_id)
    if not policies:
        return
    windows = {p.recent_days for p in policies if p.max_recent_requests is not None}
    facts = client_facts(
        client=redemption.client,
        tier_rank=account.tier.rank if account.tier else 0,
        windows=windows,
        before=redemption.requested_at,
    )
    policy, reasons = policies_decide(
        policies, item=item, points=redemption.points_used, facts=facts
    )
    if policy is None:
        redemption.review_reasons = reasons
        redemption.save(update_fields=["review_reasons", "updated_at"])
        return
    _spend(redemption=redemption, item=item, account=account, approved_by=None)
    redemption.approved_by_policy_id = policy.pk
    redemption.review_reasons = []
    redemption.save(
        update_fields=[
            "status",
            "approved_at",
            "approved_by",
            "approved_by_policy_id",
            "review_reasons",
            "updated_at",
        ]
    )
    _announce("redemption.approved", redemption)


@transaction.atomic
def redemption_approve(
    *, redemption: RedemptionRequest, approved_by, note: str = ""
) -> RedemptionRequest:
    """Approve a pending request: the held points are spent."""
    redemption, item, account = _locked(redemption)
    if redemption.status != RedemptionStatus.PENDING:
        raise RedemptionTransitionRefused(
            current=redemption.status, target=RedemptionStatus.APPROVED
        )
    _spend(redemption=redemption, item=item, account=account, approved_by=approved_by)
    if note.strip():
        redemption.fulfillment_details = {
            **redemption.fulfillment_details,
            "approval_note": note.strip(),
        }
    redemption.save(
        update_fields=["status", "approved_at", "approved_by", "fulfillment_details", "updated_at"]
    )
    _announce("redemption.approved", redemption)
    return redemption


@transaction.atomic
def redemption_fulfill(
    *, redemption: RedemptionRequest, fulfilled_by, fulfillment_details: dict | None = None
) -> RedemptionRequest:
    """Mark an approved request delivered, recording how (e.g. a tracking number)."""
    redemption = RedemptionRequest.objects.select_for_update().get(pk=redemption.pk)
    if redemption.status != RedemptionStatus.APPROVED:
        raise RedemptionTransitionRefused(
            current=redemption.status, target=RedemptionStatus.FULFILLED
        )
    redemption.fulfillment_details = {
        **redemption.fulfillment_details,
        **(fulfillment_details or {}),
    }
    redemption.status = RedemptionStatus.FULFILLED
    redemption.fulfilled_at = timezone.now()
    redemption.fulfilled_by = fulfilled_by
    redemption.save(
        update_fields=[
            "status",
            "fulfilled_at",
            "fulfilled_by",
            "fulfillment_details",
            "updated_at",
        ]
    )
    _announce("redemption.fulfilled", redemption)
    return redemption


@transaction.atomic
def redemption_reject(
    *, redemption: RedemptionRequest, rejected_by, reason: str
) -> RedemptionRequest:
    """Reject a pending request: its points and its unit of stock are released."""
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired
    redemption, item, account = _locked(redemption)
    if redemption.status != RedemptionStatus.PENDING:
        raise RedemptionTransitionRefused(
            current=redemption.status, target=RedemptionStatus.REJECTED
        )
    points_ledger_append(
        account=account,
        kind=LoyaltyTransactionKind.RELEASE,
        held_change=-redemption.points_used,
        redemption=redemption,
        created_by=rejected_by,
        reason=f"Request {redemption.pk} rejected: {reason}",
    )
    _stock_restore(item)
    redemption.status = RedemptionStatus.REJECTED
    redemption.rejected_at = timezone.now()
    redemption.rejected_by = rejected_by
    redemption.rejection_reason = reason[:255]
    redemption.save(
        update_fields=["status", "rejected_at", "rejected_by", "rejection_reason", "updated_at"]
    )
    _announce("redemption.rejected", redemption)
    return redemption


@transaction.atomic
def redemption_cancel(
    *, redemption: RedemptionRequest, cancelled_by, reason: str = ""
) -> RedemptionRequest:
    """Cancel a request that is not delivered yet.

    A pending request (its client or an admin) releases its held points and its unit of stock.
    An approved one (admins only) gets its spent points refunded and its unit back.
    """
    reason = (reason or "").strip()
    redemption, item, account = _locked(redemption)
    by_staff = cancelled_by is not None and cancelled_by.is_staff_role
    suffix = f": {reason}" if reason else ""
    if redemption.status == RedemptionStatus.PENDING:
        points_ledger_append(
            account=account,
            kind=LoyaltyTransactionKind.RELEASE,
            held_change=-redemption.points_used,
            redemption=redemption,
            created_by=cancelled_by,
            reason=f"Request {redemption.pk} cancelled{suffix}",
        )
    elif redemption.status == RedemptionStatus.APPROVED and by_staff:
        points_ledger_append(
            account=account,
            kind=LoyaltyTransactionKind.REFUND,
            points=redemption.points_used,
            redemption=redemption,
            created_by=cancelled_by,
            reason=f"Approved request {redemption.pk} cancelled, points refunded{suffix}",
        )
        item.total_redemptions = max(item.total_redemptions - 1, 0)
        item.save(update_fields=["total_redemptions", "updated_at"])
    else:
        raise RedemptionTransitionRefused(
            current=redemption.status, target=RedemptionStatus.CANCELLED
        )
    _stock_restore(item)
    redemption.status = RedemptionStatus.CANCELLED
    redemption.cancelled_at = timezone.now()
    redemption.cancelled_by = cancelled_by
    redemption.cancellation_reason = reason[:255]
    redemption.save(
        update_fields=[
            "status",
            "cancelled_at",
            "cancelled_by",
            "cancellation_reason",
            "updated_at",
        ]
    )
    _announce("redemption.cancelled", redemption)
    return redemption
