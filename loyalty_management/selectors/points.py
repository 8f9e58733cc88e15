"""Reads about points: settings, accounts, the ledger, tiers, progress towards milestones."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from core.money import ZERO
from loyalty_management.models import (
    ClientBadge,
    LoyaltyAccount,
    LoyaltySettings,
    LoyaltyTier,
    LoyaltyTransaction,
    LoyaltyTransactionKind,
    Milestone,
    MilestoneKind,
)
from order_payments_management.models import OrderPayment, PaymentStatus, PaymentType

# Payments that earn points; tips, wallet top-ups and refunds earn nothing.
EARNING_PAYMENT_TYPES = (
    PaymentType.ORDER,
    PaymentType.CLASS_INSTALLMENT,
    PaymentType.CLASS_DEPOSIT,
)


def credit_filter(prefix: str = "") -> Q:
    """Ledger rows that bring new points in (and so can expire): earned, bonus, awarded."""
    return Q(
        **{f"{prefix}kind__in": (LoyaltyTransactionKind.EARN, LoyaltyTransactionKind.BONUS)}
    ) | Q(**{f"{prefix}kind": LoyaltyTransactionKind.ADJUST, f"{prefix}points__gt": 0})


def loyalty_settings_get(*, website_id: int) -> LoyaltySettings:
    """Return the website's settings, or unsaved defaults when none were saved yet."""
    return LoyaltySettings.objects.filter(website_id=website_id).first() or LoyaltySettings(
        website_id=website_id
    )


def loyalty_settings_of(*, website) -> LoyaltySettings:
    """`loyalty_settings_get`'s answer without a query.

    For a website read with `select_related("loyalty_settings")`.
    """
    return getattr(website, "loyalty_settings", None) or LoyaltySettings(website_id=website.pk)


def loyalty_account_find(*, client_id: int, website_id: int) -> LoyaltyAccount | None:
    return (
        LoyaltyAccount.objects.select_related("tier")
        .filter(client_id=client_id, website_id=website_id)
        .first()
    )


def tiers_by_threshold(*, website_id: int) -> list[LoyaltyTier]:
    return list(LoyaltyTier.objects.filter(website_id=website_id).order_by("min_lifetime_points"))


def tier_for_lifetime(*, tiers: list[LoyaltyTier], lifetime_points: int) -> LoyaltyTier | None:
    """Return the highest tier whose threshold `lifetime_points` reaches (tiers by threshold)."""
    reached = [tier for tier in tiers if tier.min_lifetime_points <= lifetime_points]
    return reached[-1] if reached else None


def tier_next(*, tiers: list[LoyaltyTier], lifetime_points: int) -> LoyaltyTier | None:
    return next((tier for tier in tiers if tier.min_lifetime_points > lifetime_points), None)


@dataclass(frozen=True)
class PaymentTotals:
    orders_paid: int
    amount_spent: Decimal


def client_payment_totals(*, client_id: int, website_id: int) -> PaymentTotals:
    """Orders paid and amount spent by a client: completed payments that earn points."""
    totals = OrderPayment.objects.filter(
        client_id=client_id,
        website_id=website_id,
        status=PaymentStatus.COMPLETED,
        payment_type__in=EARNING_PAYMENT_TYPES,
    ).aggregate(
        orders=Count("order", distinct=True, filter=Q(payment_type=PaymentType.ORDER)),
        spent=Coalesce(Sum("amount"), Value(ZERO)),
    )
    return PaymentTotals(orders_paid=totals["orders"], amount_spent=totals["spent"])


def milestones_unreached(*, account: LoyaltyAccount) -> list[Milestone]:
    """Active milestones of the account's website the client has not reached yet."""
    reached = ClientBadge.objects.filter(
        client_id=account.client_id, website_id=account.website_id, milestone__isnull=False
    ).values("milestone_id")
    return list(
        Milestone.objects.filter(website_id=account.website_id, is_active=True)
        .exclude(pk__in=reached)
        .select_related("badge")
        .order_by("threshold", "id")
    )


def milestones_reached(*, account: LoyaltyAccount) -> list[ClientBadge]:
    """The milestone badges the client holds on the account's website, with their milestones."""
    return list(
        ClientBadge.objects.filter(
            client_id=account.client_id, website_id=account.website_id, milestone__isnull=False
        )
        .select_related("milestone")
        .order_by("-milestone__threshold", "-id")
    )


def milestone_bonus_outstanding(*, account: LoyaltyAccount, milestone: Milestone) -> int:
    """The milestone's bonus points the account got and has not had reversed (0 or the bonus)."""
    return LoyaltyTransaction.objects.filter(
        account=account,
        milestone=milestone,
        kind__in=(LoyaltyTransactionKind.BONUS, LoyaltyTransactionKind.REVERSAL),
    ).aggregate(
        net=Coalesce(Sum("points"), 0)
        + Coalesce(Sum("shortfall", filter=Q(kind=LoyaltyTransactionKind.REVERSAL)), 0)
    )["net"]


def milestone_progress(*, milestone: Milestone, account: LoyaltyAccount, totals) -> Decimal:
    """The client's value of the milestone's measure (`totals` is loaded only when needed)."""
    if milestone.kind == MilestoneKind.LIFETIME_POINTS:
        return Decimal(account.lifetime_points)
    if milestone.kind == MilestoneKind.ORDERS_PAID:
        return Decimal(totals().orders_paid)
    return totals().amount_spent


def points_expirable(*, account: LoyaltyAccount, cutoff) -> int:
    """Points credited before `cutoff` that are still unspent, spending the oldest first.

    Whatever left the balance (spent, deducted, taken back, expired) is taken from the oldest
    credits first, so the old credits still unspent are `old credits - (all credits - balance)`.
    Held points never expire: the result is at most what is available.
    """
    sums = LoyaltyTransaction.objects.filter(account=account).aggregate(
        credits=Coalesce(Sum("points", filter=credit_filter()), 0),
        old_credits=Coalesce(Sum("points", filter=credit_filter() & Q(created_at__lt=cutoff)), 0),
    )
    consumed = sums["credits"] - account.points_balance
    return max(0, min(sums["old_credits"] - consumed, account.points_available))


def accounts_with_expirable_points(*, website_id: int, cutoff) -> QuerySet[LoyaltyAccount]:
    """Accounts of the website with points credited before `cutoff` still unspent and free."""
    credits = credit_filter("transactions__")
    return (
        LoyaltyAccount.objects.filter(website_id=website_id, points_balance__gt=F("points_held"))
        .annotate(
            credits=Coalesce(Sum("transactions__points", filter=credits), 0),
            old_credits=Coalesce(
                Sum(
                    "transactions__points", filter=credits & Q(transactions__created_at__lt=cutoff)
                ),
                0,
            ),
        )
        .filter(old_credits__gt=F("credits") - F("points_balance"))
        .order_by("id")
    )


@dataclass(frozen=True)
class LoyaltySummary:
    points_balance: int
    points_held: int
    points_available: int
    points_debt: int
    lifetime_points: int
    tier: LoyaltyTier | None
    next_tier: LoyaltyTier | None
    points_to_next_tier: int | None
    badges: list[ClientBadge]


def loyalty_summary_get(*, client) -> LoyaltySummary:
    """A client's points, tier, next tier and badges on their website (zeros before any points)."""
    account = loyalty_account_find(client_id=client.pk, website_id=client.website_id)
    tiers = tiers_by_threshold(website_id=client.website_id)
    lifetime = account.lifetime_points if account else 0
    next_tier = tier_next(tiers=tiers, lifetime_points=lifetime)
    badges = list(
        ClientBadge.objects.filter(client_id=client.pk, website_id=client.website_id)
        .select_related("badge")
        .order_by("awarded_at", "id")
    )
    return LoyaltySummary(
        points_balance=account.points_balance if account else 0,
        points_held=account.points_held if account else 0,
        points_available=account.points_available if account else 0,
        points_debt=account.points_debt if account else 0,
        lifetime_points=lifetime,
        tier=account.tier if account else None,
        next_tier=next_tier,
        points_to_next_tier=next_tier.min_lifetime_points - lifetime if next_tier else None,
        badges=badges,
    )
