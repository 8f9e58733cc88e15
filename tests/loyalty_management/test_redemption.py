"""The redemption workflow: holds, stock, limits, tiers, instant fulfilment and every decision."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.exceptions import NotFound
from loyalty_management.exceptions import (
    ReasonRequired,
    RedemptionRefused,
    RedemptionTransitionRefused,
)
from loyalty_management.models import (
    LoyaltyAccount,
    LoyaltyTransaction,
    RedemptionItem,
    RedemptionStatus,
    RedemptionType,
)
from loyalty_management.services import (
    loyalty_settings_update,
    redemption_approve,
    redemption_cancel,
    redemption_create,
    redemption_fulfill,
    redemption_reject,
)
from order_payments_management.models import (
    Discount,
    DiscountOrigin,
    DiscountType,
    Wallet,
    WalletTransaction,
)
from tests.loyalty_management.factories import (
    LoyaltyTierFactory,
    RedemptionItemFactory,
    admin_of,
    cash_item,
    client_of,
    discount_item,
    points_give,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def website():
    return WebsiteFactory()


@pytest.fixture
def admin(website):
    return admin_of(website)


@pytest.fixture
def client_user(website):
    client = client_of(website)
    points_give(client, 1000)
    return client


def account_of(client) -> LoyaltyAccount:
    return LoyaltyAccount.objects.get(client=client)


def balances(client) -> tuple[int, int]:
    account = account_of(client)
    return account.points_balance, account.points_held


# Creating a request ------------------------------------------------------------------------------


def test_a_product_request_holds_the_points_and_one_unit_and_waits(website, client_user):
    item = RedemptionItemFactory(website=website, points_required=300, stock_quantity=5)
    redemption = redemption_create(
        client=client_user, item_id=item.pk, fulfillment_details={"address": "1 Main St"}
    )
    assert redemption.status == RedemptionStatus.PENDING
    assert redemption.fulfillment_details == {"address": "1 Main St"}
    assert balances(client_user) == (1000, 300)
    item.refresh_from_db()
    assert (item.stock_quantity, item.total_redemptions) == (4, 0)
    hold = LoyaltyTransaction.objects.get(kind="hold")
    assert (hold.points, hold.points_held_change, hold.redemption) == (0, 300, redemption)


def test_a_discount_request_is_fulfilled_at_once_with_a_single_use_loyalty_code(
    website, client_user
):
    item = discount_item(website=website, points_required=200, discount_amount=Decimal("15.00"))
    redemption = redemption_create(client=client_user, item_id=item.pk)
    assert redemption.status == RedemptionStatus.FULFILLED
    assert redemption.approved_at
    assert redemption.fulfilled_at
    assert redemption.approved_by is None
    discount = Discount.objects.get(pk=redemption.discount_id)
    assert redemption.fulfillment_code == discount.code
    assert discount.code.startswith("LOYALTY-")
    assert len(discount.code) == len("LOYALTY-") + 8
    assert discount.code[8:].isalpha()
    assert discount.code[8:].isupper()
    assert (discount.origin, discount.discount_type, discount.value) == (
        DiscountOrigin.LOYALTY,
        DiscountType.FIXED,
        Decimal("15.00"),
    )
    assert (discount.max_uses, discount.per_user_limit, discount.website) == (1, 1, website)
    validity = discount.valid_until - discount.valid_from
    assert timedelta(days=89, hours=23) < validity <= timedelta(days=90)
    assert balances(client_user) == (800, 0)
    item.refresh_from_db()
    assert item.total_redemptions == 1


def test_a_percentage_discount_item_makes_a_percentage_code(website, client_user):
    item = discount_item(
        website=website, discount_amount=None, discount_percentage=Decimal("12.50")
    )
    redemption = redemption_create(client=client_user, item_id=item.pk)
    discount = Discount.objects.get(pk=redemption.discount_id)
    assert (discount.discount_type, discount.value) == (DiscountType.PERCENT, Decimal("12.50"))


def test_a_cash_request_credits_the_wallet_at_once(website, client_user):
    item = cash_item(website=website, points_required=500, cash_amount=Decimal("7.50"))
    redemption = redemption_create(client=client_user, item_id=item.pk)
    assert redemption.status == RedemptionStatus.FULFILLED
    wallet = Wallet.objects.get(user=client_user, website=website)
    assert wallet.balance == Decimal("7.50")
    entry = WalletTransaction.objects.get(wallet=wallet)
    assert (entry.kind, entry.reference) == ("loyalty_credit", f"redemption:{redemption.pk}")
    assert redemption.fulfillment_details["wallet_transaction_id"] == entry.pk
    assert balances(client_user) == (500, 0)


def test_a_voucher_request_gets_a_unique_voucher_code(website, client_user):
    item = RedemptionItemFactory(website=website, redemption_type=RedemptionType.VOUCHER)
    first = redemption_create(client=client_user, item_id=item.pk)
    second = redemption_create(client=client_user, item_id=item.pk)
    assert first.status == second.status == RedemptionStatus.FULFILLED
    assert first.fulfillment_code.startswith("VOUCHER-")
    assert first.fulfillment_code != second.fulfillment_code


@pytest.mark.parametrize(
    ("item_kwargs", "reason"),
    [
        ({"points_required": 1001}, "insufficient_points"),
        ({"is_active": False}, "inactive"),
        ({"stock_quantity": 0}, "out_of_stock"),
        ({"min_tier_level": 2}, "tier_too_low"),
    ],
)
def test_a_request_the_rules_refuse_changes_nothing(website, client_user, item_kwargs, reason):
    LoyaltyTierFactory(website=website, rank=1, min_lifetime_points=0)
    LoyaltyTierFactory(website=website, rank=2, min_lifetime_points=5000)
    item = RedemptionItemFactory(website=website, **item_kwargs)
    before = LoyaltyTransaction.objects.count()
    with pytest.raises(RedemptionRefused) as refused:
        redemption_create(client=client_user, item_id=item.pk)
    assert (refused.value.code, refused.value.field) == (reason, "item_id")
    assert LoyaltyTransaction.objects.count() == before
    assert balances(client_user) == (1000, 0)


def test_an_inactive_category_or_program_refuses_as_inactive(website, client_user, admin):
    item = RedemptionItemFactory(website=website)
    item.category.is_active = False
    item.category.save()
    with pytest.raises(RedemptionRefused, match="not available"):
        redemption_create(client=client_user, item_id=item.pk)
    other = RedemptionItemFactory(website=website)
    loyalty_settings_update(website=website, is_active=False)
    with pytest.raises(RedemptionRefused) as refused:
        redemption_create(client=client_user, item_id=other.pk)
    assert refused.value.code == "inactive"


def test_the_per_client_limit_counts_pending_approved_and_fulfilled_requests(
    website, client_user, admin
):
    item = RedemptionItemFactory(website=website, max_per_client=2, points_required=10)
    first = redemption_create(client=client_user, item_id=item.pk)
    redemption_create(client=client_user, item_id=item.pk)
    with pytest.raises(RedemptionRefused) as refused:
        redemption_create(client=client_user, item_id=item.pk)
    assert refused.value.code == "client_limit_reached"
    redemption_reject(redemption=first, rejected_by=admin, reason="No")
    redemption_create(client=client_user, item_id=item.pk)  # a rejected one no longer counts
    other_client = client_of(website)
    points_give(other_client, 100)
    redemption_create(client=other_client, item_id=item.pk)  # the limit is per client


def test_an_item_of_another_website_is_not_found(client_user):
    foreign = RedemptionItemFactory()
    with pytest.raises(NotFound):
        redemption_create(client=client_user, item_id=foreign.pk)


# Decisions ---------------------------------------------------------------------------------------


@pytest.fixture
def pending(website, client_user):
    item = RedemptionItemFactory(website=website, points_required=300, stock_quantity=3)
    return redemption_create(client=client_user, item_id=item.pk)


def test_approval_spends_the_held_points_and_counts_the_redemption(pending, client_user, admin):
    approved = redemption_approve(redemption=pending, approved_by=admin, note="Shipping Monday")
    assert (approved.status, approved.approved_by) == (RedemptionStatus.APPROVED, admin)
    assert approved.fulfillment_details["approval_note"] == "Shipping Monday"
    assert balances(client_user) == (700, 0)
    redeem = LoyaltyTransaction.objects.get(kind="redeem")
    assert (redeem.points, redeem.points_held_change, redeem.created_by) == (-300, -300, admin)
    assert RedemptionItem.objects.get(pk=pending.item_id).total_redemptions == 1


def test_fulfilment_records_the_details(pending, admin):
    redemption_approve(redemption=pending, approved_by=admin)
    fulfilled = redemption_fulfill(
        redemption=pending, fulfilled_by=admin, fulfillment_details={"tracking": "1Z"}
    )
    assert fulfilled.status == RedemptionStatus.FULFILLED
    assert fulfilled.fulfilled_by == admin
    assert fulfilled.fulfillment_details == {"tracking": "1Z"}


def test_rejection_needs_a_reason_and_releases_points_and_stock(pending, client_user, admin):
    with pytest.raises(ReasonRequired):
        redemption_reject(redemption=pending, rejected_by=admin, reason="  ")
    rejected = redemption_reject(redemption=pending, rejected_by=admin, reason="Sold out")
    assert (rejected.status, rejected.rejection_reason) == (RedemptionStatus.REJECTED, "Sold out")
    assert balances(client_user) == (1000, 0)
    assert RedemptionItem.objects.get(pk=pending.item_id).stock_quantity == 3
    release = LoyaltyTransaction.objects.get(kind="release")
    assert release.points_held_change == -300


def test_a_client_cancels_their_pending_request_and_gets_everything_back(pending, client_user):
    cancelled = redemption_cancel(redemption=pending, cancelled_by=client_user, reason="Oops")
    assert cancelled.status == RedemptionStatus.CANCELLED
    assert cancelled.cancelled_at
    assert balances(client_user) == (1000, 0)
    assert RedemptionItem.objects.get(pk=pending.item_id).stock_quantity == 3


def test_a_client_cannot_cancel_an_approved_request(pending, client_user, admin):
    redemption_approve(redemption=pending, approved_by=admin)
    with pytest.raises(RedemptionTransitionRefused):
        redemption_cancel(redemption=pending, cancelled_by=client_user)


def test_an_admin_cancelling_an_approved_request_refunds_points_and_restores_stock(
    pending, client_user, admin
):
    redemption_approve(redemption=pending, approved_by=admin)
    redemption_cancel(redemption=pending, cancelled_by=admin, reason="Supplier failed")
    assert balances(client_user) == (1000, 0)
    item = RedemptionItem.objects.get(pk=pending.item_id)
    assert (item.stock_quantity, item.total_redemptions) == (3, 0)
    refund = LoyaltyTransaction.objects.get(kind="refund")
    assert (refund.points, refund.redemption_id) == (300, pending.pk)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("approve", "approve"),
        ("approve", "reject"),
        ("reject", "approve"),
        ("reject", "reject"),
        ("reject", "cancel"),
        ("cancel", "approve"),
        ("cancel", "cancel"),
        ("cancel", "reject"),
    ],
)
def test_a_stale_second_decision_is_refused_and_changes_nothing(
    pending, client_user, admin, first, second
):
    decide = {
        "approve": lambda: redemption_approve(redemption=pending, approved_by=admin),
        "reject": lambda: redemption_reject(redemption=pending, rejected_by=admin, reason="No"),
        "cancel": lambda: redemption_cancel(redemption=pending, cancelled_by=admin),
    }
    decide[first]()
    state = (balances(client_user), LoyaltyTransaction.objects.count())
    with pytest.raises(RedemptionTransitionRefused) as refused:
        decide[second]()
    assert refused.value.status_code == 409
    assert (balances(client_user), LoyaltyTransaction.objects.count()) == state


def test_fulfilled_requests_cannot_be_cancelled_or_fulfilled_again(pending, admin):
    redemption_approve(redemption=pending, approved_by=admin)
    redemption_fulfill(redemption=pending, fulfilled_by=admin)
    with pytest.raises(RedemptionTransitionRefused):
        redemption_cancel(redemption=pending, cancelled_by=admin)
    with pytest.raises(RedemptionTransitionRefused):
        redemption_fulfill(redemption=pending, fulfilled_by=admin)


def test_a_pending_request_cannot_be_fulfilled(pending, admin):
    with pytest.raises(RedemptionTransitionRefused):
        redemption_fulfill(redemption=pending, fulfilled_by=admin)


def test_stock_is_released_exactly_once_per_request(website, client_user, admin):
    item = RedemptionItemFactory(website=website, points_required=10, stock_quantity=1)
    redemption = redemption_create(client=client_user, item_id=item.pk)
    with pytest.raises(RedemptionRefused):
        redemption_create(client=client_user, item_id=item.pk)
    redemption_cancel(redemption=redemption, cancelled_by=admin)
    with pytest.raises(RedemptionTransitionRefused):
        redemption_cancel(redemption=redemption, cancelled_by=admin)
    assert RedemptionItem.objects.get(pk=item.pk).stock_quantity == 1


def test_requested_at_is_recorded(pending):
    assert timezone.now() - pending.requested_at < timedelta(minutes=1)
