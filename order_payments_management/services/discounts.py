"""Discount writes: create, update, and delete a code that was never used.

Admins create codes through the API; loyalty redemptions create theirs with a generated code.
"""

import re
import secrets
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction

from core.exceptions import DomainError
from core.money import HUNDRED, ZERO, has_at_most_two_places
from order_payments_management.exceptions import DiscountCodeTaken, DiscountInUse
from order_payments_management.models import Discount, DiscountOrigin, DiscountType
from order_payments_management.selectors import discount_code_normalize, discount_is_used

CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,39}$")
UPDATABLE_FIELDS = (
    "code",
    "description",
    "discount_type",
    "value",
    "max_uses",
    "per_user_limit",
    "valid_from",
    "valid_until",
    "min_order_value",
    "is_active",
)


def _generated_code(website, prefix: str) -> str:
    while True:
        code = f"{prefix}-{secrets.token_hex(4).upper()}"
        if not Discount.objects.filter(website=website, code=code).exists():
            return code


def _discount_check(discount: Discount) -> None:
    """Refuse a discount whose fields do not make sense together (400 naming the field)."""
    if not CODE_PATTERN.match(discount.code):
        raise DomainError(
            "A code is 3 to 40 letters, digits, '-' or '_', starting with a letter or digit.",
            field="code",
            code="invalid",
        )
    if discount.discount_type not in DiscountType.values:
        raise DomainError("Unknown discount type.", field="discount_type", code="invalid")
    value = discount.value
    if value is None or value <= ZERO or not has_at_most_two_places(Decimal(value)):
        raise DomainError(
            "The value must be greater than zero, with at most two decimals.",
            field="value",
            code="invalid",
        )
    if discount.discount_type == DiscountType.PERCENT and value > HUNDRED:
        raise DomainError("A percentage cannot exceed 100.", field="value", code="invalid")
    for field in ("max_uses", "per_user_limit"):
        limit = getattr(discount, field)
        if limit is not None and limit < 1:
            raise DomainError("A limit is at least 1 (empty: unlimited).", field=field)
    if discount.max_uses is not None and discount.max_uses < discount.used_count:
        raise DomainError(
            f"This code has already been used {discount.used_count} times.",
            field="max_uses",
            code="below_used_count",
        )
    if (
        discount.valid_from is not None
        and discount.valid_until is not None
        and discount.valid_until <= discount.valid_from
    ):
        raise DomainError(
            "The end of validity must come after its start.", field="valid_until", code="invalid"
        )
    if discount.min_order_value is not None and discount.min_order_value < ZERO:
        raise DomainError("The minimum order value cannot be negative.", field="min_order_value")


def _discount_save(discount: Discount, **save_kwargs) -> Discount:
    if (
        Discount.objects.filter(website_id=discount.website_id, code=discount.code)
        .exclude(pk=discount.pk)
        .exists()
    ):
        raise DiscountCodeTaken(code=discount.code)
    try:
        with transaction.atomic():
            discount.save(**save_kwargs)
    except IntegrityError as exc:  # a concurrent create took the code between check and insert
        if "discount_code_unique_per_website" in str(exc):
            raise DiscountCodeTaken(code=discount.code) from exc
        raise
    return discount


@transaction.atomic
def discount_create(
    *,
    website,
    discount_type: str,
    value: Decimal,
    code: str | None = None,
    description: str = "",
    max_uses: int | None = None,
    per_user_limit: int | None = None,
    valid_from: datetime | None = None,
    valid_until: datetime | None = None,
    min_order_value: Decimal | None = None,
    origin: str = DiscountOrigin.ADMIN,
    is_active: bool = True,
    created_by=None,
    client=None,
    code_prefix: str = "DISC",
) -> Discount:
    """Create a discount code of `website`; without `code` a unique one is generated.

    Codes are stored upper-case and are unique per website (400 naming `code`). A code given
    a `client` (a loyalty reward) is that client's alone: anyone else is refused it.
    """
    if origin not in DiscountOrigin.values:
        raise ValueError(f"Unknown discount origin {origin!r}.")
    if client is not None and client.website_id != website.pk:
        raise ValueError("A discount's client belongs to the discount's website.")
    code = discount_code_normalize(code) if code else _generated_code(website, code_prefix)
    discount = Discount(
        website=website,
        code=code,
        description=description[:255],
        discount_type=discount_type,
        value=value,
        max_uses=max_uses,
        per_user_limit=per_user_limit,
        valid_from=valid_from,
        valid_until=valid_until,
        min_order_value=min_order_value,
        origin=origin,
        is_active=is_active,
        created_by=created_by,
        client=client,
    )
    _discount_check(discount)
    return _discount_save(discount)


@transaction.atomic
def discount_update(*, discount: Discount, **changes) -> Discount:
    """Change some of a discount's fields; a used code keeps its usages and used count."""
    unknown = set(changes) - set(UPDATABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not updatable: {', '.join(sorted(unknown))}.")
    # Locked, so a payment using the code concurrently cannot slip under a lowered limit.
    discount = Discount.objects.select_for_update().get(pk=discount.pk)
    for field, value in changes.items():
        if field == "code":
            value = discount_code_normalize(value)
        if field == "description":
            value = (value or "")[:255]
        setattr(discount, field, value)
    _discount_check(discount)
    return _discount_save(discount, update_fields=[*changes, "updated_at"])


@transaction.atomic
def discount_delete(*, discount: Discount) -> None:
    """Delete a discount that was never used; a used one is kept (409): deactivate it instead."""
    discount = Discount.objects.select_for_update().get(pk=discount.pk)
    if discount_is_used(discount=discount):
        raise DiscountInUse
    discount.delete()
