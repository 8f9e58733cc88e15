"""Delivering discount, cash and voucher rewards at once: a discount code, wallet credit, a code.

Called inside `redemption_create`'s transaction, after the request's points were spent; other
apps' tables are written only through their services.
"""

import secrets
import string
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from loyalty_management.models import RedemptionRequest, RedemptionStatus, RedemptionType
from order_payments_management.exceptions import DiscountCodeTaken
from order_payments_management.models import DiscountOrigin, DiscountType, WalletTransactionKind
from order_payments_management.services import (
    discount_create,
    wallet_credit,
    wallet_get_or_create,
)

DISCOUNT_VALIDITY = timedelta(days=90)
DISCOUNT_CODE_PREFIX = "LOYALTY-"
VOUCHER_CODE_PREFIX = "VOUCHER-"
_CODE_ATTEMPTS = 5


def _random_code(prefix: str, length: int, alphabet: str) -> str:
    return prefix + "".join(secrets.choice(alphabet) for _ in range(length))


def _discount_issue(*, redemption, item) -> None:
    if item.discount_percentage is not None:
        discount_type, value = DiscountType.PERCENT, item.discount_percentage
    else:
        discount_type, value = DiscountType.FIXED, item.discount_amount
    now = timezone.now()
    for attempt in range(_CODE_ATTEMPTS):
        code = _random_code(DISCOUNT_CODE_PREFIX, 8, string.ascii_uppercase)
        try:
            with transaction.atomic():
                discount = discount_create(
                    website=item.website,
                    code=code,
                    discount_type=discount_type,
                    value=value,
                    origin=DiscountOrigin.LOYALTY,
                    max_uses=1,
                    per_user_limit=1,
                    valid_from=now,
                    valid_until=now + DISCOUNT_VALIDITY,
                    description=f"Loyalty redemption {redemption.pk}: {item.name}",
                    created_by=redemption.client,
                    client=redemption.client,
                )
            break
        except DiscountCodeTaken:
            if attempt == _CODE_ATTEMPTS - 1:
                raise
    redemption.discount = discount
    redemption.fulfillment_code = discount.code
    redemption.fulfillment_details = {
        **redemption.fulfillment_details,
        "discount_id": discount.pk,
        "discount_type": discount.discount_type,
        "discount_value": str(discount.value),
        "valid_until": discount.valid_until.isoformat(),
    }


def _cash_credit(*, redemption, item) -> None:
    wallet = wallet_get_or_create(user=redemption.client, website=item.website)
    entry = wallet_credit(
        wallet=wallet,
        amount=item.cash_amount,
        kind=WalletTransactionKind.LOYALTY_CREDIT,
        reason=f"Loyalty redemption: {item.name}",
        created_by=redemption.client,
        reference=f"redemption:{redemption.pk}",
    )
    redemption.fulfillment_details = {
        **redemption.fulfillment_details,
        "wallet_transaction_id": entry.pk,
        "credited_amount": str(entry.amount),
    }


def _voucher_issue(*, redemption) -> None:
    alphabet = string.ascii_uppercase + string.digits
    for _attempt in range(_CODE_ATTEMPTS):
        code = _random_code(VOUCHER_CODE_PREFIX, 12, alphabet)
        if not RedemptionRequest.objects.filter(fulfillment_code=code).exists():
            break
    redemption.fulfillment_code = code


def redemption_fulfil_at_once(*, redemption, item) -> None:
    """Deliver a discount, cash or voucher item: no admin needs to look at it."""
    if item.redemption_type == RedemptionType.DISCOUNT:
        _discount_issue(redemption=redemption, item=item)
    elif item.redemption_type == RedemptionType.CASH:
        _cash_credit(redemption=redemption, item=item)
    else:
        _voucher_issue(redemption=redemption)
    redemption.status = RedemptionStatus.FULFILLED
    redemption.fulfilled_at = timezone.now()
