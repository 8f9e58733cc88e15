"""Program writes: a website's settings, tiers, badges and milestones."""

from decimal import Decimal

from django.db import transaction

from core.exceptions import DomainError
from loyalty_management.exceptions import LoyaltyObjectInUse
from loyalty_management.models import (
    Badge,
    LoyaltySettings,
    LoyaltyTier,
    Milestone,
    MilestoneKind,
    RedemptionItem,
)
from loyalty_management.services.common import fields_apply, name_free_check
from loyalty_management.services.ledger import loyalty_settings_get_or_create
from loyalty_management.services.progress import tiers_reassign

SETTINGS_FIELDS = (
    "points_per_currency_unit",
    "points_expiry_months",
    "is_active",
    "review_sla_hours",
)
TIER_FIELDS = ("name", "rank", "min_lifetime_points", "multiplier", "perks")
BADGE_FIELDS = ("name", "description", "icon", "is_active")
MILESTONE_FIELDS = (
    "name",
    "description",
    "kind",
    "threshold",
    "badge",
    "bonus_points",
    "is_active",
)


@transaction.atomic
def loyalty_settings_update(*, website, **changes) -> LoyaltySettings:
    """Change a website's points rate, expiry or activity (saving the defaults first if new)."""
    settings = loyalty_settings_get_or_create(website=website)
    settings = LoyaltySettings.objects.select_for_update().get(pk=settings.pk)
    fields = fields_apply(settings, changes, SETTINGS_FIELDS)
    if settings.points_per_currency_unit is None or settings.points_per_currency_unit < 0:
        raise DomainError(
            "The rate cannot be negative.", field="points_per_currency_unit", code="invalid"
        )
    if settings.points_expiry_months is not None and settings.points_expiry_months < 1:
        raise DomainError(
            "At least one month (empty: points never expire).",
            field="points_expiry_months",
            code="invalid",
        )
    settings.full_clean(exclude=("website",))
    settings.save(update_fields=[*fields, "updated_at"])
    return settings


# Tiers -------------------------------------------------------------------------------------------


def _tier_check(tier: LoyaltyTier) -> None:
    """Refuse a tier that breaks the ladder: levels and thresholds rise together."""
    tier.name = (tier.name or "").strip()
    name_free_check(LoyaltyTier, tier)
    others = list(LoyaltyTier.objects.filter(website_id=tier.website_id).exclude(pk=tier.pk))
    if any(other.rank == tier.rank for other in others):
        raise DomainError(f"Level {tier.rank} already exists.", field="rank", code="duplicate")
    if any(other.min_lifetime_points == tier.min_lifetime_points for other in others):
        raise DomainError(
            "Another tier starts at these lifetime points.",
            field="min_lifetime_points",
            code="duplicate",
        )
    ladder = sorted([*others, tier], key=lambda each: each.rank)
    thresholds = [each.min_lifetime_points for each in ladder]
    if thresholds != sorted(thresholds):
        raise DomainError(
            "A higher level needs more lifetime points than every lower level.",
            field="min_lifetime_points",
            code="tier_order",
        )
    if tier.multiplier is None or tier.multiplier <= 0:
        raise DomainError("The multiplier must be above zero.", field="multiplier", code="invalid")
    if not isinstance(tier.perks, list) or not all(isinstance(perk, str) for perk in tier.perks):
        raise DomainError("Perks are a list of texts.", field="perks", code="invalid")


@transaction.atomic
def loyalty_tier_create(*, website, **fields) -> LoyaltyTier:
    """Add a tier to the website's ladder and move accounts that now reach it."""
    tier = LoyaltyTier(website=website)
    fields_apply(tier, fields, TIER_FIELDS)
    _tier_check(tier)
    tier.full_clean(exclude=("website",))
    tier.save()
    tiers_reassign(website_id=website.pk)
    return tier


@transaction.atomic
def loyalty_tier_update(*, tier: LoyaltyTier, **changes) -> LoyaltyTier:
    """Change a tier; accounts move to the tier their lifetime points now reach."""
    tier = LoyaltyTier.objects.select_for_update().get(pk=tier.pk)
    old_rank = tier.rank
    fields = fields_apply(tier, changes, TIER_FIELDS)
    _tier_check(tier)
    if (
        tier.rank != old_rank
        and RedemptionItem.objects.filter(
            website_id=tier.website_id, min_tier_level=old_rank
        ).exists()
    ):
        raise LoyaltyObjectInUse(
            f"Catalog items require level {old_rank}; change them first.", field="rank"
        )
    tier.full_clean(exclude=("website",))
    tier.save(update_fields=[*fields, "updated_at"])
    tiers_reassign(website_id=tier.website_id)
    return tier


@transaction.atomic
def loyalty_tier_delete(*, tier: LoyaltyTier) -> None:
    """Delete a tier no catalog item requires; its clients move to the tier they now reach."""
    tier = LoyaltyTier.objects.select_for_update().get(pk=tier.pk)
    if RedemptionItem.objects.filter(website_id=tier.website_id, min_tier_level=tier.rank).exists():
        raise LoyaltyObjectInUse(f"Catalog items require level {tier.rank}; change them first.")
    website_id = tier.website_id
    tier.delete()
    tiers_reassign(website_id=website_id)


# Badges ------------------------------------------------------------------------------------------


def _badge_save(badge: Badge, **save_kwargs) -> Badge:
    badge.name = (badge.name or "").strip()
    name_free_check(Badge, badge)
    badge.full_clean(exclude=("website",))
    badge.save(**save_kwargs)
    return badge


@transaction.atomic
def loyalty_badge_create(*, website, **fields) -> Badge:
    """Create a badge milestones of `website` can award."""
    badge = Badge(website=website)
    fields_apply(badge, fields, BADGE_FIELDS)
    return _badge_save(badge)


@transaction.atomic
def loyalty_badge_update(*, badge: Badge, **changes) -> Badge:
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    fields = fields_apply(badge, changes, BADGE_FIELDS)
    return _badge_save(badge, update_fields=[*fields, "updated_at"])


@transaction.atomic
def loyalty_badge_delete(*, badge: Badge) -> None:
    """Delete a badge nobody earned and no milestone awards (409 otherwise)."""
    badge = Badge.objects.select_for_update().get(pk=badge.pk)
    if badge.awards.exists() or badge.milestones.exists():
        raise LoyaltyObjectInUse("This badge is awarded or used by a milestone.")
    badge.delete()


# Milestones --------------------------------------------------------------------------------------


def _milestone_save(milestone: Milestone, **save_kwargs) -> Milestone:
    milestone.name = (milestone.name or "").strip()
    name_free_check(Milestone, milestone)
    if milestone.badge.website_id != milestone.website_id:
        raise DomainError("No such badge.", field="badge_id", code="invalid_badge_id")
    if Milestone.objects.filter(badge_id=milestone.badge_id).exclude(pk=milestone.pk).exists():
        raise DomainError(
            "Another milestone awards this badge.", field="badge_id", code="duplicate"
        )
    threshold = milestone.threshold
    if threshold is None or threshold <= 0:
        raise DomainError("The threshold must be above zero.", field="threshold", code="invalid")
    whole = milestone.kind in (MilestoneKind.LIFETIME_POINTS, MilestoneKind.ORDERS_PAID)
    if whole and Decimal(threshold) != Decimal(threshold).to_integral_value():
        raise DomainError("Points and orders are whole numbers.", field="threshold", code="invalid")
    milestone.full_clean(exclude=("website", "badge"))
    milestone.save(**save_kwargs)
    return milestone


@transaction.atomic
def loyalty_milestone_create(*, website, **fields) -> Milestone:
    """Create a milestone; clients reach it the next time their points or payments change."""
    milestone = Milestone(website=website)
    fields_apply(milestone, fields, MILESTONE_FIELDS)
    return _milestone_save(milestone)


@transaction.atomic
def loyalty_milestone_update(*, milestone: Milestone, **changes) -> Milestone:
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    fields = fields_apply(milestone, changes, MILESTONE_FIELDS)
    return _milestone_save(milestone, update_fields=[*fields, "updated_at"])


@transaction.atomic
def loyalty_milestone_delete(*, milestone: Milestone) -> None:
    """Delete a milestone nobody reached (409 otherwise: deactivate it instead)."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.awards.exists() or milestone.transactions.exists():
        raise LoyaltyObjectInUse("Clients have reached this milestone; deactivate it instead.")
    milestone.delete()
