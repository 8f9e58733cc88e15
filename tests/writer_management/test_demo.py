"""`seed_demo`'s tips part: levels, profiles and a year of tips, consistent and idempotent."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Count
from django.utils import timezone

from accounts import demo as accounts_demo
from order_payments_management.models import OrderPayment
from order_payments_management.selectors import wallets_with_ledger_mismatch
from orders import demo as orders_demo
from websites import demo as websites_demo
from writer_management import demo as tips_demo
from writer_management.models import Tip, WriterLevel, WriterProfile

pytestmark = pytest.mark.django_db


def _seed() -> dict:
    context: dict = {"logins": []}
    for module in (websites_demo, accounts_demo, orders_demo, tips_demo):
        module.seed(context)
    return context


def test_the_demo_seeds_levels_profiles_and_a_year_of_tips_of_every_kind_once():
    context = _seed()
    for website in context["websites"]:
        assert list(
            WriterLevel.objects.filter(website=website)
            .order_by("display_order")
            .values_list("name", "tip_percentage")
        ) == [
            ("Junior", Decimal("30.00")),
            ("Intermediate", Decimal("40.00")),
            ("Senior", Decimal("50.00")),
        ]
        assert WriterProfile.objects.filter(website=website).count() == len(
            context["writers"][website.slug]
        )
    assert Tip.objects.count() >= 300
    statuses = dict(Tip.objects.values_list("payment_status").annotate(n=Count("id")))
    assert {"completed", "failed", "pending", "refunded"} <= set(statuses)
    assert {"direct", "order"} <= set(Tip.objects.values_list("tip_type", flat=True))
    now = timezone.now()
    oldest = Tip.objects.order_by("sent_at").first().sent_at
    newest = Tip.objects.order_by("-sent_at").first().sent_at
    assert now - timedelta(days=366) <= oldest < now - timedelta(days=300)
    assert newest <= now
    # Every tip's payment agrees with it, and every wallet with its ledger.
    assert not Tip.objects.exclude(payment__payment_type="tip").exists()
    for tip in Tip.objects.select_related("payment"):
        assert tip.payment.status == tip.payment_status
        assert tip.payment.amount == tip.tip_amount
    assert not wallets_with_ledger_mismatch().exists()

    counts = (Tip.objects.count(), OrderPayment.objects.count(), WriterLevel.objects.count())
    _seed()  # a second run changes nothing
    assert (
        Tip.objects.count(),
        OrderPayment.objects.count(),
        WriterLevel.objects.count(),
    ) == counts
