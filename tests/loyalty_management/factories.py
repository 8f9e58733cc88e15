"""Factories of the loyalty program, each pinned to one website.

Points only ever arrive through the services (`points_give`, `payment_completed_for`), so every
balance is the sum of its ledger.
"""

from decimal import Decimal

import factory
from django.db import transaction

from loyalty_management.models import (
    Badge,
    LoyaltySettings,
    LoyaltyTier,
    Milestone,
    MilestoneKind,
    RedemptionCategory,
    RedemptionItem,
    RedemptionType,
)
from loyalty_management.services import points_award
from order_payments_management.models import PaymentMethod, PaymentStatus, PaymentType
from order_payments_management.services import payment_create, payment_transition
from tests.accounts.factories import AdminFactory, ClientFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory


class LoyaltySettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoyaltySettings
        django_get_or_create = ("website",)

    website = factory.SubFactory(WebsiteFactory)
    points_per_currency_unit = Decimal("1.00")
    points_expiry_months = None
    is_active = True


class LoyaltyTierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LoyaltyTier

    website = factory.SubFactory(WebsiteFactory)
    name = factory.Sequence(lambda n: f"Tier {n}")
    rank = 1
    min_lifetime_points = 0
    multiplier = Decimal("1.00")
    perks = factory.LazyFunction(list)


class BadgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Badge

    website = factory.SubFactory(WebsiteFactory)
    name = factory.Sequence(lambda n: f"Badge {n}")
    description = "A badge"
    icon = "star"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    website = factory.SubFactory(WebsiteFactory)
    name = factory.Sequence(lambda n: f"Milestone {n}")
    kind = MilestoneKind.LIFETIME_POINTS
    threshold = Decimal("100")
    badge = factory.SubFactory(BadgeFactory, website=factory.SelfAttribute("..website"))
    bonus_points = 0


class RedemptionCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RedemptionCategory

    website = factory.SubFactory(WebsiteFactory)
    name = factory.Sequence(lambda n: f"Category {n}")
    sort_order = 0


class RedemptionItemFactory(factory.django.DjangoModelFactory):
    """A product worth 100 points, unlimited, in its own category of its website."""

    class Meta:
        model = RedemptionItem

    website = factory.SubFactory(WebsiteFactory)
    category = factory.SubFactory(
        RedemptionCategoryFactory, website=factory.SelfAttribute("..website")
    )
    name = factory.Sequence(lambda n: f"Reward {n}")
    points_required = 100
    redemption_type = RedemptionType.PRODUCT


def discount_item(**kwargs) -> RedemptionItem:
    kwargs.setdefault("discount_amount", Decimal("10.00"))
    return RedemptionItemFactory(redemption_type=RedemptionType.DISCOUNT, **kwargs)


def cash_item(**kwargs) -> RedemptionItem:
    kwargs.setdefault("cash_amount", Decimal("5.00"))
    return RedemptionItemFactory(redemption_type=RedemptionType.CASH, **kwargs)


def client_of(website, **kwargs):
    return ClientFactory(website=website, **kwargs)


def admin_of(website, **kwargs):
    return AdminFactory(website=website, **kwargs)


def points_give(client, points: int, reason: str = "Test points"):
    """Give a client points through the award service (an admin of their website awards them)."""
    return points_award(
        client=client, points=points, reason=reason, awarded_by=admin_of(client.website)
    )


def payment_completed_for(
    client, amount: Decimal, payment_type: str = PaymentType.ORDER, order=None
):
    """A completed (manually confirmed) payment; `payment_completed` fires when the test's
    `django_capture_on_commit_callbacks(execute=True)` block ends, or at once outside one.
    """
    if payment_type == PaymentType.ORDER and order is None:
        order = OrderFactory(
            website=client.website, client=client, total_price=amount, writer_compensation=0
        )
    with transaction.atomic():
        payment = payment_create(
            website=client.website,
            client=client,
            amount=Decimal(amount),
            payment_type=payment_type,
            method=PaymentMethod.MANUAL,
            order=order if payment_type == PaymentType.ORDER else None,
        )
        return payment_transition(payment=payment, status=PaymentStatus.COMPLETED)
