"""Factories of writer levels, profiles, tip settings and tips, each pinned to one website.

`TipFactory` writes rows only (a tip and its matching `OrderPayment`), with no wallet movement:
right for lists, filters and reports. Tests about money go through `writer_management.services`.
"""

import secrets
from decimal import Decimal

import factory
from django.utils import timezone

from class_management.models import ClassBundle
from core.money import split_by_percentage
from order_payments_management.models import OrderPayment, PaymentType
from tests.accounts.factories import ClientFactory, WriterFactory
from tests.websites.factories import WebsiteFactory
from writer_management.models import (
    DEFAULT_WRITER_PERCENTAGE,
    Tip,
    TipPaymentMethod,
    TipPaymentStatus,
    TipSettings,
    TipType,
    WriterLevel,
    WriterProfile,
)


class WriterLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WriterLevel

    website = factory.SubFactory(WebsiteFactory)
    name = factory.Sequence(lambda n: f"Level {n}")
    tip_percentage = Decimal("40.00")
    display_order = factory.Sequence(lambda n: n)
    is_active = True


class WriterProfileFactory(factory.django.DjangoModelFactory):
    """A writer of the profile's website, on a level of that website (pass `level=None` for none)."""

    class Meta:
        model = WriterProfile

    website = factory.SubFactory(WebsiteFactory)
    user = factory.SubFactory(WriterFactory, website=factory.SelfAttribute("..website"))
    level = factory.SubFactory(WriterLevelFactory, website=factory.SelfAttribute("..website"))
    pen_name = factory.Sequence(lambda n: f"Pen {n}")


class TipSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TipSettings
        django_get_or_create = ("website",)

    website = factory.SubFactory(WebsiteFactory)


class ClassBundleFactory(factory.django.DjangoModelFactory):
    """A class bundle whose client and assigned writer belong to the bundle's website."""

    class Meta:
        model = ClassBundle

    website = factory.SubFactory(WebsiteFactory)
    client = factory.SubFactory(ClientFactory, website=factory.SelfAttribute("..website"))
    assigned_writer = factory.SubFactory(WriterFactory, website=factory.SelfAttribute("..website"))
    title = "Statistics 101"
    total_price = Decimal("600.00")


def _tip_type(tip) -> str:
    if tip.order is not None:
        return TipType.ORDER
    if tip.class_bundle is not None:
        return TipType.CLASS
    return TipType.DIRECT


def _tip_payment(tip) -> OrderPayment:
    """The tip's `OrderPayment`, in the same state as the tip."""
    completed = tip.payment_status in (TipPaymentStatus.COMPLETED, TipPaymentStatus.REFUNDED)
    return OrderPayment.objects.create(
        website=tip.website,
        client=tip.client,
        payment_type=PaymentType.TIP,
        amount=tip.tip_amount,
        original_amount=tip.tip_amount,
        method=tip.payment_method,
        status=tip.payment_status,
        failure_reason=tip.failure_reason,
        reference=f"TIP-{secrets.token_hex(8).upper()}",
        description=f"Tip to writer {tip.writer.pk}",
        created_by=tip.client,
        completed_at=timezone.now() if completed else None,
        refunded_at=timezone.now() if tip.payment_status == TipPaymentStatus.REFUNDED else None,
    )


class TipFactory(factory.django.DjangoModelFactory):
    """A completed direct wallet tip; the client, the writer and any order, class bundle or level
    belong to the tip's website. Pass `sent_at=` to backdate it.
    """

    class Meta:
        model = Tip

    website = factory.SubFactory(WebsiteFactory)
    client = factory.SubFactory(ClientFactory, website=factory.SelfAttribute("..website"))
    writer = factory.SubFactory(WriterFactory, website=factory.SelfAttribute("..website"))
    order = None
    class_bundle = None
    tip_type = factory.LazyAttribute(_tip_type)
    tip_amount = Decimal("25.00")
    tip_reason = "Thank you for the great work."
    writer_level = None
    writer_level_name = factory.LazyAttribute(
        lambda tip: tip.writer_level.name if tip.writer_level else ""
    )
    writer_percentage = factory.LazyAttribute(
        lambda tip: (
            tip.writer_level.tip_percentage if tip.writer_level else DEFAULT_WRITER_PERCENTAGE
        )
    )
    writer_earning = factory.LazyAttribute(
        lambda tip: split_by_percentage(tip.tip_amount, tip.writer_percentage)[0]
    )
    platform_profit = factory.LazyAttribute(
        lambda tip: split_by_percentage(tip.tip_amount, tip.writer_percentage)[1]
    )
    payment_method = TipPaymentMethod.WALLET
    payment_status = TipPaymentStatus.COMPLETED
    failure_reason = factory.LazyAttribute(
        lambda tip: (
            "Insufficient wallet balance." if tip.payment_status == TipPaymentStatus.FAILED else ""
        )
    )
    payment = factory.LazyAttribute(_tip_payment)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        sent_at = kwargs.pop("sent_at", None)
        tip = super()._create(model_class, *args, **kwargs)
        if sent_at is not None:  # `sent_at` is set on insert; backdating is an update
            model_class.objects.filter(pk=tip.pk).update(sent_at=sent_at)
            tip.sent_at = sent_at
        return tip
