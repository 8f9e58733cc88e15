"""The database guards the tip's invariants even against code that skips the services."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from tests.orders.factories import OrderFactory
from tests.writer_management.factories import (
    TipFactory,
    TipSettingsFactory,
    WriterLevelFactory,
)
from writer_management.models import Tip, TipSettings, WriterLevel

pytestmark = pytest.mark.django_db


def _refused(queryset, **changes) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**changes)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"tip_amount": Decimal("0")}, id="amount-zero"),
        pytest.param({"tip_amount": Decimal("-1")}, id="amount-negative"),
        pytest.param({"writer_percentage": Decimal("100.01")}, id="percentage-over-100"),
        pytest.param({"writer_percentage": Decimal("-0.01")}, id="percentage-negative"),
        pytest.param({"writer_earning": Decimal("7.51")}, id="shares-do-not-add-up"),
        pytest.param(
            {"writer_earning": Decimal("30.00"), "platform_profit": Decimal("-5.00")},
            id="share-negative",
        ),
        pytest.param({"client": F("writer")}, id="client-is-writer"),
        pytest.param({"tip_type": "order"}, id="order-type-without-order"),
        pytest.param({"tip_type": "class"}, id="class-type-without-bundle"),
        pytest.param({"payment_status": "cancelled"}, id="unknown-status"),
    ],
)
def test_the_database_refuses_a_tip_breaking_an_invariant(changes):
    tip = TipFactory(tip_amount=Decimal("25.00"))
    _refused(Tip.objects.filter(pk=tip.pk), **changes)


def test_the_database_refuses_a_direct_tip_pointing_at_an_order():
    tip = TipFactory()
    order = OrderFactory(website=tip.website, client=tip.client, writer=tip.writer)
    _refused(Tip.objects.filter(pk=tip.pk), order=order)


def test_the_database_accepts_consistent_tips_of_each_type():
    tip = TipFactory(tip_amount=Decimal("10.05"), writer_percentage=Decimal("33.33"))
    assert (tip.writer_earning, tip.platform_profit) == (Decimal("3.35"), Decimal("6.70"))
    order = OrderFactory(website=tip.website, client=tip.client, writer=tip.writer)
    assert (
        TipFactory(website=tip.website, client=tip.client, writer=tip.writer, order=order).tip_type
        == "order"
    )


def test_the_database_refuses_a_level_percentage_outside_0_to_100():
    level = WriterLevelFactory()
    _refused(WriterLevel.objects.filter(pk=level.pk), tip_percentage=Decimal("100.5"))


def test_the_database_refuses_two_levels_named_alike_on_one_website():
    level = WriterLevelFactory(name="Senior")
    with pytest.raises(IntegrityError), transaction.atomic():
        WriterLevelFactory(website=level.website, name="SENIOR")


def test_the_database_refuses_tip_settings_whose_minimum_is_above_the_maximum():
    settings = TipSettingsFactory()
    _refused(TipSettings.objects.filter(pk=settings.pk), min_tip_amount=Decimal("6000"))
    _refused(TipSettings.objects.filter(pk=settings.pk), min_tip_amount=Decimal("0"))


def test_the_factory_backdates_sent_at():
    tip = TipFactory(sent_at="2024-05-01T12:00:00Z")
    tip.refresh_from_db()
    assert tip.sent_at.isoformat() == "2024-05-01T12:00:00+00:00"
