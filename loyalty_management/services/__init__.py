"""Loyalty writes; other apps import them from here.

Lock order, everywhere: redemption request, then item, then account.
"""

from loyalty_management.services.catalog import (
    redemption_category_create,
    redemption_category_delete,
    redemption_category_update,
    redemption_item_create,
    redemption_item_delete,
    redemption_item_update,
)
from loyalty_management.services.erasure import loyalty_client_erase, loyalty_erasure_blockers
from loyalty_management.services.ledger import (
    loyalty_account_get_or_create,
    loyalty_settings_get_or_create,
    points_ledger_append,
)
from loyalty_management.services.points import (
    points_award,
    points_deduct,
    points_earn_for_payment,
    points_expire,
    points_refund_for_payment,
)
from loyalty_management.services.policies import (
    redemption_policy_create,
    redemption_policy_delete,
    redemption_policy_update,
    redemptions_sla_breach,
)
from loyalty_management.services.program import (
    loyalty_badge_create,
    loyalty_badge_delete,
    loyalty_badge_update,
    loyalty_milestone_create,
    loyalty_milestone_delete,
    loyalty_milestone_update,
    loyalty_settings_update,
    loyalty_tier_create,
    loyalty_tier_delete,
    loyalty_tier_update,
)
from loyalty_management.services.progress import (
    account_tier_recompute,
    milestones_award,
    tiers_reassign,
)
from loyalty_management.services.redemption import (
    redemption_approve,
    redemption_cancel,
    redemption_create,
    redemption_fulfill,
    redemption_reject,
)

__all__ = [
    "account_tier_recompute",
    "loyalty_account_get_or_create",
    "loyalty_badge_create",
    "loyalty_badge_delete",
    "loyalty_badge_update",
    "loyalty_client_erase",
    "loyalty_erasure_blockers",
    "loyalty_milestone_create",
    "loyalty_milestone_delete",
    "loyalty_milestone_update",
    "loyalty_settings_get_or_create",
    "loyalty_settings_update",
    "loyalty_tier_create",
    "loyalty_tier_delete",
    "loyalty_tier_update",
    "milestones_award",
    "points_award",
    "points_deduct",
    "points_earn_for_payment",
    "points_expire",
    "points_ledger_append",
    "points_refund_for_payment",
    "redemption_approve",
    "redemption_cancel",
    "redemption_category_create",
    "redemption_category_delete",
    "redemption_category_update",
    "redemption_create",
    "redemption_fulfill",
    "redemption_item_create",
    "redemption_item_delete",
    "redemption_item_update",
    "redemption_policy_create",
    "redemption_policy_delete",
    "redemption_policy_update",
    "redemption_reject",
    "redemptions_sla_breach",
    "tiers_reassign",
]
