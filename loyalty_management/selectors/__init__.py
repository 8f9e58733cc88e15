"""Loyalty reads; other apps import them from here."""

from loyalty_management.selectors.analytics import loyalty_analytics_for, loyalty_analytics_get
from loyalty_management.selectors.points import (
    EARNING_PAYMENT_TYPES,
    client_payment_totals,
    loyalty_account_find,
    loyalty_settings_get,
    loyalty_summary_get,
    points_expirable,
)
from loyalty_management.selectors.redemption import (
    RedeemCheck,
    RedeemReason,
    redemption_check,
    redemption_item_is_available,
    redemption_items_check,
)

__all__ = [
    "EARNING_PAYMENT_TYPES",
    "RedeemCheck",
    "RedeemReason",
    "client_payment_totals",
    "loyalty_account_find",
    "loyalty_analytics_for",
    "loyalty_analytics_get",
    "loyalty_settings_get",
    "loyalty_summary_get",
    "points_expirable",
    "redemption_check",
    "redemption_item_is_available",
    "redemption_items_check",
]
