"""Factories for wallets, payments and discounts, each pinned to one website.

`WalletFactory(balance=...)` funds the wallet through `wallet_credit`, so the balance is always
the sum of the ledger. Passing `user=` (or `client=`, `order=`) without `website=` puts the row on
that user's (or order's) website.
"""

from decimal import Decimal

import factory
from django.utils import timezone

from order_payments_management.models import (
    Discount,
    DiscountOrigin,
    DiscountType,
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    PaymentType,
    Wallet,
    WalletTransactionKind,
)
from order_payments_management.services import wallet_credit
from orders.models import OrderStatus
from tests.accounts.factories import ClientFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory


class _WebsiteFromOwnerMixin:
    """Take the website (and client) from an explicitly given owner, so nothing straddles two
    websites.
    """

    _owner_fields: tuple[str, ...] = ()

    @classmethod
    def _generate(cls, strategy, params):
        params = dict(params)
        order = params.get("order")
        if order is not None and "client" in cls._owner_fields:
            params.setdefault("client", order.client)
        if "website" not in params:
            for name in cls._owner_fields:
                owner = params.get(name)
                if owner is not None and getattr(owner, "website", None) is not None:
                    params["website"] = owner.website
                    break
        return super()._generate(strategy, params)


class WalletFactory(_WebsiteFromOwnerMixin, factory.django.DjangoModelFactory):
    """A client's wallet; `balance=` arrives as one top-up ledger row."""

    _owner_fields = ("user",)

    class Meta:
        model = Wallet

    website = factory.SubFactory(WebsiteFactory)
    user = factory.SubFactory(ClientFactory, website=factory.SelfAttribute("..website"))
    balance = Decimal("0.00")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        balance = Decimal(kwargs.pop("balance", 0) or 0)
        wallet = super()._create(model_class, *args, **kwargs)
        if balance > 0:
            wallet_credit(
                wallet=wallet,
                amount=balance,
                kind=WalletTransactionKind.TOPUP,
                reason="Opening balance",
            )
            wallet.refresh_from_db()
        return wallet


class DiscountFactory(factory.django.DjangoModelFactory):
    """An active 10 % code with no limits."""

    class Meta:
        model = Discount

    website = factory.SubFactory(WebsiteFactory)
    code = factory.Sequence(lambda n: f"CODE{n:04d}")
    description = "Test discount"
    discount_type = DiscountType.PERCENT
    value = Decimal("10.00")
    origin = DiscountOrigin.ADMIN
    is_active = True


class OrderPaymentFactory(_WebsiteFromOwnerMixin, factory.django.DjangoModelFactory):
    """A completed wallet payment for a paid order (no wallet movement is recorded).

    For other payment types pass `payment_type=` (the order is then left empty), e.g.
    `OrderPaymentFactory(payment_type=PaymentType.TIP, client=client)`.
    """

    _owner_fields = ("order", "client")

    class Meta:
        model = OrderPayment

    website = factory.SubFactory(WebsiteFactory)
    client = factory.SubFactory(ClientFactory, website=factory.SelfAttribute("..website"))
    payment_type = PaymentType.ORDER
    order = factory.Maybe(
        factory.LazyAttribute(lambda o: o.payment_type == PaymentType.ORDER),
        yes_declaration=factory.SubFactory(
            OrderFactory,
            website=factory.SelfAttribute("..website"),
            client=factory.SelfAttribute("..client"),
            status=OrderStatus.PAID,
        ),
        no_declaration=None,
    )
    original_amount = factory.LazyAttribute(
        lambda o: o.order.total_price if o.order is not None else Decimal("50.00")
    )
    discount = None
    discount_amount = Decimal("0.00")
    amount = factory.LazyAttribute(lambda o: o.original_amount - o.discount_amount)
    status = PaymentStatus.COMPLETED
    method = PaymentMethod.WALLET
    reference = factory.Sequence(lambda n: f"PAY-TEST-{n:06d}")
    completed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status in (PaymentStatus.COMPLETED,) else None
    )
