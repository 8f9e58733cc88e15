"""Demo wallets, discount codes and paid orders for `manage.py seed_demo` (idempotent).

Every client's wallet is funded (later apps' demos pay tips and classes from it), every writer
has a wallet, each website gets a few codes (one of them used up), and some orders are paid
through `order_pay`, so their payments, ledger rows and discount usages are real. One of them
is refunded; the even-numbered ones are paid and started, so tips and fines have orders under
way to refer to.
"""

from datetime import UTC, datetime
from decimal import Decimal

from core.demo_support import demo_random
from order_payments_management.models import (
    Discount,
    DiscountType,
    OrderPayment,
    PaymentType,
    WalletTransaction,
    WalletTransactionKind,
)
from order_payments_management.services import (
    discount_create,
    order_pay,
    payment_refund,
    wallet_credit,
    wallet_get_or_create,
)
from orders.models import Order, OrderStatus
from orders.services import order_status_change

DEMO_TOPUP_REFERENCE = "demo:opening-balance"
DEMO_DISCOUNTS = (
    {
        "code": "WELCOME10",
        "description": "10 % off, once per client",
        "discount_type": DiscountType.PERCENT,
        "value": Decimal("10.00"),
        "per_user_limit": 1,
    },
    {
        "code": "SAVE15",
        "description": "15.00 off orders of 100.00 or more",
        "discount_type": DiscountType.FIXED,
        "value": Decimal("15.00"),
        "min_order_value": Decimal("100.00"),
    },
    {
        "code": "FIRST50",
        "description": "50 % off for the very first customer (used up)",
        "discount_type": DiscountType.PERCENT,
        "value": Decimal("50.00"),
        "max_uses": 1,
    },
    {
        "code": "WINTER20",
        "description": "Last winter's campaign (expired)",
        "discount_type": DiscountType.PERCENT,
        "value": Decimal("20.00"),
        "valid_from": datetime(2025, 12, 1, tzinfo=UTC),
        "valid_until": datetime(2026, 3, 1, tzinfo=UTC),
    },
)
# (order number suffix, discount code): paid from the client's wallet; the last is refunded.
DEMO_PAYMENTS = (("0001", "WELCOME10"), ("0003", "FIRST50"), ("0005", None), ("0007", None))
REFUNDED_SUFFIX = "0007"
# Paid from the client's wallet, then started: the orders under way.
DEMO_STARTED_SUFFIXES = ("0002", "0004", "0006", "0008", "0010", "0012")


def _fund_wallets(website, clients, writers, admin, rng) -> None:
    for client in clients:
        amount = Decimal(rng.randrange(1000, 2001))
        wallet = wallet_get_or_create(user=client, website=website)
        if not WalletTransaction.objects.filter(
            wallet=wallet, reference=DEMO_TOPUP_REFERENCE
        ).exists():
            wallet_credit(
                wallet=wallet,
                amount=amount,
                kind=WalletTransactionKind.TOPUP,
                reason="Demo opening balance",
                created_by=admin,
                reference=DEMO_TOPUP_REFERENCE,
            )
    for writer in writers:
        wallet_get_or_create(user=writer, website=website)


def _create_discounts(website, admin) -> list[Discount]:
    discounts = []
    for spec in DEMO_DISCOUNTS:
        discount = Discount.objects.filter(website=website, code=spec["code"]).first()
        if discount is None:
            discount = discount_create(website=website, created_by=admin, **spec)
        discounts.append(discount)
    return discounts


def _pay_orders(website, admin) -> None:
    prefix = website.slug.upper()
    for suffix, code in DEMO_PAYMENTS:
        order = Order.objects.filter(website=website, order_number=f"{prefix}-{suffix}").first()
        if order is None:
            continue
        paid_before = OrderPayment.objects.filter(order=order, payment_type=PaymentType.ORDER)
        if order.status == OrderStatus.UNPAID and not paid_before.exists():
            payment = order_pay(order=order, client=order.client, discount_code=code)
            if suffix == REFUNDED_SUFFIX:
                payment_refund(
                    payment=payment,
                    refunded_by=admin,
                    reason="Demo: the client cancelled before work started",
                )


def _start_orders(website) -> None:
    prefix = website.slug.upper()
    for suffix in DEMO_STARTED_SUFFIXES:
        order = Order.objects.filter(website=website, order_number=f"{prefix}-{suffix}").first()
        if order is None or order.status != OrderStatus.UNPAID:
            continue
        order_pay(order=order, client=order.client, discount_code=None)
        order.refresh_from_db()
        order_status_change(order=order, status=OrderStatus.IN_PROGRESS)


def seed(context: dict) -> None:
    rng = demo_random("order_payments_management")
    context["discounts"] = {}
    for website in context["websites"]:
        slug = website.slug
        admin = context["admins"][slug]
        _fund_wallets(website, context["clients"][slug], context["writers"][slug], admin, rng)
        context["discounts"][slug] = _create_discounts(website, admin)
        _pay_orders(website, admin)
        _start_orders(website)
