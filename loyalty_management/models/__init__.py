"""Loyalty models: points, badges and milestones, the redemption catalog and its requests."""

from loyalty_management.models.badges import Badge, ClientBadge, Milestone, MilestoneKind
from loyalty_management.models.common import ActiveForClientsQuerySet, OwnedByClientQuerySet
from loyalty_management.models.points import (
    LoyaltyAccount,
    LoyaltySettings,
    LoyaltyTier,
    LoyaltyTransaction,
    LoyaltyTransactionKind,
    LoyaltyTransactionQuerySet,
)
from loyalty_management.models.policies import RedemptionPolicy
from loyalty_management.models.redemption import (
    ADMIN_DETAIL_KEYS,
    INSTANT_REDEMPTION_TYPES,
    REDEMPTION_LIVE_STATUSES,
    RedemptionCategory,
    RedemptionItem,
    RedemptionItemQuerySet,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)

__all__ = [
    "ADMIN_DETAIL_KEYS",
    "INSTANT_REDEMPTION_TYPES",
    "REDEMPTION_LIVE_STATUSES",
    "ActiveForClientsQuerySet",
    "Badge",
    "ClientBadge",
    "LoyaltyAccount",
    "LoyaltySettings",
    "LoyaltyTier",
    "LoyaltyTransaction",
    "LoyaltyTransactionKind",
    "LoyaltyTransactionQuerySet",
    "Milestone",
    "MilestoneKind",
    "OwnedByClientQuerySet",
    "RedemptionCategory",
    "RedemptionItem",
    "RedemptionItemQuerySet",
    "RedemptionPolicy",
    "RedemptionRequest",
    "RedemptionStatus",
    "RedemptionType",
]
