from decimal import Decimal

import pytest

from core.exceptions import DomainError, NotFound
from fines.exceptions import (
    AppealAlreadyDecided,
    FineTransitionRefused,
    FineTypeInUse,
    FineTypeProtected,
)
from fines.models import (
    AppealDecision,
    FineAppeal,
    FineBaseAmount,
    FineCalculation,
    FineStatus,
    FineTypeConfig,
    FineTypeOrigin,
)
from fines.selectors import order_compensation_get
from fines.services import (
    fine_appeal_create,
    fine_appeal_uphold,
    fine_appeal_waive,
    fine_issue,
    fine_type_create,
    fine_type_delete,
    fine_type_update,
    fine_void,
    fine_waive,
)
from orders.models import OrderStatus
from tests.accounts.factories import AdminFactory, WriterFactory
from tests.fines.factories import (
    FineAppealFactory,
    FineFactory,
    FineTypeConfigFactory,
    GlobalFineTypeConfigFactory,
    PercentageFineTypeConfigFactory,
)
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _admin_of(website):
    return AdminFactory(website=website)


class TestFineTypes:
    def test_a_fixed_type_needs_an_amount(self):
        with pytest.raises(DomainError) as error:
            fine_type_create(
                website=None, code="late", name="Late", calculation=FineCalculation.FIXED
            )
        assert error.value.field == "amount"

    def test_a_percentage_type_needs_a_percentage(self):
        with pytest.raises(DomainError) as error:
            fine_type_create(
                website=None, code="late", name="Late", calculation=FineCalculation.PERCENTAGE
            )
        assert error.value.field == "percentage"

    def test_the_minimum_cannot_be_above_the_maximum(self):
        with pytest.raises(DomainError) as error:
            fine_type_create(
                website=None,
                code="late",
                name="Late",
                calculation=FineCalculation.FIXED,
                amount=Decimal("5"),
                min_amount=Decimal("9"),
                max_amount=Decimal("8"),
            )
        assert error.value.field == "min_amount"

    def test_codes_are_unique_per_website_and_among_globals(self):
        website = FineTypeConfigFactory(code="late").website
        GlobalFineTypeConfigFactory(code="late")
        for scope in (website, None):
            with pytest.raises(DomainError) as error:
                fine_type_create(
                    website=scope,
                    code="late",
                    name="Late",
                    calculation=FineCalculation.FIXED,
                    amount=Decimal("5"),
                )
            assert (error.value.field, error.value.code) == ("code", "duplicate")
        assert FineTypeConfig.objects.filter(code="late").count() == 2

    def test_switching_to_percentage_drops_the_fixed_amount(self):
        fine_type = FineTypeConfigFactory()
        fine_type = fine_type_update(
            fine_type=fine_type,
            calculation=FineCalculation.PERCENTAGE,
            percentage=Decimal("12.5"),
            base_amount=FineBaseAmount.TOTAL_PRICE,
        )
        fine_type.refresh_from_db()
        assert (fine_type.amount, fine_type.percentage) == (None, Decimal("12.50"))

    def test_system_types_cannot_be_deleted(self):
        fine_type = GlobalFineTypeConfigFactory(origin=FineTypeOrigin.SYSTEM)
        with pytest.raises(FineTypeProtected):
            fine_type_delete(fine_type=fine_type)
        assert FineTypeConfig.objects.filter(pk=fine_type.pk).exists()

    def test_types_with_fines_cannot_be_deleted(self):
        fine = FineFactory()
        with pytest.raises(FineTypeInUse):
            fine_type_delete(fine_type=fine.fine_type)

    def test_an_unused_admin_type_is_deleted(self):
        fine_type = FineTypeConfigFactory()
        fine_type_delete(fine_type=fine_type)
        assert not FineTypeConfig.objects.filter(pk=fine_type.pk).exists()


class TestIssue:
    def test_the_fine_is_computed_from_the_type_the_code_resolves_to(self):
        order = OrderFactory(writer_compensation=Decimal("70.00"))
        GlobalFineTypeConfigFactory(code="late", amount=Decimal("99.00"))
        PercentageFineTypeConfigFactory(
            website=order.website, code="late", percentage=Decimal("15")
        )
        admin = _admin_of(order.website)

        fine = fine_issue(order=order, fine_type_code="late", reason=" Late ", issued_by=admin)

        assert fine.amount == Decimal("10.50")
        assert (fine.writer, fine.website, fine.status) == (
            order.writer,
            order.website,
            FineStatus.ISSUED,
        )
        assert (fine.issued_by, fine.reason) == (admin, "Late")
        assert fine.issued_at is not None

    def test_a_later_change_of_the_type_does_not_change_issued_fines(self):
        fine_type = FineTypeConfigFactory(amount=Decimal("10.00"))
        order = OrderFactory(website=fine_type.website)
        fine = fine_issue(
            order=order,
            fine_type_code=fine_type.code,
            reason="Late",
            issued_by=_admin_of(order.website),
        )
        fine_type_update(fine_type=fine_type, amount=Decimal("50.00"))
        fine.refresh_from_db()
        assert fine.amount == Decimal("10.00")

    @pytest.mark.parametrize(
        ("kwargs", "field", "code"),
        [
            ({"fine_type_code": "nope"}, "fine_type_code", "invalid_fine_type_code"),
            ({"reason": "   "}, "reason", "required"),
        ],
    )
    def test_bad_input_is_refused_naming_the_field(self, kwargs, field, code):
        fine_type = FineTypeConfigFactory()
        order = OrderFactory(website=fine_type.website)
        params = {"fine_type_code": fine_type.code, "reason": "Late", **kwargs}
        with pytest.raises(DomainError) as error:
            fine_issue(order=order, issued_by=_admin_of(order.website), **params)
        assert (error.value.field, error.value.code) == (field, code)

    def test_only_the_orders_writer_can_be_fined(self):
        fine_type = FineTypeConfigFactory()
        order = OrderFactory(website=fine_type.website)
        with pytest.raises(DomainError) as error:
            fine_issue(
                order=order,
                fine_type_code=fine_type.code,
                reason="Late",
                issued_by=_admin_of(order.website),
                writer=WriterFactory(website=order.website),
            )
        assert error.value.field == "writer_id"

    def test_an_order_without_a_writer_or_a_cancelled_one_cannot_be_fined(self):
        fine_type = FineTypeConfigFactory()
        no_writer = OrderFactory(website=fine_type.website, writer=None)
        cancelled = OrderFactory(website=fine_type.website, status=OrderStatus.CANCELLED)
        for order, code in ((no_writer, "order_has_no_writer"), (cancelled, "order_cancelled")):
            with pytest.raises(DomainError) as error:
                fine_issue(
                    order=order,
                    fine_type_code=fine_type.code,
                    reason="Late",
                    issued_by=_admin_of(order.website),
                )
            assert (error.value.field, error.value.code) == ("order_id", code)

    def test_another_websites_type_does_not_apply(self):
        foreign_type = FineTypeConfigFactory(code="late")
        order = OrderFactory()
        with pytest.raises(DomainError) as error:
            fine_issue(
                order=order, fine_type_code="late", reason="x", issued_by=_admin_of(order.website)
            )
        assert error.value.field == "fine_type_code"
        assert foreign_type.fines.count() == 0


def _waive(fine):
    return fine_waive(fine=fine, waived_by=_admin_of(fine.website))


def _void(fine):
    return fine_void(fine=fine, voided_by=_admin_of(fine.website))


def _appeal(fine):
    return fine_appeal_create(fine=fine, writer=fine.writer, reason="Not my fault")


class TestTransitions:
    def test_waiving_cancels_the_reduction_once(self):
        fine = FineFactory(amount=Decimal("10.00"))
        order = fine.order
        assert order_compensation_get(order=order).effective_writer_compensation == Decimal("60.00")
        admin = _admin_of(fine.website)

        fine = fine_waive(fine=fine, waived_by=admin, note="Agreed extension")

        assert (fine.status, fine.waived_by, fine.resolution_note) == (
            FineStatus.WAIVED,
            admin,
            "Agreed extension",
        )
        assert fine.waived_at is not None
        assert order_compensation_get(order=order).effective_writer_compensation == Decimal("70.00")
        with pytest.raises(FineTransitionRefused):
            _waive(fine)
        assert order_compensation_get(order=order).effective_writer_compensation == Decimal("70.00")

    def test_voiding_records_who_and_when(self):
        fine = FineFactory()
        admin = _admin_of(fine.website)
        fine = fine_void(fine=fine, voided_by=admin)
        assert (fine.status, fine.voided_by) == (FineStatus.VOIDED, admin)
        assert fine.voided_at is not None

    @pytest.mark.parametrize(
        ("status", "action"),
        [
            (status, action)
            for status, allowed in (
                (FineStatus.APPEALED, {"waive"}),
                (FineStatus.UPHELD, set()),
                (FineStatus.WAIVED, set()),
                (FineStatus.VOIDED, set()),
            )
            for action in ("waive", "void", "appeal")
            if action not in allowed
        ],
    )
    def test_every_transition_is_refused_from_the_wrong_state(self, status, action):
        fine = FineFactory(status=status)
        do = {"waive": _waive, "void": _void, "appeal": _appeal}[action]
        with pytest.raises(FineTransitionRefused) as error:
            do(fine)
        assert error.value.status_code == 409
        fine.refresh_from_db()
        assert fine.status == status
        assert not FineAppeal.objects.filter(fine=fine).exists()

    def test_a_writer_appeals_an_issued_fine_once(self):
        fine = FineFactory()
        appeal = _appeal(fine)
        fine.refresh_from_db()
        assert (fine.status, fine.appealed_by) == (FineStatus.APPEALED, fine.writer)
        assert appeal.decision == AppealDecision.PENDING
        with pytest.raises(FineTransitionRefused):
            _appeal(fine)
        assert FineAppeal.objects.filter(fine=fine).count() == 1

    def test_another_writer_cannot_appeal(self):
        fine = FineFactory()
        with pytest.raises(NotFound):
            fine_appeal_create(
                fine=fine, writer=WriterFactory(website=fine.website), reason="Not mine"
            )

    def test_upholding_keeps_the_reduction(self):
        appeal = FineAppealFactory(fine__amount=Decimal("10.00"))
        admin = _admin_of(appeal.fine.website)
        appeal = fine_appeal_uphold(appeal=appeal, decided_by=admin, note="Late is late")
        appeal.fine.refresh_from_db()
        assert (appeal.decision, appeal.decided_by, appeal.decision_note) == (
            AppealDecision.UPHELD,
            admin,
            "Late is late",
        )
        assert (appeal.fine.status, appeal.fine.upheld_by) == (FineStatus.UPHELD, admin)
        compensation = order_compensation_get(order=appeal.fine.order)
        assert compensation.effective_writer_compensation == Decimal("60.00")

    def test_waiving_on_appeal_cancels_the_reduction(self):
        appeal = FineAppealFactory()
        appeal = fine_appeal_waive(appeal=appeal, decided_by=_admin_of(appeal.fine.website))
        appeal.fine.refresh_from_db()
        assert (appeal.decision, appeal.fine.status) == (AppealDecision.WAIVED, FineStatus.WAIVED)
        compensation = order_compensation_get(order=appeal.fine.order)
        assert compensation.active_fines_total == Decimal("0")

    def test_waiving_an_appealed_fine_decides_its_appeal(self):
        appeal = FineAppealFactory()
        _waive(appeal.fine)
        appeal.refresh_from_db()
        assert appeal.decision == AppealDecision.WAIVED

    @pytest.mark.parametrize("first", [fine_appeal_uphold, fine_appeal_waive])
    @pytest.mark.parametrize("second", [fine_appeal_uphold, fine_appeal_waive])
    def test_an_appeal_is_decided_once(self, first, second):
        appeal = FineAppealFactory()
        admin = _admin_of(appeal.fine.website)
        first(appeal=appeal, decided_by=admin)
        decided = FineAppeal.objects.get(pk=appeal.pk)
        with pytest.raises(AppealAlreadyDecided) as error:
            second(appeal=decided, decided_by=admin)
        assert error.value.status_code == 409
        assert FineAppeal.objects.get(pk=appeal.pk).decision == decided.decision
