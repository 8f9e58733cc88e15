"""`seed_demo`'s payments part: funded wallets, codes, real paid orders and a refund, twice."""

from decimal import Decimal

import pytest

from accounts import demo as accounts_demo
from order_payments_management import demo
from order_payments_management.models import (
    Discount,
    DiscountUsage,
    OrderPayment,
    PaymentStatus,
    Wallet,
    WalletTransaction,
    WalletTransactionKind,
)
from order_payments_management.selectors import wallets_with_ledger_mismatch
from orders import demo as orders_demo
from orders.models import Order, OrderStatus
from websites import demo as websites_demo

pytestmark = pytest.mark.django_db


def _seed() -> dict:
    context: dict = {"logins": []}
    for module in (websites_demo, accounts_demo, orders_demo, demo):
        module.seed(context)
    return context


def _snapshot() -> tuple:
    return tuple(
        model.objects.count()
        for model in (Wallet, WalletTransaction, OrderPayment, Discount, DiscountUsage)
    )


def test_the_demo_funds_every_client_and_pays_real_orders():
    context = _seed()
    for website in context["websites"]:
        for client in context["clients"][website.slug]:
            wallet = Wallet.objects.get(user=client, website=website)
            topup = wallet.transactions.get(kind=WalletTransactionKind.TOPUP)
            assert Decimal("1000") <= topup.amount <= Decimal("2000")
            assert wallet.balance > Decimal("500.00")
        for writer in context["writers"][website.slug]:
            assert Wallet.objects.filter(user=writer, website=website).exists()

        payments = OrderPayment.objects.filter(website=website)
        # Three paid orders waiting, six paid and started (the even ones), one refunded.
        assert payments.filter(status=PaymentStatus.COMPLETED).count() == 3 + 6
        started = Order.objects.filter(website=website, status=OrderStatus.IN_PROGRESS)
        assert started.count() == 6
        assert set(started.values_list("payments__status", flat=True)) == {"completed"}
        assert payments.filter(status=PaymentStatus.REFUNDED).count() == 1
        codes = {d.code: d for d in Discount.objects.filter(website=website)}
        assert set(codes) == {"WELCOME10", "SAVE15", "FIRST50", "WINTER20"}
        assert codes["FIRST50"].used_count == codes["FIRST50"].max_uses == 1
        assert DiscountUsage.objects.filter(discount__website=website).count() == 2
    assert not wallets_with_ledger_mismatch().exists()


def test_seeding_twice_changes_nothing():
    _seed()
    first = _snapshot()
    _seed()
    assert _snapshot() == first
