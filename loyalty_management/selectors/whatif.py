"""What-if, read-only: the website's clients under other tier thresholds."""

from itertools import pairwise

from django.db.models import Case, Count, IntegerField, Value, When

from core.exceptions import DomainError
from loyalty_management.models import LoyaltyAccount, LoyaltyTier


def tier_thresholds_what_if(*, website_id: int, thresholds: list[int]) -> dict:
    """How many clients each tier would hold today with other thresholds.

    `thresholds` has one per tier, lowest rank first. Also how many clients would move up or
    down. One grouped query; nothing is written.
    """
    tiers = list(LoyaltyTier.objects.filter(website_id=website_id).order_by("rank"))
    if len(thresholds) != len(tiers):
        raise DomainError(
            f"Give one threshold per tier, lowest rank first ({len(tiers)}).",
            field="thresholds",
            code="invalid",
        )
    if any(later <= earlier for earlier, later in pairwise(thresholds)):
        raise DomainError(
            "A higher tier needs more lifetime points than every lower one.",
            field="thresholds",
            code="tier_order",
        )
    # The highest tier whose threshold the lifetime points reach; 0: below every tier.
    position = Case(
        *(
            When(lifetime_points__gte=threshold, then=Value(index + 1))
            for index, threshold in reversed(list(enumerate(thresholds)))
        ),
        default=Value(0),
        output_field=IntegerField(),
    )
    rows = (
        LoyaltyAccount.objects.filter(website_id=website_id)
        .annotate(then=position)
        .values("tier_id", "then")
        .annotate(clients=Count("id"))
        .order_by()
    )
    rank_of = {tier.pk: index + 1 for index, tier in enumerate(tiers)}
    now_counts = [0] * (len(tiers) + 1)
    then_counts = [0] * (len(tiers) + 1)
    up = down = 0
    for row in rows:
        before = rank_of.get(row["tier_id"], 0)
        now_counts[before] += row["clients"]
        then_counts[row["then"]] += row["clients"]
        if row["then"] > before:
            up += row["clients"]
        elif row["then"] < before:
            down += row["clients"]
    return {
        "tiers": [
            {
                "tier_id": tier.pk,
                "name": tier.name,
                "rank": tier.rank,
                "threshold_now": tier.min_lifetime_points,
                "threshold": thresholds[index],
                "clients_now": now_counts[index + 1],
                "clients_then": then_counts[index + 1],
            }
            for index, tier in enumerate(tiers)
        ],
        "below_every_tier": {"clients_now": now_counts[0], "clients_then": then_counts[0]},
        "clients_moving_up": up,
        "clients_moving_down": down,
    }
