"""The demo seed: tiers, a catalog with every type, balances and requests in every state, once."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from loyalty_management import demo
from loyalty_management.models import (
    LoyaltyAccount,
    LoyaltyTier,
    LoyaltyTransaction,
    RedemptionItem,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)
from order_payments_management.models import PaymentType
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.loyalty_management.factories import payment_completed_for
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


def _context() -> dict:
    websites = [WebsiteFactory(), WebsiteFactory()]
    return {
        "websites": websites,
        "admins": {w.slug: AdminFactory(website=w) for w in websites},
        "writers": {w.slug: WriterFactory.create_batch(2, website=w) for w in websites},
        "clients": {w.slug: ClientFactory.create_batch(6, website=w) for w in websites},
    }


def _snapshot() -> tuple:
    return (
        LoyaltyTransaction.objects.count(),
        RedemptionRequest.objects.count(),
        RedemptionItem.objects.count(),
        LoyaltyTier.objects.count(),
        list(LoyaltyAccount.objects.order_by("id").values_list("points_balance", "points_held")),
    )


def test_the_demo_seeds_the_program_once(django_capture_on_commit_callbacks):
    context = _context()
    website = context["websites"][0]
    client = context["clients"][website.slug][0]
    # Paid before the loyalty demo runs; its signal fires on commit, as in `seed_demo`.
    with django_capture_on_commit_callbacks(execute=True):
        signalled = payment_completed_for(client, Decimal("120.00"))
    # And one whose signal never reached the loyalty app: the demo earns its points.
    unsignalled = payment_completed_for(
        client, Decimal("80.00"), payment_type=PaymentType.CLASS_DEPOSIT
    )

    demo.seed(context)
    first = _snapshot()
    demo.seed(context)

    assert _snapshot() == first
    earned = LoyaltyTransaction.objects.filter(kind="earn")
    assert set(earned.values_list("payment", flat=True)) == {signalled.pk, unsignalled.pk}
    for site in context["websites"]:
        assert list(
            LoyaltyTier.objects.filter(website=site).order_by("rank").values_list("name", flat=True)
        ) == ["Bronze", "Silver", "Gold", "Platinum"]
        types = set(
            RedemptionItem.objects.filter(website=site).values_list("redemption_type", flat=True)
        )
        assert types == set(RedemptionType.values)
        statuses = set(
            RedemptionRequest.objects.filter(website=site).values_list("status", flat=True)
        )
        assert statuses == set(RedemptionStatus.values)
        accounts = LoyaltyAccount.objects.filter(website=site)
        assert accounts.count() == 6
        assert all(account.points_balance > 0 for account in accounts)
        assert accounts.filter(points_held__gt=0).exists()
    for account in LoyaltyAccount.objects.all():
        ledger = account.transactions.aggregate(
            points=Sum("points"), held=Sum("points_held_change")
        )
        assert (ledger["points"], ledger["held"]) == (account.points_balance, account.points_held)
