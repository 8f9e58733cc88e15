"""A refund takes back everything its payment brought: points already spent become a debt the
next points pay, and milestones no longer reached lose their badge and bonus."""

from decimal import Decimal

import pytest

from loyalty_management.exceptions import RedemptionRefused
from loyalty_management.models import ClientBadge, LoyaltyAccount, LoyaltyTransaction, MilestoneKind
from loyalty_management.selectors import loyalty_summary_get
from loyalty_management.services import (
    points_award,
    points_refund_for_payment,
    redemption_approve,
    redemption_create,
    redemption_reject,
)
from order_payments_management.services import payment_refund
from tests.loyalty_management.factories import (
    MilestoneFactory,
    RedemptionItemFactory,
    admin_of,
    client_of,
    payment_completed_for,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def website():
    return WebsiteFactory()


@pytest.fixture
def client_user(website):
    return client_of(website)


@pytest.fixture
def earn_and_refund(django_capture_on_commit_callbacks):
    """Earn points with a payment (returned), or refund one, delivering the signals at once."""

    def earn(client, amount: str):
        with django_capture_on_commit_callbacks(execute=True):
            return payment_completed_for(client, Decimal(amount))

    def refund(payment):
        with django_capture_on_commit_callbacks(execute=True):
            payment_refund(payment=payment, refunded_by=admin_of(payment.website), reason="Back")

    return earn, refund


def account_of(client) -> LoyaltyAccount:
    return LoyaltyAccount.objects.get(client=client)


def _state(client) -> tuple[int, int, int, int]:
    account = account_of(client)
    return (
        account.points_balance,
        account.points_held,
        account.points_available,
        account.points_debt,
    )


def _kinds(client) -> list[str]:
    return list(
        LoyaltyTransaction.objects.filter(account__client=client)
        .order_by("id")
        .values_list("kind", flat=True)
    )


# Points already redeemed -------------------------------------------------------------------------


def test_points_redeemed_before_their_payment_is_refunded_are_recovered_from_later_earnings(
    website, client_user, earn_and_refund
):
    earn, refund = earn_and_refund
    payment = earn(client_user, "100.00")
    item = RedemptionItemFactory(website=website, points_required=80)
    redemption_approve(
        redemption=redemption_create(client=client_user, item_id=item.pk),
        approved_by=admin_of(website),
    )
    refund(payment)
    assert _state(client_user) == (0, 0, 0, 80)  # 20 taken back now, 80 owed

    earn(client_user, "50.00")
    assert _state(client_user) == (0, 0, 0, 30)  # the 50 earned all went to the debt
    points_award(client=client_user, points=40, reason="Goodwill", awarded_by=admin_of(website))
    assert _state(client_user) == (10, 0, 10, 0)  # 30 paid the rest; 10 are the client's
    assert _kinds(client_user)[-4:] == ["earn", "recovery", "adjust", "recovery"]
    recovered = LoyaltyTransaction.objects.filter(account__client=client_user, kind="recovery")
    assert sorted(row.points for row in recovered) == [-50, -30]
    assert [row.debt_after for row in recovered.order_by("id")] == [30, 0]


def test_a_client_who_owes_points_cannot_redeem_until_the_debt_is_paid(
    website, client_user, earn_and_refund
):
    earn, refund = earn_and_refund
    payment = earn(client_user, "100.00")
    item = RedemptionItemFactory(website=website, points_required=60)
    redemption_approve(
        redemption=redemption_create(client=client_user, item_id=item.pk),
        approved_by=admin_of(website),
    )
    refund(payment)
    points_award(client=client_user, points=50, reason="Goodwill", awarded_by=admin_of(website))
    with pytest.raises(RedemptionRefused):
        redemption_create(client=client_user, item_id=item.pk)
    summary = loyalty_summary_get(client=client_user)
    assert (summary.points_available, summary.points_debt) == (0, 10)


def test_points_held_by_a_pending_request_are_not_taken_but_pay_the_debt_when_released(
    website, client_user, earn_and_refund
):
    earn, refund = earn_and_refund
    payment = earn(client_user, "100.00")
    item = RedemptionItemFactory(website=website, points_required=80)
    pending = redemption_create(client=client_user, item_id=item.pk)
    refund(payment)
    assert _state(client_user) == (80, 80, 0, 80)
    redemption_reject(redemption=pending, rejected_by=admin_of(website), reason="Sold out")
    assert _state(client_user) == (0, 0, 0, 0)
    assert _kinds(client_user)[-2:] == ["release", "recovery"]


def test_a_refund_delivered_twice_owes_nothing_more(website, client_user, earn_and_refund):
    earn, refund = earn_and_refund
    payment = earn(client_user, "100.00")
    item = RedemptionItemFactory(website=website, points_required=100)
    redemption_approve(
        redemption=redemption_create(client=client_user, item_id=item.pk),
        approved_by=admin_of(website),
    )
    refund(payment)
    assert points_refund_for_payment(payment=payment) is None
    assert _state(client_user) == (0, 0, 0, 100)


# Milestones --------------------------------------------------------------------------------------


def test_a_milestone_reached_by_a_refunded_payment_loses_its_badge_and_bonus(
    website, client_user, earn_and_refund
):
    earn, refund = earn_and_refund
    milestone = MilestoneFactory(website=website, threshold=Decimal("100"), bonus_points=25)
    payment = earn(client_user, "100.00")
    assert ClientBadge.objects.filter(client=client_user, milestone=milestone).exists()
    assert account_of(client_user).points_balance == 125

    refund(payment)
    account = account_of(client_user)
    assert not ClientBadge.objects.filter(client=client_user, milestone=milestone).exists()
    assert (account.points_balance, account.lifetime_points, account.points_debt) == (0, 0, 0)
    reversal = LoyaltyTransaction.objects.get(account=account, kind="reversal")
    assert (reversal.points, reversal.milestone) == (-25, milestone)


def test_a_reversed_bonus_already_spent_is_owed(website, client_user, earn_and_refund):
    earn, refund = earn_and_refund
    MilestoneFactory(website=website, threshold=Decimal("100"), bonus_points=25)
    payment = earn(client_user, "100.00")
    item = RedemptionItemFactory(website=website, points_required=120)
    redemption_approve(
        redemption=redemption_create(client=client_user, item_id=item.pk),
        approved_by=admin_of(website),
    )
    refund(payment)
    # 5 points were left: the refund takes them and owes 95, the bonus is owed in full.
    assert _state(client_user) == (0, 0, 0, 95 + 25)


def test_a_milestone_reached_again_after_a_refund_pays_its_bonus_again(
    website, client_user, earn_and_refund
):
    earn, refund = earn_and_refund
    milestone = MilestoneFactory(website=website, threshold=Decimal("100"), bonus_points=25)
    refund(earn(client_user, "100.00"))
    earn(client_user, "100.00")
    assert ClientBadge.objects.filter(client=client_user, milestone=milestone).exists()
    bonuses = LoyaltyTransaction.objects.filter(account__client=client_user, milestone=milestone)
    assert sorted(bonuses.values_list("kind", "points")) == [
        ("bonus", 25),
        ("bonus", 25),
        ("reversal", -25),
    ]
    assert account_of(client_user).points_balance == 125


def test_an_orders_paid_milestone_is_revoked_when_the_order_is_refunded(
    website, client_user, earn_and_refund
):
    earn, refund = earn_and_refund
    milestone = MilestoneFactory(
        website=website, kind=MilestoneKind.ORDERS_PAID, threshold=Decimal("2"), bonus_points=10
    )
    earn(client_user, "20.00")
    second = earn(client_user, "20.00")
    assert ClientBadge.objects.filter(client=client_user, milestone=milestone).exists()
    refund(second)
    assert not ClientBadge.objects.filter(client=client_user, milestone=milestone).exists()
    assert account_of(client_user).points_balance == 20


def test_a_milestone_still_reached_without_the_refunded_payment_is_kept(
    website, client_user, earn_and_refund
):
    earn, refund = earn_and_refund
    milestone = MilestoneFactory(website=website, threshold=Decimal("100"), bonus_points=25)
    earn(client_user, "150.00")
    small = earn(client_user, "30.00")
    refund(small)
    assert ClientBadge.objects.filter(client=client_user, milestone=milestone).exists()
    assert not LoyaltyTransaction.objects.filter(kind="reversal").exists()
