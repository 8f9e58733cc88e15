"""Catalog writes: redemption categories and items."""

from decimal import Decimal

from django.db import transaction

from core.exceptions import DomainError
from core.money import has_at_most_two_places
from loyalty_management.exceptions import LoyaltyObjectInUse
from loyalty_management.models import (
    LoyaltyTier,
    RedemptionCategory,
    RedemptionItem,
    RedemptionType,
)
from loyalty_management.services.common import fields_apply, name_free_check

CATEGORY_FIELDS = ("name", "description", "is_active", "sort_order")
ITEM_FIELDS = (
    "category",
    "name",
    "description",
    "points_required",
    "redemption_type",
    "discount_amount",
    "discount_percentage",
    "cash_amount",
    "stock_quantity",
    "max_per_client",
    "min_tier_level",
    "image_url",
    "is_active",
)
# Which value fields each type uses; the others must stay empty.
_TYPE_VALUE_FIELDS = {
    RedemptionType.DISCOUNT: ("discount_amount", "discount_percentage"),
    RedemptionType.CASH: ("cash_amount",),
}
_VALUE_FIELDS = ("discount_amount", "discount_percentage", "cash_amount")


def _category_save(category: RedemptionCategory, **save_kwargs) -> RedemptionCategory:
    category.name = (category.name or "").strip()
    name_free_check(RedemptionCategory, category)
    category.full_clean(exclude=("website",))
    category.save(**save_kwargs)
    return category


@transaction.atomic
def redemption_category_create(*, website, **fields) -> RedemptionCategory:
    """Create a catalog category of `website`."""
    category = RedemptionCategory(website=website)
    fields_apply(category, fields, CATEGORY_FIELDS)
    return _category_save(category)


@transaction.atomic
def redemption_category_update(*, category: RedemptionCategory, **changes) -> RedemptionCategory:
    """Change a category; deactivating it hides its items from clients."""
    category = RedemptionCategory.objects.select_for_update().get(pk=category.pk)
    fields = fields_apply(category, changes, CATEGORY_FIELDS)
    return _category_save(category, update_fields=[*fields, "updated_at"])


@transaction.atomic
def redemption_category_delete(*, category: RedemptionCategory) -> None:
    """Delete an empty category; one with items is kept (409): deactivate it instead."""
    category = RedemptionCategory.objects.select_for_update().get(pk=category.pk)
    if category.items.exists():
        raise LoyaltyObjectInUse("This category has items; deactivate it instead.")
    category.delete()


def _item_check(item: RedemptionItem) -> None:
    """Refuse an item whose fields do not make sense together (400 naming the field)."""
    if item.category.website_id != item.website_id:
        raise DomainError("No such category.", field="category_id", code="invalid_category_id")
    used = _TYPE_VALUE_FIELDS.get(item.redemption_type, ())
    for field in _VALUE_FIELDS:
        value = getattr(item, field)
        if field not in used and value is not None:
            raise DomainError(
                f"A {item.redemption_type} item has no {field}.", field=field, code="invalid"
            )
        if value is not None and (value <= 0 or not has_at_most_two_places(Decimal(value))):
            raise DomainError(
                "Must be greater than zero, with at most two decimals.", field=field, code="invalid"
            )
    if item.redemption_type == RedemptionType.DISCOUNT:
        if (item.discount_amount is None) == (item.discount_percentage is None):
            raise DomainError(
                "A discount item has either a discount_amount or a discount_percentage.",
                field="discount_amount",
                code="required",
            )
        if item.discount_percentage is not None and item.discount_percentage > 100:
            raise DomainError(
                "A percentage cannot exceed 100.", field="discount_percentage", code="invalid"
            )
    if item.redemption_type == RedemptionType.CASH and item.cash_amount is None:
        raise DomainError("A cash item needs a cash_amount.", field="cash_amount", code="required")
    if (
        item.min_tier_level
        and not LoyaltyTier.objects.filter(
            website_id=item.website_id, rank=item.min_tier_level
        ).exists()
    ):
        raise DomainError(
            f"This website has no tier of level {item.min_tier_level}.",
            field="min_tier_level",
            code="invalid",
        )
    if item.max_per_client is not None and item.max_per_client < 1:
        raise DomainError("At least 1 (empty: unlimited).", field="max_per_client", code="invalid")


def _item_save(item: RedemptionItem, **save_kwargs) -> RedemptionItem:
    item.name = (item.name or "").strip()
    _item_check(item)
    item.full_clean(exclude=("website", "category"))
    item.save(**save_kwargs)
    return item


@transaction.atomic
def redemption_item_create(*, website, **fields) -> RedemptionItem:
    """Create a catalog item of `website` in one of its categories."""
    item = RedemptionItem(website=website)
    fields_apply(item, fields, ITEM_FIELDS)
    return _item_save(item)


@transaction.atomic
def redemption_item_update(*, item: RedemptionItem, **changes) -> RedemptionItem:
    """Change an item; its type is fixed once it has been requested."""
    item = RedemptionItem.objects.select_for_update(of=("self",)).get(pk=item.pk)
    if (
        "redemption_type" in changes
        and changes["redemption_type"] != item.redemption_type
        and item.requests.exists()
    ):
        raise LoyaltyObjectInUse(
            "This item has been requested, so its type cannot change; create a new item.",
            field="redemption_type",
        )
    fields = fields_apply(item, changes, ITEM_FIELDS)
    return _item_save(item, update_fields=[*fields, "updated_at"])


@transaction.atomic
def redemption_item_delete(*, item: RedemptionItem) -> None:
    """Delete an item nobody requested; a requested one is kept (409): deactivate it instead."""
    item = RedemptionItem.objects.select_for_update().get(pk=item.pk)
    if item.requests.exists():
        raise LoyaltyObjectInUse("This item has been requested; deactivate it instead.")
    item.delete()
