"""A randomized workload keeps every invariant: ledger sums == balance, held and debt."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.exceptions import DomainError
from loyalty_management.models import (
    REDEMPTION_LIVE_STATUSES,
    LoyaltyAccount,
    LoyaltyTransaction,
    RedemptionItem,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)
from loyalty_management.services import (
    points_award,
    points_deduct,
    points_expire,
    redemption_approve,
    redemption_cancel,
    redemption_create,
    redemption_fulfill,
    redemption_reject,
)
from order_payments_management.models import OrderPayment, PaymentStatus, PaymentType
from order_payments_management.services import payment_refund
from tests.loyalty_management.factories import (
    LoyaltySettingsFactory,
    LoyaltyTierFactory,
    MilestoneFactory,
    RedemptionItemFactory,
    admin_of,
    cash_item,
    client_of,
    discount_item,
    payment_completed_for,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

STEPS = 300


def assert_invariants(website, stock_at_start: dict[int, int]) -> None:
    for account in LoyaltyAccount.objects.filter(website=website):
        ledger = LoyaltyTransaction.objects.filter(account=account).aggregate(
            points=Sum("points"), held=Sum("points_held_change"), debt=Sum("debt_change")
        )
        pending_holds = RedemptionRequest.objects.filter(
            account=account, status=RedemptionStatus.PENDING
        ).aggregate(points=Sum("points_used"))["points"]
        assert (ledger["points"] or 0) == account.points_balance
        assert (ledger["held"] or 0) == account.points_held
        assert (pending_holds or 0) == account.points_held
        assert 0 <= account.points_held <= account.points_balance
        assert (ledger["debt"] or 0) == account.points_debt >= 0
        assert account.points_debt == 0 or account.points_available == 0  # the debt comes first
        last = LoyaltyTransaction.objects.filter(account=account).order_by("-id").first()
        if last is not None:
            assert (last.balance_after, last.held_after, last.debt_after) == (
                account.points_balance,
                account.points_held,
                account.points_debt,
            )
    # Every refunded payment that earned points had them taken back in full, now or as a debt.
    for refund in LoyaltyTransaction.objects.filter(website=website, kind="refund").exclude(
        payment=None
    ):
        earned = LoyaltyTransaction.objects.get(kind="earn", payment=refund.payment_id)
        assert -refund.points + refund.debt_change == earned.points
    for item in RedemptionItem.objects.filter(website=website).annotate(
        live=Count("requests", filter=Q(requests__status__in=REDEMPTION_LIVE_STATUSES)),
        spent=Count(
            "requests",
            filter=Q(requests__status__in=(RedemptionStatus.APPROVED, RedemptionStatus.FULFILLED)),
        ),
    ):
        assert item.total_redemptions == item.spent
        if item.pk in stock_at_start:
            assert item.stock_quantity == stock_at_start[item.pk] - item.live


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_random_workload_keeps_the_ledger_and_the_holds_consistent(
    seed, django_capture_on_commit_callbacks
):
    rng = random.Random(seed)
    website = WebsiteFactory()
    LoyaltySettingsFactory(website=website, points_expiry_months=6)
    LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=0)
    LoyaltyTierFactory(
        website=website, name="Silver", rank=2, min_lifetime_points=800, multiplier=Decimal("1.5")
    )
    MilestoneFactory(website=website, threshold=Decimal("500"), bonus_points=40)
    admins = [admin_of(website) for _ in range(2)]
    clients = [client_of(website) for _ in range(4)]
    items = [
        RedemptionItemFactory(website=website, points_required=120, stock_quantity=6),
        RedemptionItemFactory(
            website=website, redemption_type=RedemptionType.SERVICE, points_required=300
        ),
        RedemptionItemFactory(website=website, points_required=90, max_per_client=2),
        RedemptionItemFactory(website=website, points_required=200, min_tier_level=2),
        discount_item(website=website, points_required=150, stock_quantity=5),
        cash_item(website=website, points_required=250),
        RedemptionItemFactory(
            website=website, redemption_type=RedemptionType.VOUCHER, points_required=60
        ),
    ]
    stock_at_start = {item.pk: item.stock_quantity for item in items if item.stock_quantity}

    def earn():
        with django_capture_on_commit_callbacks(execute=True):
            payment_completed_for(
                rng.choice(clients),
                Decimal(rng.randrange(500, 40000)) / 100,
                payment_type=rng.choice([PaymentType.ORDER, PaymentType.CLASS_INSTALLMENT]),
            )

    def refund():
        payments = list(
            OrderPayment.objects.filter(website=website, status=PaymentStatus.COMPLETED)
        )
        if payments:
            with django_capture_on_commit_callbacks(execute=True):
                payment_refund(
                    payment=rng.choice(payments), refunded_by=rng.choice(admins), reason="Refund"
                )

    def request():
        redemption_create(client=rng.choice(clients), item_id=rng.choice(items).pk)

    def decide():
        requests = RedemptionRequest.objects.filter(website=website).order_by("id")
        undecided = list(
            requests.filter(status__in=(RedemptionStatus.PENDING, RedemptionStatus.APPROVED))
        )
        admin = rng.choice(admins)
        everything = ["approve", "fulfill", "reject", "cancel", "client_cancel"]
        if undecided and rng.random() < 0.8:  # mostly a decision the request's state allows
            redemption = rng.choice(undecided)
            action = rng.choice(
                ["approve", "approve", "reject", "cancel", "client_cancel"]
                if redemption.status == RedemptionStatus.PENDING
                else ["fulfill", "fulfill", "cancel"]
            )
        else:  # sometimes any decision on any request: a stale one must be refused
            if not requests:
                return
            redemption, action = rng.choice(list(requests)), rng.choice(everything)
        done.append(action)  # popped again below when the decision is refused
        if action == "approve":
            redemption_approve(redemption=redemption, approved_by=admin)
        elif action == "fulfill":
            redemption_fulfill(redemption=redemption, fulfilled_by=admin)
        elif action == "reject":
            redemption_reject(redemption=redemption, rejected_by=admin, reason="No")
        elif action == "cancel":
            redemption_cancel(redemption=redemption, cancelled_by=admin)
        else:
            redemption_cancel(redemption=redemption, cancelled_by=redemption.client)

    def adjust():
        client, admin = rng.choice(clients), rng.choice(admins)
        if rng.random() < 0.5:
            points_award(
                client=client, points=rng.randrange(1, 300), reason="Award", awarded_by=admin
            )
        else:
            points_deduct(
                client=client, points=rng.randrange(1, 300), reason="Deduct", deducted_by=admin
            )

    def age_and_expire():
        # Pretend some earlier rows are old, then run the nightly expiry.
        old = timezone.now() - timedelta(days=rng.randrange(200, 400))
        rows = list(
            LoyaltyTransaction.objects.filter(website=website)
            .order_by("id")
            .values_list("pk", flat=True)[: rng.randrange(1, 10)]
        )
        LoyaltyTransaction.objects.filter(pk__in=rows).update(created_at=old)
        points_expire()

    operations = (
        [earn] * 4 + [request] * 8 + [decide] * 10 + [adjust] * 3 + [refund, age_and_expire]
    )
    refused = 0
    done: list[str] = []
    for _step in range(STEPS):
        operation = rng.choice(operations)
        try:
            operation()
        except DomainError:
            refused += 1
            if operation is decide:
                done.pop()
        else:
            done.append(operation.__name__)
        assert_invariants(website, stock_at_start)

    # The workload went through every kind of operation and decision, and some were refused.
    assert set(done) >= {
        "earn",
        "refund",
        "request",
        "adjust",
        "age_and_expire",
        "approve",
        "fulfill",
        "reject",
        "cancel",
        "client_cancel",
    }
    assert 0 < refused < STEPS
    # Refunds of points already spent left debts that later points paid.
    kinds = set(LoyaltyTransaction.objects.filter(website=website).values_list("kind", flat=True))
    assert {"refund", "recovery"} <= kinds
