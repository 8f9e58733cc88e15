"""Points in and out: payments earn, refunds take back, admins award and deduct, time expires."""

import calendar
import logging
from datetime import datetime
from decimal import ROUND_FLOOR, Decimal

from django.db import transaction
from django.utils import timezone

from core.exceptions import DomainError
from loyalty_management.exceptions import InsufficientPoints, ReasonRequired
from loyalty_management.models import (
    LoyaltyAccount,
    LoyaltySettings,
    LoyaltyTransaction,
    LoyaltyTransactionKind,
)
from loyalty_management.selectors.points import (
    EARNING_PAYMENT_TYPES,
    accounts_with_expirable_points,
    loyalty_account_find,
    loyalty_settings_get,
    points_expirable,
)
from loyalty_management.services.ledger import (
    loyalty_account_get_or_create,
    loyalty_account_lock,
    points_ledger_append,
    points_take_back,
)
from loyalty_management.services.progress import (
    account_progress_update,
    account_tier_recompute,
    milestones_reverse,
)
from order_payments_management.models import OrderPayment, PaymentStatus

logger = logging.getLogger(__name__)

MAX_ADJUSTMENT = 1_000_000


def points_for_amount(*, amount: Decimal, rate: Decimal, multiplier: Decimal) -> int:
    """Return `amount * rate * multiplier` points, rounded down to a whole point."""
    return int((amount * rate * multiplier).to_integral_value(rounding=ROUND_FLOOR))


@transaction.atomic
def points_earn_for_payment(*, payment: OrderPayment) -> LoyaltyTransaction | None:
    """Credit the points a completed payment earns, once per payment however often it is sent.

    Order and class payments earn `amount * rate * tier multiplier` (rounded down); other
    payments, an inactive program, or a payment no longer completed earn nothing (None).
    """
    payment = OrderPayment.objects.select_related("client", "website").get(pk=payment.pk)
    if (
        payment.payment_type not in EARNING_PAYMENT_TYPES
        or payment.status != PaymentStatus.COMPLETED
    ):
        return None
    settings = loyalty_settings_get(website_id=payment.website_id)
    if not settings.is_active or not payment.client.is_client:
        return None
    account = loyalty_account_get_or_create(client=payment.client, website=payment.website)
    account = loyalty_account_lock(account_id=account.pk)
    # Under the account lock, so a concurrent second delivery waits here and then sees the row.
    if LoyaltyTransaction.objects.filter(
        kind=LoyaltyTransactionKind.EARN, payment=payment
    ).exists():
        return None
    account = account_tier_recompute(account=account)  # in case the tiers changed since
    multiplier = account.tier.multiplier if account.tier else Decimal(1)
    points = points_for_amount(
        amount=payment.amount, rate=settings.points_per_currency_unit, multiplier=multiplier
    )
    if points <= 0:
        return None
    earned = points_ledger_append(
        account=account,
        kind=LoyaltyTransactionKind.EARN,
        points=points,
        lifetime_change=points,
        payment=payment,
        reason=(
            f"{payment.get_payment_type_display()} payment {payment.reference}: "
            f"{payment.amount} x {settings.points_per_currency_unit} x {multiplier}"
        ),
    )
    account_progress_update(account=account)
    return earned


@transaction.atomic
def points_refund_for_payment(*, payment: OrderPayment) -> LoyaltyTransaction | None:
    """Take back what a refunded payment brought the client, once however often it is sent.

    The points it earned come back from the available points; what was already spent or held
    becomes a debt that the next points pay first (the row's `shortfall`). Lifetime points lose
    everything the payment earned, so the tier may drop, and every milestone the client no
    longer reaches without the payment is revoked with its bonus (`milestones_reverse`).
    Returns the refund row, or None when the payment earned nothing.
    """
    payment = OrderPayment.objects.get(pk=payment.pk)
    if (
        payment.payment_type not in EARNING_PAYMENT_TYPES
        or payment.status != PaymentStatus.REFUNDED
    ):
        return None
    account = loyalty_account_find(client_id=payment.client_id, website_id=payment.website_id)
    if account is None:
        return None
    account = loyalty_account_lock(account_id=account.pk)
    # Under the account lock, so a concurrent second delivery waits here and then sees the row.
    if LoyaltyTransaction.objects.filter(
        kind=LoyaltyTransactionKind.REFUND, payment=payment
    ).exists():
        return None
    earned = LoyaltyTransaction.objects.filter(
        kind=LoyaltyTransactionKind.EARN, payment=payment
    ).first()
    refund = None
    if earned is not None:
        refund = points_take_back(
            account=account,
            points=earned.points,
            kind=LoyaltyTransactionKind.REFUND,
            lifetime_change=-earned.points,
            payment=payment,
            reason=f"Payment {payment.reference} refunded: {earned.points} points taken back",
        )
    milestones_reverse(account=account)
    account_tier_recompute(account=account)
    return refund


def _adjustment_checked(*, points: int, reason: str) -> str:
    if isinstance(points, bool) or not isinstance(points, int) or not 1 <= points <= MAX_ADJUSTMENT:
        raise DomainError(
            f"Points are a whole number from 1 to {MAX_ADJUSTMENT}.", field="points", code="invalid"
        )
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired
    return reason


@transaction.atomic
def points_award(*, client, points: int, reason: str, awarded_by) -> LoyaltyTransaction:
    """Give a client points (an audited `adjust` row); they count towards the tier."""
    reason = _adjustment_checked(points=points, reason=reason)
    account = loyalty_account_get_or_create(client=client, website=client.website)
    account = loyalty_account_lock(account_id=account.pk)
    awarded = points_ledger_append(
        account=account,
        kind=LoyaltyTransactionKind.ADJUST,
        points=points,
        lifetime_change=points,
        reason=reason,
        created_by=awarded_by,
    )
    account_progress_update(account=account)
    return awarded


@transaction.atomic
def points_deduct(*, client, points: int, reason: str, deducted_by) -> LoyaltyTransaction:
    """Take points from a client (an audited `adjust` row); never more than are available."""
    reason = _adjustment_checked(points=points, reason=reason)
    account = loyalty_account_get_or_create(client=client, website=client.website)
    account = loyalty_account_lock(account_id=account.pk)
    if points > account.points_available:
        raise InsufficientPoints(needed=points, available=account.points_available)
    return points_ledger_append(
        account=account,
        kind=LoyaltyTransactionKind.ADJUST,
        points=-points,
        reason=reason,
        created_by=deducted_by,
    )


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` earlier (the month's last day when it is shorter)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@transaction.atomic
def account_points_expire(
    *, account: LoyaltyAccount, cutoff: datetime, months: int
) -> LoyaltyTransaction | None:
    """Expire the account's points credited before `cutoff` and still unspent (never held ones)."""
    account = loyalty_account_lock(account_id=account.pk)
    expiring = points_expirable(account=account, cutoff=cutoff)
    if expiring <= 0:
        return None
    return points_ledger_append(
        account=account,
        kind=LoyaltyTransactionKind.EXPIRE,
        points=-expiring,
        reason=f"Points earned before {cutoff.date().isoformat()} expired ({months}-month expiry)",
    )


def points_expire(*, now: datetime | None = None) -> int:
    """Expire unspent points past every website's expiry; return how many points expired.

    Safe to run twice: expired points are spent, so a second run finds nothing to expire.
    """
    now = now or timezone.now()
    expired = 0
    programs = LoyaltySettings.objects.filter(
        is_active=True, points_expiry_months__isnull=False
    ).order_by("website_id")
    for settings in programs:
        cutoff = months_before(now, settings.points_expiry_months)
        for account in accounts_with_expirable_points(
            website_id=settings.website_id, cutoff=cutoff
        ):
            row = account_points_expire(
                account=account, cutoff=cutoff, months=settings.points_expiry_months
            )
            if row is not None:
                expired -= row.points
    if expired:
        logger.info("Expired %s loyalty points", expired)
    return expired
