"""Earning from payments, refunds, awards and deductions, tiers, milestones."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import IntegrityError, transaction

from core.exceptions import DomainError
from loyalty_management.exceptions import InsufficientPoints, ReasonRequired
from loyalty_management.models import (
    ClientBadge,
    LoyaltyAccount,
    LoyaltyTransaction,
    LoyaltyTransactionKind,
    MilestoneKind,
)
from loyalty_management.receivers import payment_completed_receiver
from loyalty_management.services import (
    points_award,
    points_deduct,
    points_earn_for_payment,
    points_refund_for_payment,
    redemption_create,
)
from order_payments_management.models import PaymentType
from order_payments_management.services import payment_refund
from order_payments_management.signals import payment_completed
from tests.loyalty_management.factories import (
    LoyaltySettingsFactory,
    LoyaltyTierFactory,
    MilestoneFactory,
    RedemptionItemFactory,
    admin_of,
    client_of,
    payment_completed_for,
    points_give,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


def account_of(client) -> LoyaltyAccount:
    return LoyaltyAccount.objects.get(client=client)


@pytest.fixture
def website():
    return WebsiteFactory()


@pytest.fixture
def client_user(website):
    return client_of(website)


# Earning -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payment_type",
    [PaymentType.ORDER, PaymentType.CLASS_DEPOSIT, PaymentType.CLASS_INSTALLMENT],
)
def test_order_and_class_payments_earn_points_when_they_complete(
    client_user, payment_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_completed_for(client_user, Decimal("120.50"), payment_type=payment_type)
    account = account_of(client_user)
    assert (account.points_balance, account.lifetime_points) == (120, 120)
    row = LoyaltyTransaction.objects.get(payment=payment)
    assert (row.kind, row.points, row.balance_after) == ("earn", 120, 120)


@pytest.mark.parametrize("payment_type", [PaymentType.TIP, PaymentType.WALLET_TOPUP])
def test_tips_and_wallet_top_ups_earn_nothing(
    client_user, payment_type, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment_completed_for(client_user, Decimal("80.00"), payment_type=payment_type)
    assert not LoyaltyTransaction.objects.exists()


def test_points_use_the_rate_and_the_tier_multiplier_rounded_down(
    website, client_user, django_capture_on_commit_callbacks
):
    LoyaltySettingsFactory(website=website, points_per_currency_unit=Decimal("1.50"))
    LoyaltyTierFactory(website=website, rank=1, min_lifetime_points=0, multiplier=Decimal("1.25"))
    with django_capture_on_commit_callbacks(execute=True):
        payment_completed_for(client_user, Decimal("33.33"))
    # 33.33 x 1.50 x 1.25 = 62.49375 -> 62
    assert account_of(client_user).points_balance == 62


def test_an_inactive_program_earns_nothing(
    website, client_user, django_capture_on_commit_callbacks
):
    LoyaltySettingsFactory(website=website, is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        payment_completed_for(client_user, Decimal("50.00"))
    assert not LoyaltyTransaction.objects.exists()


def test_a_payment_earns_once_however_often_it_is_signalled(
    client_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_completed_for(client_user, Decimal("40.00"))
    payment_completed.send(sender=type(payment), payment=payment)
    payment_completed_receiver(sender=None, payment=payment)
    assert points_earn_for_payment(payment=payment) is None
    assert account_of(client_user).points_balance == 40
    assert LoyaltyTransaction.objects.filter(kind="earn").count() == 1


def test_the_database_refuses_a_second_earn_row_for_one_payment(
    client_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_completed_for(client_user, Decimal("40.00"))
    earned = LoyaltyTransaction.objects.get(payment=payment)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyTransaction.objects.create(
            website=earned.website,
            account=earned.account,
            kind=LoyaltyTransactionKind.EARN,
            points=40,
            balance_after=80,
            reason="again",
            payment=payment,
        )


# Refunds -----------------------------------------------------------------------------------------


def test_a_refund_takes_back_what_the_payment_earned_once(
    website, client_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_completed_for(client_user, Decimal("60.00"))
        points_give(client_user, 10)
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, refunded_by=admin_of(website), reason="Duplicate")
    assert points_refund_for_payment(payment=payment) is None  # a second delivery changes nothing
    account = account_of(client_user)
    assert (account.points_balance, account.lifetime_points) == (10, 10)
    refund = LoyaltyTransaction.objects.get(kind="refund", payment=payment)
    assert (refund.points, refund.shortfall) == (-60, 0)


def test_a_refund_never_takes_the_balance_below_zero_and_owes_the_shortfall(
    website, client_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_completed_for(client_user, Decimal("100.00"))
    points_deduct(client=client_user, points=70, reason="Spent", deducted_by=admin_of(website))
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, refunded_by=admin_of(website), reason="Cancelled")
    account = account_of(client_user)
    assert (account.points_balance, account.lifetime_points, account.points_debt) == (0, 0, 70)
    refund = LoyaltyTransaction.objects.get(kind="refund", payment=payment)
    assert (refund.points, refund.shortfall, refund.debt_change, refund.debt_after) == (
        -30,
        70,
        70,
        70,
    )
    assert "70 owed" in refund.reason


def test_a_refund_leaves_held_points_alone(
    website, client_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_completed_for(client_user, Decimal("100.00"))
    item = RedemptionItemFactory(website=website, points_required=80)
    redemption_create(client=client_user, item_id=item.pk)
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, refunded_by=admin_of(website), reason="Cancelled")
    account = account_of(client_user)
    assert (account.points_balance, account.points_held, account.points_debt) == (80, 80, 80)
    assert LoyaltyTransaction.objects.get(kind="refund").shortfall == 80


# Awards and deductions ---------------------------------------------------------------------------


def test_an_admin_award_is_audited_and_counts_towards_lifetime_points(website, client_user):
    admin = admin_of(website)
    row = points_award(client=client_user, points=250, reason=" Goodwill ", awarded_by=admin)
    assert (row.kind, row.points, row.reason, row.created_by) == ("adjust", 250, "Goodwill", admin)
    assert account_of(client_user).lifetime_points == 250


@pytest.mark.parametrize("reason", ["", "   "])
def test_award_and_deduct_need_a_reason(website, client_user, reason):
    with pytest.raises(ReasonRequired):
        points_award(client=client_user, points=5, reason=reason, awarded_by=admin_of(website))
    with pytest.raises(ReasonRequired):
        points_deduct(client=client_user, points=5, reason=reason, deducted_by=admin_of(website))


@pytest.mark.parametrize("points", [0, -5, True, 10**9])
def test_award_refuses_points_that_are_not_a_sensible_whole_number(website, client_user, points):
    with pytest.raises(DomainError) as refused:
        points_award(client=client_user, points=points, reason="x", awarded_by=admin_of(website))
    assert refused.value.field == "points"


def test_a_deduction_cannot_overdraw_the_available_points(website, client_user):
    points_give(client_user, 50)
    with pytest.raises(InsufficientPoints):
        points_deduct(
            client=client_user, points=51, reason="Too much", deducted_by=admin_of(website)
        )
    points_deduct(client=client_user, points=50, reason="All of it", deducted_by=admin_of(website))
    account = account_of(client_user)
    assert (account.points_balance, account.lifetime_points) == (0, 50)


def test_the_database_refuses_a_negative_balance(client_user):
    points_give(client_user, 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyAccount.objects.filter(client=client_user).update(points_balance=-1)


def test_the_database_refuses_more_held_than_the_balance(client_user):
    points_give(client_user, 5)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyAccount.objects.filter(client=client_user).update(points_held=6)


# Tiers -------------------------------------------------------------------------------------------


def test_the_tier_follows_lifetime_points_not_the_spendable_balance(website, client_user):
    bronze = LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=0)
    silver = LoyaltyTierFactory(website=website, name="Silver", rank=2, min_lifetime_points=500)
    points_give(client_user, 100)
    assert account_of(client_user).tier == bronze
    points_give(client_user, 450)
    assert account_of(client_user).tier == silver
    points_deduct(client=client_user, points=500, reason="Spent", deducted_by=admin_of(website))
    assert account_of(client_user).tier == silver


def test_a_refund_moves_the_client_down_again(
    website, client_user, django_capture_on_commit_callbacks
):
    LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=0)
    LoyaltyTierFactory(website=website, name="Silver", rank=2, min_lifetime_points=500)
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_completed_for(client_user, Decimal("600.00"))
    assert account_of(client_user).tier.name == "Silver"
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, refunded_by=admin_of(website), reason="Cancelled")
    assert account_of(client_user).tier.name == "Bronze"


def test_the_multiplier_of_the_tier_before_a_payment_applies_to_it(
    website, client_user, django_capture_on_commit_callbacks
):
    LoyaltyTierFactory(website=website, rank=1, min_lifetime_points=0, multiplier=Decimal("1.00"))
    LoyaltyTierFactory(website=website, rank=2, min_lifetime_points=100, multiplier=Decimal("2.00"))
    with django_capture_on_commit_callbacks(execute=True):
        payment_completed_for(client_user, Decimal("150.00"))
    with django_capture_on_commit_callbacks(execute=True):
        payment_completed_for(client_user, Decimal("10.00"))
    assert account_of(client_user).points_balance == 150 + 20


# Milestones --------------------------------------------------------------------------------------


def test_a_milestone_awards_its_badge_and_bonus_once(website, client_user):
    milestone = MilestoneFactory(website=website, threshold=Decimal("100"), bonus_points=25)
    points_give(client_user, 100)
    points_give(client_user, 100)
    assert ClientBadge.objects.filter(client=client_user, milestone=milestone).count() == 1
    bonus = LoyaltyTransaction.objects.get(kind="bonus")
    assert (bonus.points, bonus.milestone) == (25, milestone)
    account = account_of(client_user)
    assert (account.points_balance, account.lifetime_points) == (225, 225)


def test_a_bonus_can_reach_the_next_milestone(website, client_user):
    MilestoneFactory(website=website, threshold=Decimal("100"), bonus_points=100)
    second = MilestoneFactory(website=website, threshold=Decimal("200"), bonus_points=0)
    points_give(client_user, 100)
    assert ClientBadge.objects.filter(client=client_user, milestone=second).exists()


def test_orders_paid_and_amount_spent_milestones_count_completed_payments(
    website, client_user, django_capture_on_commit_callbacks
):
    two_orders = MilestoneFactory(
        website=website, kind=MilestoneKind.ORDERS_PAID, threshold=Decimal("2")
    )
    big_spender = MilestoneFactory(
        website=website, kind=MilestoneKind.AMOUNT_SPENT, threshold=Decimal("150.00")
    )
    with django_capture_on_commit_callbacks(execute=True):
        payment_completed_for(client_user, Decimal("100.00"))
    assert not ClientBadge.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        payment_completed_for(client_user, Decimal("50.00"), payment_type=PaymentType.CLASS_DEPOSIT)
    assert set(ClientBadge.objects.values_list("milestone", flat=True)) == {big_spender.pk}
    with django_capture_on_commit_callbacks(execute=True):
        payment_completed_for(client_user, Decimal("5.00"))
    assert set(ClientBadge.objects.values_list("milestone", flat=True)) == {
        big_spender.pk,
        two_orders.pk,
    }


def test_an_inactive_milestone_awards_nothing(website, client_user):
    MilestoneFactory(website=website, threshold=Decimal("10"), is_active=False)
    points_give(client_user, 100)
    assert not ClientBadge.objects.exists()


def test_a_failure_while_earning_is_logged_and_never_breaks_the_payment(
    client_user, django_capture_on_commit_callbacks, caplog
):
    # Earning fails both in the task and when the receiver moves the points itself.
    boom = RuntimeError("boom")
    with (
        mock.patch("loyalty_management.tasks.points_earn_for_payment", side_effect=boom),
        mock.patch("loyalty_management.receivers.points_earn_for_payment", side_effect=boom),
        django_capture_on_commit_callbacks(execute=True),
    ):
        payment = payment_completed_for(client_user, Decimal("40.00"))
    assert f"The points of payment {payment.pk} could not be moved" in caplog.text
    assert not LoyaltyTransaction.objects.exists()
    points_earn_for_payment(payment=payment)  # earning later, by hand, still works
    assert account_of(client_user).points_balance == 40
