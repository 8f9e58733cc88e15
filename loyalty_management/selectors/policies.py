"""Reads behind auto-approval: a website's active policies, and what they check about a client."""

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Count, DateTimeField, DurationField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.money import to_cents
from loyalty_management.models import RedemptionPolicy, RedemptionRequest
from order_payments_management.models import OrderPayment, PaymentStatus

_ACTIVE_KEY = "loyalty:active-policies:{}"
_ACTIVE_SECONDS = 300

# The machine codes a request is left for review with: one per rule a policy refused.
ITEM_TYPE = "item_type_not_allowed"
POINTS = "points_above_limit"
TIER = "tier_below_minimum"
ACCOUNT_AGE = "account_too_new"
RECENT = "too_many_recent_requests"
REFUND_RATE = "refund_rate_above_limit"
NO_POLICY = "no_active_policy"


def active_policies(*, website_id: int) -> list[RedemptionPolicy]:
    """The website's active policies (cached; retired when a policy changes)."""
    key = _ACTIVE_KEY.format(website_id)
    cached = cache.get(key)
    if cached is not None:
        return cached
    found = list(RedemptionPolicy.objects.filter(website_id=website_id, is_active=True))
    cache.set(key, found, _ACTIVE_SECONDS)
    return found


def active_policies_changed(*, website_id: int) -> None:
    cache.delete(_ACTIVE_KEY.format(website_id))


DEFAULT_SLA_HOURS = 24


def sla_due():
    """`requested_at` plus the website's review SLA (24 h without settings)."""
    hours = Coalesce(F("website__loyalty_settings__review_sla_hours"), Value(DEFAULT_SLA_HOURS))
    span = ExpressionWrapper(hours * Value(timedelta(hours=1)), output_field=DurationField())
    return ExpressionWrapper(F("requested_at") + span, output_field=DateTimeField())


@dataclass(frozen=True)
class ClientFacts:
    account_age_days: int
    tier_rank: int
    refund_rate: Decimal
    recent_requests: dict  # days -> earlier requests in that many days


def client_facts(*, client, tier_rank: int, windows: set[int], before=None) -> ClientFacts:
    """What the policies check about a client, as of `before` (now by default)."""
    moment = before or timezone.now()
    payments = OrderPayment.objects.filter(client=client).aggregate(
        completed=Count("pk", filter=Q(status=PaymentStatus.COMPLETED)),
        refunded=Count("pk", filter=Q(status=PaymentStatus.REFUNDED)),
    )
    paid = payments["completed"] + payments["refunded"]
    rate = to_cents(Decimal(payments["refunded"] * 100) / paid) if paid else Decimal("0.00")
    recent = {}
    if windows:
        earliest = moment - timedelta(days=max(windows))
        times = list(
            RedemptionRequest.objects.filter(
                client=client, requested_at__gte=earliest, requested_at__lt=moment
            ).values_list("requested_at", flat=True)
        )
        recent = {days: sum(t >= moment - timedelta(days=days) for t in times) for days in windows}
    return ClientFacts(
        account_age_days=(moment - client.date_joined).days,
        tier_rank=tier_rank,
        refund_rate=rate,
        recent_requests=recent,
    )


def policy_refusals(policy: RedemptionPolicy, *, item, points: int, facts: ClientFacts) -> list:
    """The codes of the policy's rules this request breaks (empty: the policy approves it)."""
    found = []
    if policy.item_types and item.redemption_type not in policy.item_types:
        found.append(ITEM_TYPE)
    if policy.max_points is not None and points > policy.max_points:
        found.append(POINTS)
    if policy.min_tier_rank is not None and facts.tier_rank < policy.min_tier_rank:
        found.append(TIER)
    if (
        policy.min_account_age_days is not None
        and facts.account_age_days < policy.min_account_age_days
    ):
        found.append(ACCOUNT_AGE)
    if (
        policy.max_recent_requests is not None
        and facts.recent_requests.get(policy.recent_days, 0) > policy.max_recent_requests
    ):
        found.append(RECENT)
    if policy.max_refund_rate is not None and facts.refund_rate > policy.max_refund_rate:
        found.append(REFUND_RATE)
    return found


def policies_decide(policies, *, item, points: int, facts: ClientFacts):
    """(the first policy that approves, None) or (None, every refusal code, sorted)."""
    refusals: set[str] = set()
    for policy in policies:
        broken = policy_refusals(policy, item=item, points=points, facts=facts)
        if not broken:
            return policy, []
        refusals.update(broken)
    return None, sorted(refusals) or [NO_POLICY]


def policy_dry_run(policy: RedemptionPolicy, *, days: int) -> dict:
    """How the policy would have decided the website's requests of the last `days` days.

    Each request is judged with the client's facts as of its request (their tier as it is
    now: tiers keep no history).
    """
    since = timezone.now() - timedelta(days=days)
    rows = (
        RedemptionRequest.objects.filter(website_id=policy.website_id, requested_at__gte=since)
        .select_related("item", "client", "account__tier")
        .order_by("id")
    )
    approved, refusals = 0, {}
    windows = {policy.recent_days} if policy.max_recent_requests is not None else set()
    total = 0
    for row in rows.iterator(chunk_size=500):
        total += 1
        tier = row.account.tier.rank if row.account.tier else 0
        facts = client_facts(
            client=row.client, tier_rank=tier, windows=windows, before=row.requested_at
        )
        broken = policy_refusals(policy, item=row.item, points=row.points_used, facts=facts)
        if not broken:
            approved += 1
        for code in broken:
            refusals[code] = refusals.get(code, 0) + 1
    return {
        "days": days,
        "requests": total,
        "would_approve": approved,
        "would_leave_for_review": total - approved,
        "refusals": dict(sorted(refusals.items())),
    }
