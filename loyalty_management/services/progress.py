"""What follows a change of lifetime points: milestones reached (badge and bonus) and the tier."""

import functools

from django.db import transaction

from core.outbox import emit, emit_for
from loyalty_management.models import (
    ClientBadge,
    LoyaltyAccount,
    LoyaltyTier,
    LoyaltyTransactionKind,
)
from loyalty_management.selectors.points import (
    client_payment_totals,
    milestone_bonus_outstanding,
    milestone_progress,
    milestones_reached,
    milestones_unreached,
    tier_for_lifetime,
    tiers_by_threshold,
)
from loyalty_management.services.ledger import points_ledger_append, points_take_back


def account_tier_recompute(*, account: LoyaltyAccount) -> LoyaltyAccount:
    """Put a locked account in the tier its lifetime points reach."""
    tier = tier_for_lifetime(
        tiers=tiers_by_threshold(website_id=account.website_id),
        lifetime_points=account.lifetime_points,
    )
    if (tier.pk if tier else None) != account.tier_id:
        previous_tier_id = account.tier_id
        account.tier = tier
        account.save(update_fields=["tier", "updated_at"])
        _tier_changed(account.pk, account.client_id, account.website_id, previous_tier_id, tier)
    return account


def _tier_changed(account_id, client_id, website_id, previous_tier_id, tier) -> None:
    emit(
        "tier.changed",
        website_id=website_id,
        object_type=LoyaltyAccount._meta.label_lower,
        object_id=account_id,
        payload={
            "account_id": account_id,
            "client_id": client_id,
            "previous_tier_id": previous_tier_id,
            "tier_id": tier.pk if tier else None,
            "tier_name": tier.name if tier else None,
        },
    )


@transaction.atomic
def milestones_award(*, account: LoyaltyAccount) -> list[ClientBadge]:
    """Award each milestone a locked account has reached: its badge and bonus, once per client.

    A bonus adds lifetime points, which may reach further milestones, so this repeats until
    nothing new is reached.
    """
    awarded: list[ClientBadge] = []
    totals = functools.cache(
        lambda: client_payment_totals(client_id=account.client_id, website_id=account.website_id)
    )
    while True:
        reached = [
            milestone
            for milestone in milestones_unreached(account=account)
            if milestone_progress(milestone=milestone, account=account, totals=totals)
            >= milestone.threshold
        ]
        if not reached:
            return awarded
        for milestone in reached:
            badge = ClientBadge.objects.create(
                client_id=account.client_id,
                badge=milestone.badge,
                website_id=account.website_id,
                milestone=milestone,
            )
            awarded.append(badge)
            emit_for(
                "badge.awarded",
                badge,
                {
                    "id": badge.pk,
                    "client_id": badge.client_id,
                    "badge_id": badge.badge_id,
                    "badge_name": milestone.badge.name,
                    "milestone_id": milestone.pk,
                    "milestone_name": milestone.name,
                },
            )
            if milestone.bonus_points:
                points_ledger_append(
                    account=account,
                    kind=LoyaltyTransactionKind.BONUS,
                    points=milestone.bonus_points,
                    lifetime_change=milestone.bonus_points,
                    milestone=milestone,
                    reason=f"Milestone reached: {milestone.name}",
                )


@transaction.atomic
def milestones_reverse(*, account: LoyaltyAccount) -> list[ClientBadge]:
    """Revoke each milestone a locked account no longer reaches, taking its bonus back.

    Runs after a refund lowered the client's lifetime points or payments. The bonus comes back
    from the available points, the rest as a debt; its lifetime points go too, which may undo
    further milestones, so this repeats until every remaining milestone is still reached. A
    milestone reached again later awards its badge and bonus again.
    """
    revoked: list[ClientBadge] = []
    totals = functools.cache(
        lambda: client_payment_totals(client_id=account.client_id, website_id=account.website_id)
    )
    while True:
        lost = [
            award
            for award in milestones_reached(account=account)
            if milestone_progress(milestone=award.milestone, account=account, totals=totals)
            < award.milestone.threshold
        ]
        if not lost:
            return revoked
        for award in lost:
            milestone = award.milestone
            award.delete()
            revoked.append(award)
            bonus = milestone_bonus_outstanding(account=account, milestone=milestone)
            if bonus:
                points_take_back(
                    account=account,
                    points=bonus,
                    kind=LoyaltyTransactionKind.REVERSAL,
                    lifetime_change=-bonus,
                    milestone=milestone,
                    reason=f"Milestone no longer reached after a refund: {milestone.name}",
                )


def account_progress_update(*, account: LoyaltyAccount) -> LoyaltyAccount:
    """After lifetime points or payments changed: award milestones, then recompute the tier."""
    milestones_award(account=account)
    return account_tier_recompute(account=account)


@transaction.atomic
def tiers_reassign(*, website_id: int) -> int:
    """Put every account of a website in the tier its lifetime points reach; return how many moved.

    Runs after the website's tiers change, so no account keeps a tier it no longer qualifies for.
    """
    tiers: list[LoyaltyTier] = tiers_by_threshold(website_id=website_id)
    accounts = LoyaltyAccount.objects.filter(website_id=website_id)

    def move(rows, tier) -> int:
        leaving = list(rows.values_list("id", "client_id", "tier_id"))
        if leaving:
            rows.filter(pk__in=[account_id for account_id, _, _ in leaving]).update(tier=tier)
        for account_id, client_id, previous_tier_id in leaving:
            _tier_changed(account_id, client_id, website_id, previous_tier_id, tier)
        return len(leaving)

    if not tiers:
        return move(accounts.exclude(tier=None), None)
    moved = move(
        accounts.filter(lifetime_points__lt=tiers[0].min_lifetime_points).exclude(tier=None), None
    )
    for index, tier in enumerate(tiers):
        in_range = accounts.filter(lifetime_points__gte=tier.min_lifetime_points)
        if index + 1 < len(tiers):
            in_range = in_range.filter(lifetime_points__lt=tiers[index + 1].min_lifetime_points)
        moved += move(in_range.exclude(tier=tier), tier)
    return moved
