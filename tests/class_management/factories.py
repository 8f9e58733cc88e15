from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from class_management.models import ClassBundle, ClassBundleStatus, ClassInstallment
from class_management.services import class_bundle_activate, class_bundle_installments_split
from order_payments_management.models import WalletTransactionKind
from order_payments_management.services import wallet_credit, wallet_get_or_create
from tests.accounts.factories import ClientFactory, WriterFactory
from tests.websites.factories import WebsiteFactory


class ClassBundleFactory(factory.django.DjangoModelFactory):
    """A draft 400.00 bundle with a 100.00 deposit; client and writer share its website."""

    class Meta:
        model = ClassBundle

    website = factory.SubFactory(WebsiteFactory)
    client = factory.SubFactory(ClientFactory, website=factory.SelfAttribute("..website"))
    assigned_writer = factory.SubFactory(WriterFactory, website=factory.SelfAttribute("..website"))
    title = factory.Sequence(lambda n: f"Statistics 101, group {n}")
    course = "STAT 101"
    total_price = Decimal("400.00")
    deposit_required = Decimal("100.00")
    status = ClassBundleStatus.DRAFT


class ClassInstallmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassInstallment

    bundle = factory.SubFactory(ClassBundleFactory)
    installment_number = factory.Sequence(lambda n: n + 1)
    amount = Decimal("100.00")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))


def active_bundle(*, count: int = 3, interval_days: int = 30, **kwargs) -> ClassBundle:
    """Create a bundle, split its balance into `count` installments and activate it."""
    bundle = ClassBundleFactory(**kwargs)
    class_bundle_installments_split(bundle=bundle, count=count, interval_days=interval_days)
    return class_bundle_activate(bundle=bundle)


def fund_wallet(user, amount: Decimal):
    """Top up the user's wallet on their website through the payments service."""
    wallet = wallet_get_or_create(user=user, website=user.website)
    wallet_credit(
        wallet=wallet, amount=Decimal(amount), kind=WalletTransactionKind.TOPUP, reason="Test"
    )
    wallet.refresh_from_db()
    return wallet
