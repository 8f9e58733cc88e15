"""Program analytics over already scoped querysets, by calendar day in the reporting time zone."""

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User
from core.money import HUNDRED, round_2
from core.reporting import local_date, local_day, on_websites_local_days, reporting_zone
from loyalty_management.models import (
    LoyaltyAccount,
    LoyaltyTier,
    LoyaltyTransaction,
    LoyaltyTransactionKind,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)
from loyalty_management.selectors.points import credit_filter
from loyalty_management.selectors.policies import sla_due

TOP_ITEMS = 10
# Requests that were (or may still be) redeemed; rejected and cancelled ones were not.
_REDEEMING = Q(
    status__in=(RedemptionStatus.PENDING, RedemptionStatus.APPROVED, RedemptionStatus.FULFILLED)
)


def analytics_window(
    *, days: int, now: datetime | None = None, website_id: int | None = None
) -> tuple[date, date]:
    """The last `days` calendar days up to today on `website_id`'s calendar: (first, last).

    Without a website (several websites' rows), the deployment's today ends the window and each
    row is placed on its own website's calendar.
    """
    today = local_day(now or timezone.now(), zone=reporting_zone(website_id))
    return today - timedelta(days=days - 1), today


def _point_sums() -> dict:
    return {
        "issued": Coalesce(Sum("points", filter=credit_filter()), 0),
        "spent": Coalesce(Sum("points", filter=Q(kind=LoyaltyTransactionKind.REDEEM)), 0),
        "given_back": Coalesce(
            Sum(
                "points",
                filter=Q(kind=LoyaltyTransactionKind.REFUND, redemption__isnull=False),
            ),
            0,
        ),
        "expired": Coalesce(Sum("points", filter=Q(kind=LoyaltyTransactionKind.EXPIRE)), 0),
    }


def _points(row: dict) -> dict:
    """Issued, redeemed (net of refunded redemptions) and expired, as positive numbers."""
    return {
        "issued": row["issued"],
        "redeemed": -row["spent"] - row["given_back"],
        "expired": -row["expired"],
    }


def loyalty_analytics_get(
    *,
    transactions: QuerySet,
    requests: QuerySet,
    accounts: QuerySet,
    tiers: QuerySet,
    clients: QuerySet,
    days: int,
    now: datetime | None = None,
    website_id: int | None = None,
) -> dict:
    """Report on the program over the last `days` calendar days.

    Points issued, redeemed and expired in the window, the outstanding liability, redemptions by
    status, type and category, the top items, the tier distribution, a zero-filled daily trend
    and engagement. Each queryset argument is already narrowed to what the caller may see;
    `website_id` names the one website they are of (None: several, each on its own calendar).
    """
    first_day, last_day = analytics_window(days=days, now=now, website_id=website_id)
    window_transactions = transactions.filter(
        on_websites_local_days("created_at", first_day, None, website_id=website_id)
    )
    window_requests = requests.filter(
        on_websites_local_days("requested_at", first_day, None, website_id=website_id)
    )

    points = _points(window_transactions.aggregate(**_point_sums()))
    liability = accounts.aggregate(
        outstanding=Coalesce(Sum("points_balance"), 0), held=Coalesce(Sum("points_held"), 0)
    )
    points.update(outstanding=liability["outstanding"], held=liability["held"])

    by_status = dict.fromkeys(RedemptionStatus.values, 0)
    for row in window_requests.values("status").annotate(n=Count("id")).order_by():
        by_status[row["status"]] = row["n"]
    by_type = dict.fromkeys(RedemptionType.values, 0)
    for row in window_requests.values("item__redemption_type").annotate(n=Count("id")).order_by():
        by_type[row["item__redemption_type"]] = row["n"]
    by_category = [
        {
            "category_id": row["item__category_id"],
            "name": row["item__category__name"],
            "requests": row["requests"],
            "points": row["points"],
        }
        for row in window_requests.values("item__category_id", "item__category__name")
        .annotate(requests=Count("id"), points=Coalesce(Sum("points_used"), 0))
        .order_by("-requests", "item__category__name", "item__category_id")
    ]
    top_items = [
        {
            "item_id": row["item_id"],
            "name": row["item__name"],
            "redemption_type": row["item__redemption_type"],
            "redemptions": row["redemptions"],
            "points": row["points"],
        }
        for row in window_requests.filter(_REDEEMING)
        .values("item_id", "item__name", "item__redemption_type")
        .annotate(redemptions=Count("id"), points=Coalesce(Sum("points_used"), 0))
        .order_by("-redemptions", "-points", "item__name", "item_id")[:TOP_ITEMS]
    ]

    per_tier = {
        row["tier_id"]: row["n"]
        for row in accounts.values("tier_id").annotate(n=Count("id")).order_by()
    }
    tier_distribution = [
        {
            "tier_id": tier.pk,
            "website_id": tier.website_id,
            "name": tier.name,
            "rank": tier.rank,
            "clients": per_tier.get(tier.pk, 0),
        }
        for tier in tiers.order_by("website_id", "rank")
    ]
    tier_distribution.append(
        {
            "tier_id": None,
            "website_id": None,
            "name": None,
            "rank": 0,
            "clients": per_tier.get(None, 0),
        }
    )

    daily_points = {
        row["day"]: _points(row)
        for row in window_transactions.annotate(day=local_date("created_at", website_id=website_id))
        .values("day")
        .annotate(**_point_sums())
        .order_by("day")
    }
    daily_requests = {
        row["day"]: row["n"]
        for row in window_requests.annotate(day=local_date("requested_at", website_id=website_id))
        .values("day")
        .annotate(n=Count("id"))
        .order_by("day")
    }
    empty = {"issued": 0, "redeemed": 0, "expired": 0}
    daily_trend = []
    for offset in range(days):
        day = first_day + timedelta(days=offset)
        daily = daily_points.get(day, empty)
        daily_trend.append(
            {
                "date": day,
                "points_issued": daily["issued"],
                "points_redeemed": daily["redeemed"],
                "points_expired": daily["expired"],
                "requests": daily_requests.get(day, 0),
            }
        )

    review = _review_times(window_requests, now=now)

    # Every request writes a ledger row, so ledger activity covers redemption activity too.
    active = window_transactions.values("account__client_id").distinct().count()
    total = clients.count()
    return {
        "period": {
            "days": days,
            "date_from": first_day,
            "date_to": last_day,
            "time_zone": reporting_zone(website_id).key,
        },
        "points": points,
        "redemptions": {
            "total": sum(by_status.values()),
            "by_status": by_status,
            "by_type": by_type,
            "by_category": by_category,
        },
        "review": review,
        "top_items": top_items,
        "tier_distribution": tier_distribution,
        "daily_trend": daily_trend,
        "engagement": {
            "active_clients": active,
            "total_clients": total,
            "rate_percent": round_2(Decimal(active) * HUNDRED / total) if total else round_2(0),
        },
    }


def _percentile(sorted_hours: list[Decimal], share: int) -> Decimal | None:
    """The nearest-rank percentile (`share` of 100) of sorted values; None for none."""
    if not sorted_hours:
        return None
    rank = max(1, -(-share * len(sorted_hours) // 100))
    return sorted_hours[rank - 1]


def _review_times(requests: QuerySet, *, now: datetime | None) -> dict:
    """How fast admins decide the requests left for review, against the website's SLA.

    A decision is an admin's approval or a rejection; requests approved by a policy or at once
    (instant types) were never reviewed. Hours are rounded to two places.
    """
    moment = now or timezone.now()
    rows = requests.annotate(sla_due_at=sla_due()).values_list(
        "requested_at",
        "approved_at",
        "approved_by_id",
        "rejected_at",
        "sla_due_at",
        "status",
        "approved_by_policy_id",
    )
    hours, within, overdue, auto = [], 0, 0, 0
    for requested, approved, approver, rejected, due, status, policy in rows:
        if policy is not None:
            auto += 1
        decided = approved if approver is not None else rejected
        if decided is not None:
            hours.append(round_2(Decimal((decided - requested).total_seconds()) / 3600))
            within += decided <= due
        elif status == RedemptionStatus.PENDING and due < moment:
            overdue += 1
    hours.sort()
    return {
        "decided": len(hours),
        "auto_approved": auto,
        "hours_p50": _percentile(hours, 50),
        "hours_p90": _percentile(hours, 90),
        "hours_p99": _percentile(hours, 99),
        "within_sla_percent": round_2(Decimal(within) * HUNDRED / len(hours)) if hours else None,
        "pending_overdue": overdue,
    }


def loyalty_analytics_for(*, user, website_id: int | None, days: int) -> dict:
    """The analytics of what `user` may see, narrowed to one website when given."""

    def scoped(queryset):
        queryset = queryset.visible_to(user)
        return queryset if website_id is None else queryset.for_website(website_id)

    if website_id is None and not user.is_superadmin:
        website_id = user.website_id

    return loyalty_analytics_get(
        transactions=scoped(LoyaltyTransaction.objects),
        requests=scoped(RedemptionRequest.objects),
        accounts=scoped(LoyaltyAccount.objects),
        tiers=scoped(LoyaltyTier.objects),
        clients=scoped(User.objects).clients(),
        days=days,
        website_id=website_id,
    )
