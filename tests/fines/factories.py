from decimal import Decimal

import factory
from django.utils import timezone

from fines.models import (
    AppealDecision,
    Fine,
    FineAppeal,
    FineCalculation,
    FineStatus,
    FineTypeConfig,
    FineTypeOrigin,
)
from tests.accounts.factories import AdminFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory


class FineTypeConfigFactory(factory.django.DjangoModelFactory):
    """A fixed 10.00 fine type of its own website."""

    class Meta:
        model = FineTypeConfig

    website = factory.SubFactory(WebsiteFactory)
    code = factory.Sequence(lambda n: f"fine-type-{n}")
    name = factory.LazyAttribute(lambda o: o.code.replace("-", " ").title())
    calculation = FineCalculation.FIXED
    amount = Decimal("10.00")
    origin = FineTypeOrigin.ADMIN


class GlobalFineTypeConfigFactory(FineTypeConfigFactory):
    website = None


class PercentageFineTypeConfigFactory(FineTypeConfigFactory):
    calculation = FineCalculation.PERCENTAGE
    amount = None
    percentage = Decimal("10.00")


class FineFactory(factory.django.DjangoModelFactory):
    """An issued 10.00 fine on an order of its website, against the order's writer."""

    class Meta:
        model = Fine

    order = factory.SubFactory(OrderFactory)
    website = factory.SelfAttribute("order.website")
    writer = factory.SelfAttribute("order.writer")
    fine_type = factory.SubFactory(
        FineTypeConfigFactory, website=factory.SelfAttribute("..website")
    )
    amount = Decimal("10.00")
    reason = "Delivered late."
    status = FineStatus.ISSUED
    issued_by = factory.SubFactory(AdminFactory, website=factory.SelfAttribute("..website"))
    issued_at = factory.LazyFunction(timezone.now)


class FineAppealFactory(factory.django.DjangoModelFactory):
    """A pending appeal on an appealed fine."""

    class Meta:
        model = FineAppeal

    fine = factory.SubFactory(
        FineFactory,
        status=FineStatus.APPEALED,
        appealed_at=factory.LazyFunction(timezone.now),
        appealed_by=factory.SelfAttribute("writer"),
    )
    reason = "The client extended the deadline."
    decision = AppealDecision.PENDING
