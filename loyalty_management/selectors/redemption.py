"""Reads about the catalog: whether an item is available, and whether a client may redeem it."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count

from loyalty_management.models import (
    REDEMPTION_LIVE_STATUSES,
    LoyaltySettings,
    RedemptionItem,
    RedemptionRequest,
)
from loyalty_management.selectors.points import loyalty_account_find


class RedeemReason:
    """Why a client cannot redeem an item: the `can_redeem.reason` and the refusal's `code`."""

    INSUFFICIENT_POINTS = "insufficient_points"
    TIER_TOO_LOW = "tier_too_low"
    CLIENT_LIMIT_REACHED = "client_limit_reached"
    OUT_OF_STOCK = "out_of_stock"
    INACTIVE = "inactive"

    ALL = (INSUFFICIENT_POINTS, TIER_TOO_LOW, CLIENT_LIMIT_REACHED, OUT_OF_STOCK, INACTIVE)


@dataclass(frozen=True)
class RedeemCheck:
    can_redeem: bool
    reason: str | None
    message: str
    points_missing: int


def redemption_item_is_available(item: RedemptionItem) -> bool:
    """Active, in an active category, and in stock (for anyone; points and limits aside)."""
    return (
        item.is_active
        and item.category.is_active
        and (item.stock_quantity is None or item.stock_quantity > 0)
    )


def redemption_check(
    *,
    item: RedemptionItem,
    program_active: bool,
    points_available: int,
    tier_level: int,
    client_live_requests: int,
) -> RedeemCheck:
    """Decide whether a client may request `item` now; the first rule that fails is the reason.

    The rules, in order: the program, item and category are active; the item is in stock; the
    client's tier level reaches the item's; the client is below the item's per-client limit;
    the client has the points available.
    """
    missing = max(item.points_required - points_available, 0)

    def refused(reason: str, message: str) -> RedeemCheck:
        return RedeemCheck(False, reason, message, missing)

    if not (program_active and item.is_active and item.category.is_active):
        return refused(RedeemReason.INACTIVE, "This reward is not available at the moment.")
    if item.stock_quantity is not None and item.stock_quantity <= 0:
        return refused(RedeemReason.OUT_OF_STOCK, "This reward is out of stock.")
    if item.min_tier_level > tier_level:
        return refused(
            RedeemReason.TIER_TOO_LOW,
            f"This reward needs tier level {item.min_tier_level}; yours is {tier_level}.",
        )
    if item.max_per_client is not None and client_live_requests >= item.max_per_client:
        return refused(
            RedeemReason.CLIENT_LIMIT_REACHED,
            f"You have reached the limit of {item.max_per_client} for this reward.",
        )
    if missing:
        return refused(
            RedeemReason.INSUFFICIENT_POINTS,
            f"This reward needs {item.points_required} points; you have {points_available} "
            f"available ({missing} missing).",
        )
    return RedeemCheck(True, None, "You can redeem this reward.", 0)


def client_live_request_counts(*, client_id: int, item_ids: Iterable[int]) -> dict[int, int]:
    """The client's pending, approved and fulfilled requests per item."""
    rows = (
        RedemptionRequest.objects.filter(
            client_id=client_id, item_id__in=list(item_ids), status__in=REDEMPTION_LIVE_STATUSES
        )
        .values("item_id")
        .annotate(requests=Count("id"))
        .order_by()
    )
    return {row["item_id"]: row["requests"] for row in rows}


def redemption_items_check(*, items: list[RedemptionItem], client) -> dict[int, RedeemCheck]:
    """`redemption_check` for a page of items (with their categories loaded) in three queries."""
    if not items:
        return {}
    account = loyalty_account_find(client_id=client.pk, website_id=client.website_id)
    program_active = (
        LoyaltySettings.objects.filter(website_id=client.website_id)
        .values_list("is_active", flat=True)
        .first()
    )
    counts = client_live_request_counts(client_id=client.pk, item_ids=[item.pk for item in items])
    available = account.points_available if account else 0
    tier_level = account.tier.rank if account and account.tier else 0
    return {
        item.pk: redemption_check(
            item=item,
            # No saved settings means the defaults, and the program is active by default.
            program_active=program_active is not False,
            points_available=available,
            tier_level=tier_level,
            client_live_requests=counts.get(item.pk, 0),
        )
        for item in items
    }
