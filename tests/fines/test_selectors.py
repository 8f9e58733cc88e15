from decimal import Decimal

import pytest

from fines.models import FineBaseAmount, FineCalculation, FineStatus, FineTypeConfig
from fines.selectors import (
    fine_amount_compute,
    fine_type_effective_get,
    fine_types_effective_for_website,
    order_active_fines_total,
    order_compensation_get,
)
from tests.accounts.factories import WriterFactory
from tests.fines.factories import (
    FineFactory,
    FineTypeConfigFactory,
    GlobalFineTypeConfigFactory,
)
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory


def _type(**kwargs) -> FineTypeConfig:
    defaults = {"code": "t", "name": "T", "calculation": FineCalculation.FIXED}
    return FineTypeConfig(**{**defaults, **kwargs})


def _order(total: str = "120.00", compensation: str = "70.00"):
    return OrderFactory.build(total_price=Decimal(total), writer_compensation=Decimal(compensation))


class TestFineAmount:
    def test_a_fixed_type_charges_its_amount(self):
        assert fine_amount_compute(fine_type=_type(amount=Decimal("15.00")), order=_order()) == (
            Decimal("15.00")
        )

    def test_a_percentage_type_takes_its_share_of_the_writer_compensation(self):
        fine_type = _type(
            calculation=FineCalculation.PERCENTAGE,
            percentage=Decimal("10"),
            base_amount=FineBaseAmount.WRITER_COMPENSATION,
        )
        assert fine_amount_compute(fine_type=fine_type, order=_order()) == Decimal("7.00")

    def test_a_percentage_type_can_be_based_on_the_total_price(self):
        fine_type = _type(
            calculation=FineCalculation.PERCENTAGE,
            percentage=Decimal("10"),
            base_amount=FineBaseAmount.TOTAL_PRICE,
        )
        assert fine_amount_compute(fine_type=fine_type, order=_order()) == Decimal("12.00")

    def test_the_percentage_is_rounded_half_up_to_cents(self):
        # 12.5 % of 33.33 is 4.16625 -> 4.17; 2.5 % of 0.50 is 0.0125 -> 0.01
        fine_type = _type(calculation=FineCalculation.PERCENTAGE, percentage=Decimal("12.5"))
        assert fine_amount_compute(fine_type=fine_type, order=_order("50.00", "33.33")) == (
            Decimal("4.17")
        )
        fine_type.percentage = Decimal("2.5")
        assert fine_amount_compute(fine_type=fine_type, order=_order("1.00", "0.50")) == (
            Decimal("0.01")
        )

    def test_a_half_cent_rounds_away_from_zero(self):
        # 5 % of 0.30 is exactly 0.015
        fine_type = _type(calculation=FineCalculation.PERCENTAGE, percentage=Decimal("5"))
        assert fine_amount_compute(fine_type=fine_type, order=_order("1.00", "0.30")) == (
            Decimal("0.02")
        )

    def test_the_amount_is_clamped_to_the_minimum_and_maximum_after_rounding(self):
        fine_type = _type(
            calculation=FineCalculation.PERCENTAGE,
            percentage=Decimal("10"),
            min_amount=Decimal("5.00"),
            max_amount=Decimal("8.00"),
        )
        assert fine_amount_compute(fine_type=fine_type, order=_order("100", "20.00")) == (
            Decimal("5.00")
        )
        assert fine_amount_compute(fine_type=fine_type, order=_order("100", "90.00")) == (
            Decimal("8.00")
        )
        assert fine_amount_compute(fine_type=fine_type, order=_order("100", "70.00")) == (
            Decimal("7.00")
        )


@pytest.mark.django_db
class TestEffectiveTypes:
    def test_a_websites_type_wins_over_the_global_type_with_the_same_code(self):
        website = WebsiteFactory()
        GlobalFineTypeConfigFactory(code="late", amount=Decimal("5.00"))
        own = FineTypeConfigFactory(website=website, code="late", amount=Decimal("9.00"))
        only_global = GlobalFineTypeConfigFactory(code="plagiarism")
        FineTypeConfigFactory(code="late")  # another website's override does not apply here

        effective = fine_types_effective_for_website(website_id=website.pk)

        assert [t.pk for t in effective] == [own.pk, only_global.pk]
        assert fine_type_effective_get(website_id=website.pk, code="late") == own

    def test_a_website_switches_a_global_type_off_with_an_inactive_override(self):
        website = WebsiteFactory()
        GlobalFineTypeConfigFactory(code="late")
        FineTypeConfigFactory(website=website, code="late", is_active=False)

        assert fine_types_effective_for_website(website_id=website.pk) == []
        assert fine_type_effective_get(website_id=website.pk, code="late") is None

    def test_inactive_global_types_do_not_apply(self):
        website = WebsiteFactory()
        GlobalFineTypeConfigFactory(code="late", is_active=False)
        assert fine_type_effective_get(website_id=website.pk, code="late") is None

    def test_global_types_apply_where_there_is_no_override(self):
        website = WebsiteFactory()
        global_type = GlobalFineTypeConfigFactory(code="late")
        assert fine_type_effective_get(website_id=website.pk, code="late") == global_type


@pytest.mark.django_db
def test_only_active_fines_reduce_the_writer_compensation():
    order = OrderFactory(writer_compensation=Decimal("70.00"))
    for status, amount in (
        (FineStatus.ISSUED, "5.00"),
        (FineStatus.APPEALED, "3.00"),
        (FineStatus.UPHELD, "2.00"),
        (FineStatus.WAIVED, "11.00"),
        (FineStatus.VOIDED, "13.00"),
    ):
        FineFactory(order=order, status=status, amount=Decimal(amount))

    compensation = order_compensation_get(order=order)

    assert compensation.active_fines_total == Decimal("10.00")
    assert compensation.effective_writer_compensation == Decimal("60.00")
    assert order_active_fines_total(order=order) == Decimal("10.00")
    assert len(compensation.fines) == 5


@pytest.mark.django_db
def test_the_effective_compensation_never_goes_below_zero():
    order = OrderFactory(writer_compensation=Decimal("20.00"))
    FineFactory(order=order, amount=Decimal("15.00"))
    FineFactory(order=order, amount=Decimal("15.00"))
    assert order_compensation_get(order=order).effective_writer_compensation == Decimal("0.00")


@pytest.mark.django_db
def test_a_reassigned_orders_compensation_counts_only_the_current_writers_fines():
    order = OrderFactory(writer_compensation=Decimal("70.00"))
    FineFactory(order=order, amount=Decimal("10.00"))
    order.writer = WriterFactory(website=order.website)
    order.save(update_fields=["writer"])
    current = FineFactory(order=order, amount=Decimal("4.00"))

    compensation = order_compensation_get(order=order)

    assert compensation.fines == [current]
    assert compensation.active_fines_total == Decimal("4.00")
    assert compensation.effective_writer_compensation == Decimal("66.00")
    assert order_active_fines_total(order=order) == Decimal("4.00")


@pytest.mark.django_db
def test_an_order_without_a_writer_has_no_fines_to_take_off():
    order = OrderFactory(writer_compensation=Decimal("70.00"))
    FineFactory(order=order)
    order.writer = None
    order.save(update_fields=["writer"])

    compensation = order_compensation_get(order=order)

    assert (compensation.fines, compensation.active_fines_total) == ([], Decimal("0.00"))
    assert compensation.effective_writer_compensation == Decimal("70.00")
