from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from class_management.exceptions import (
    ClassBundleClosed,
    ClassBundleHasPayments,
    ClassBundleNotActive,
    ClassBundleNotDraft,
    ClassBundleTransitionRefused,
    DepositAlreadyPaid,
    DepositNotPaid,
    DepositNotRequired,
    InstallmentAlreadyPaid,
    InstallmentsDisabled,
    InstallmentsNotConfigured,
)
from class_management.models import ClassBundleStatus, ClassInstallment
from class_management.selectors import class_bundle_balance_remaining
from class_management.services import (
    class_bundle_activate,
    class_bundle_cancel,
    class_bundle_create,
    class_bundle_deposit_pay,
    class_bundle_installments_set,
    class_bundle_installments_split,
    class_bundle_update,
    class_installment_pay,
    installments_mark_overdue,
)
from core.exceptions import DomainError, NotFound
from order_payments_management.exceptions import InsufficientFunds
from order_payments_management.models import OrderPayment, PaymentStatus, PaymentType, Wallet
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.class_management.factories import ClassBundleFactory, active_bundle, fund_wallet

pytestmark = pytest.mark.django_db


def _installments(bundle) -> list[ClassInstallment]:
    return list(ClassInstallment.objects.filter(bundle=bundle))


def _paid_bundle_balance(bundle):
    bundle.refresh_from_db()
    return class_bundle_balance_remaining(bundle=bundle)


class TestCreate:
    def test_an_admin_creates_a_draft(self):
        admin = AdminFactory()
        client = ClientFactory(website=admin.website)
        bundle = class_bundle_create(
            website=admin.website,
            client=client,
            title="STAT 101",
            total_price=Decimal("300.00"),
            deposit_required=Decimal("50.00"),
            created_by=admin,
        )
        assert (bundle.status, bundle.created_by, bundle.installments_enabled) == (
            ClassBundleStatus.DRAFT,
            admin,
            True,
        )

    @pytest.mark.parametrize(
        ("kwargs", "field"),
        [
            ({"total_price": Decimal("0")}, "total_price"),
            ({"deposit_required": Decimal("300.01")}, "deposit_required"),
            ({"deposit_required": Decimal("-1")}, "deposit_required"),
        ],
    )
    def test_bad_prices_are_refused_naming_the_field(self, kwargs, field):
        admin = AdminFactory()
        params = {
            "total_price": Decimal("300.00"),
            "deposit_required": Decimal("0"),
            "title": "x",
            **kwargs,
        }
        with pytest.raises(DomainError) as error:
            class_bundle_create(
                website=admin.website,
                client=ClientFactory(website=admin.website),
                created_by=admin,
                **params,
            )
        assert error.value.field == field

    def test_the_client_and_writer_must_belong_to_the_website(self):
        admin = AdminFactory()
        for kwargs, field in (
            ({"client": ClientFactory()}, "client_id"),
            ({"client": WriterFactory(website=admin.website)}, "client_id"),
            (
                {
                    "client": ClientFactory(website=admin.website),
                    "assigned_writer": WriterFactory(),
                },
                "assigned_writer_id",
            ),
        ):
            with pytest.raises(DomainError) as error:
                class_bundle_create(
                    website=admin.website,
                    title="x",
                    total_price=Decimal("10"),
                    created_by=admin,
                    **kwargs,
                )
            assert error.value.field == field


class TestSchedule:
    @pytest.mark.parametrize(
        ("total", "deposit", "count", "expected"),
        [
            ("400.00", "100.00", 3, ["100.00", "100.00", "100.00"]),
            ("100.00", "0.00", 3, ["33.33", "33.33", "33.34"]),
            ("100.00", "0.00", 7, ["14.28"] * 6 + ["14.32"]),
            ("0.05", "0.00", 5, ["0.01"] * 5),
        ],
    )
    def test_equal_parts_add_up_to_the_balance_with_the_remainder_last(
        self, total, deposit, count, expected
    ):
        bundle = ClassBundleFactory(total_price=Decimal(total), deposit_required=Decimal(deposit))
        class_bundle_installments_split(
            bundle=bundle, count=count, interval_days=7, first_due_date=date(2025, 1, 1)
        )
        rows = _installments(bundle)
        assert [str(row.amount) for row in rows] == expected
        assert [row.installment_number for row in rows] == list(range(1, count + 1))
        assert [row.due_date for row in rows] == [
            date(2025, 1, 1) + timedelta(days=7 * k) for k in range(count)
        ]
        assert sum(row.amount for row in rows) == Decimal(total) - Decimal(deposit)

    def test_the_first_due_date_defaults_to_one_interval_from_today(self):
        bundle = ClassBundleFactory()
        class_bundle_installments_split(bundle=bundle, count=2, interval_days=10)
        first = _installments(bundle)[0]
        assert first.due_date == timezone.localdate() + timedelta(days=10)

    def test_more_parts_than_cents_are_refused(self):
        bundle = ClassBundleFactory(total_price=Decimal("0.05"), deposit_required=Decimal("0"))
        with pytest.raises(DomainError) as error:
            class_bundle_installments_split(bundle=bundle, count=6, interval_days=7)
        assert (error.value.field, error.value.code) == ("count", "too_many_installments")
        assert _installments(bundle) == []

    def test_nothing_to_split_when_the_deposit_is_the_whole_price(self):
        bundle = ClassBundleFactory(total_price=Decimal("50"), deposit_required=Decimal("50"))
        with pytest.raises(DomainError) as error:
            class_bundle_installments_split(bundle=bundle, count=2, interval_days=7)
        assert error.value.code == "nothing_to_split"

    def test_explicit_amounts_must_add_up_to_the_balance(self):
        bundle = ClassBundleFactory()  # 400 - 100 deposit = 300
        with pytest.raises(DomainError) as error:
            class_bundle_installments_set(
                bundle=bundle,
                installments=[
                    (Decimal("200.00"), date(2025, 1, 1)),
                    (Decimal("99.99"), date(2025, 2, 1)),
                ],
            )
        assert (error.value.field, error.value.code) == (
            "installments",
            "installments_sum_mismatch",
        )
        assert _installments(bundle) == []

        class_bundle_installments_set(
            bundle=bundle,
            installments=[
                (Decimal("200.00"), date(2025, 1, 1)),
                (Decimal("100.00"), date(2025, 2, 1)),
            ],
        )
        assert [row.amount for row in _installments(bundle)] == [
            Decimal("200.00"),
            Decimal("100.00"),
        ]

    def test_due_dates_cannot_go_backwards(self):
        bundle = ClassBundleFactory()
        with pytest.raises(DomainError) as error:
            class_bundle_installments_set(
                bundle=bundle,
                installments=[
                    (Decimal("150.00"), date(2025, 2, 1)),
                    (Decimal("150.00"), date(2025, 1, 1)),
                ],
            )
        assert error.value.code == "invalid_due_dates"

    def test_reconfiguring_replaces_the_schedule(self):
        bundle = ClassBundleFactory()
        class_bundle_installments_split(bundle=bundle, count=3, interval_days=7)
        class_bundle_installments_split(bundle=bundle, count=2, interval_days=7)
        assert [row.amount for row in _installments(bundle)] == [
            Decimal("150.00"),
            Decimal("150.00"),
        ]

    def test_the_schedule_is_refused_once_anything_is_paid(self):
        bundle = active_bundle()
        fund_wallet(bundle.client, Decimal("1000"))
        class_bundle_deposit_pay(bundle=bundle, client=bundle.client)
        before = [(row.pk, row.amount) for row in _installments(bundle)]
        with pytest.raises(ClassBundleHasPayments):
            class_bundle_installments_split(bundle=bundle, count=2, interval_days=7)
        with pytest.raises(ClassBundleHasPayments):
            class_bundle_installments_set(
                bundle=bundle, installments=[(Decimal("300.00"), date(2025, 1, 1))]
            )
        assert [(row.pk, row.amount) for row in _installments(bundle)] == before

    def test_the_schedule_is_refused_when_installments_are_disabled_or_the_bundle_closed(self):
        disabled = ClassBundleFactory(installments_enabled=False)
        with pytest.raises(InstallmentsDisabled):
            class_bundle_installments_split(bundle=disabled, count=2, interval_days=7)
        for status in (ClassBundleStatus.CANCELLED, ClassBundleStatus.COMPLETED):
            with pytest.raises(ClassBundleClosed):
                class_bundle_installments_split(
                    bundle=ClassBundleFactory(status=status), count=2, interval_days=7
                )


class TestLifecycle:
    def test_activation_needs_a_schedule_when_installments_are_enabled(self):
        bundle = ClassBundleFactory()
        with pytest.raises(InstallmentsNotConfigured):
            class_bundle_activate(bundle=bundle)
        class_bundle_installments_split(bundle=bundle, count=2, interval_days=7)
        bundle = class_bundle_activate(bundle=bundle)
        assert bundle.status == ClassBundleStatus.ACTIVE
        assert bundle.activated_at is not None

    def test_without_installments_the_balance_becomes_one_installment_due_today(self):
        bundle = class_bundle_activate(bundle=ClassBundleFactory(installments_enabled=False))
        rows = _installments(bundle)
        assert [(row.amount, row.due_date) for row in rows] == [
            (Decimal("300.00"), timezone.localdate())
        ]

    @pytest.mark.parametrize(
        ("status", "action"),
        [
            (ClassBundleStatus.ACTIVE, class_bundle_activate),
            (ClassBundleStatus.COMPLETED, class_bundle_activate),
            (ClassBundleStatus.CANCELLED, class_bundle_activate),
            (ClassBundleStatus.COMPLETED, class_bundle_cancel),
            (ClassBundleStatus.CANCELLED, class_bundle_cancel),
        ],
    )
    def test_every_transition_is_refused_from_the_wrong_state(self, status, action):
        bundle = ClassBundleFactory(status=status)
        with pytest.raises(ClassBundleTransitionRefused) as error:
            action(bundle=bundle)
        assert error.value.status_code == 409
        bundle.refresh_from_db()
        assert bundle.status == status

    def test_a_bundle_with_payments_cannot_be_cancelled(self):
        bundle = active_bundle()
        fund_wallet(bundle.client, Decimal("1000"))
        class_bundle_deposit_pay(bundle=bundle, client=bundle.client)
        with pytest.raises(ClassBundleHasPayments):
            class_bundle_cancel(bundle=bundle)
        bundle.refresh_from_db()
        assert bundle.status == ClassBundleStatus.ACTIVE

    def test_draft_and_unpaid_active_bundles_can_be_cancelled(self):
        for bundle in (ClassBundleFactory(), active_bundle()):
            bundle = class_bundle_cancel(bundle=bundle)
            assert bundle.status == ClassBundleStatus.CANCELLED
            assert bundle.cancelled_at is not None

    def test_prices_change_only_in_draft_and_clear_the_schedule(self):
        bundle = ClassBundleFactory()
        class_bundle_installments_split(bundle=bundle, count=3, interval_days=7)
        bundle = class_bundle_update(bundle=bundle, total_price=Decimal("500.00"), title="New")
        assert (bundle.total_price, bundle.title) == (Decimal("500.00"), "New")
        assert _installments(bundle) == []

        active = active_bundle()
        with pytest.raises(ClassBundleNotDraft) as error:
            class_bundle_update(bundle=active, deposit_required=Decimal("10.00"))
        assert error.value.field == "deposit_required"
        writer = WriterFactory(website=active.website)
        assert class_bundle_update(bundle=active, assigned_writer=writer).assigned_writer == writer
        with pytest.raises(ClassBundleClosed):
            class_bundle_update(bundle=ClassBundleFactory(status="cancelled"), title="x")


class TestPayments:
    def test_the_deposit_then_installments_complete_the_bundle(self):
        bundle = active_bundle(count=3)  # 400: deposit 100 + 3 x 100
        client = bundle.client
        fund_wallet(client, Decimal("450.00"))

        bundle = class_bundle_deposit_pay(bundle=bundle, client=client)
        assert _paid_bundle_balance(bundle) == Decimal("300.00")
        deposit = OrderPayment.objects.get(pk=bundle.deposit_payment_id)
        assert (deposit.payment_type, deposit.amount, deposit.status) == (
            PaymentType.CLASS_DEPOSIT,
            Decimal("100.00"),
            PaymentStatus.COMPLETED,
        )

        for row in _installments(bundle):
            paid = class_installment_pay(installment=row, client=client)
            assert paid.is_paid
            assert paid.paid_by == client
            assert paid.payment_record.payment_type == PaymentType.CLASS_INSTALLMENT
            assert paid.payment_record.amount == row.amount

        bundle.refresh_from_db()
        assert bundle.status == ClassBundleStatus.COMPLETED
        assert bundle.completed_at is not None
        assert class_bundle_balance_remaining(bundle=bundle) == Decimal("0")
        assert Wallet.objects.get(user=client).balance == Decimal("50.00")

    def test_installments_wait_for_the_deposit(self):
        bundle = active_bundle()
        fund_wallet(bundle.client, Decimal("1000"))
        with pytest.raises(DepositNotPaid):
            class_installment_pay(installment=_installments(bundle)[0], client=bundle.client)
        assert not OrderPayment.objects.exists()

    def test_without_a_deposit_installments_are_paid_straight_away(self):
        bundle = active_bundle(deposit_required=Decimal("0"), count=2)
        fund_wallet(bundle.client, Decimal("1000"))
        with pytest.raises(DepositNotRequired):
            class_bundle_deposit_pay(bundle=bundle, client=bundle.client)
        paid = class_installment_pay(installment=_installments(bundle)[0], client=bundle.client)
        assert paid.amount == Decimal("200.00")

    def test_paying_twice_is_refused_and_charges_once(self):
        bundle = active_bundle()
        client = bundle.client
        fund_wallet(client, Decimal("1000"))
        class_bundle_deposit_pay(bundle=bundle, client=client)
        with pytest.raises(DepositAlreadyPaid):
            class_bundle_deposit_pay(bundle=bundle, client=client)
        row = _installments(bundle)[0]
        class_installment_pay(installment=row, client=client)
        with pytest.raises(InstallmentAlreadyPaid) as error:
            class_installment_pay(installment=row, client=client)
        assert error.value.status_code == 409
        assert OrderPayment.objects.count() == 2
        assert Wallet.objects.get(user=client).balance == Decimal("800.00")

    def test_a_short_wallet_changes_nothing(self):
        bundle = active_bundle()
        fund_wallet(bundle.client, Decimal("99.99"))
        with pytest.raises(InsufficientFunds):
            class_bundle_deposit_pay(bundle=bundle, client=bundle.client)
        bundle.refresh_from_db()
        assert bundle.deposit_payment_id is None
        assert not OrderPayment.objects.exists()
        assert Wallet.objects.get(user=bundle.client).balance == Decimal("99.99")

    @pytest.mark.parametrize(
        "status",
        [ClassBundleStatus.DRAFT, ClassBundleStatus.CANCELLED],
    )
    def test_only_active_bundles_are_paid(self, status):
        bundle = ClassBundleFactory(status=status, deposit_required=Decimal("0"))
        bundle_with_deposit = ClassBundleFactory(status=status)
        row = ClassInstallment.objects.create(
            bundle=bundle, installment_number=1, amount=Decimal("400"), due_date=date(2025, 1, 1)
        )
        fund_wallet(bundle.client, Decimal("1000"))
        fund_wallet(bundle_with_deposit.client, Decimal("1000"))
        with pytest.raises(ClassBundleNotActive):
            class_installment_pay(installment=row, client=bundle.client)
        with pytest.raises(ClassBundleNotActive):
            class_bundle_deposit_pay(bundle=bundle_with_deposit, client=bundle_with_deposit.client)
        assert not OrderPayment.objects.exists()

    def test_another_client_cannot_pay(self):
        bundle = active_bundle(deposit_required=Decimal("0"))
        stranger = ClientFactory(website=bundle.website)
        fund_wallet(stranger, Decimal("1000"))
        with pytest.raises(NotFound):
            class_installment_pay(installment=_installments(bundle)[0], client=stranger)


class TestOverdue:
    def test_unpaid_installments_past_due_are_flagged_once(self):
        bundle = active_bundle(deposit_required=Decimal("0"), count=3, interval_days=10)
        rows = _installments(bundle)
        fund_wallet(bundle.client, Decimal("1000"))
        class_installment_pay(installment=rows[0], client=bundle.client)
        draft = ClassBundleFactory()
        class_bundle_installments_split(bundle=draft, count=1, interval_days=1)
        later = rows[1].due_date + timedelta(days=1)

        assert installments_mark_overdue(today=later) == 1
        assert installments_mark_overdue(today=later) == 0

        flags = {row.installment_number: row.is_overdue for row in _installments(bundle)}
        assert flags == {1: False, 2: True, 3: False}
        assert not any(row.is_overdue for row in _installments(draft))

    def test_paying_an_overdue_installment_clears_the_flag(self):
        bundle = active_bundle(deposit_required=Decimal("0"), count=2, interval_days=10)
        row = _installments(bundle)[0]
        installments_mark_overdue(today=row.due_date + timedelta(days=1))
        fund_wallet(bundle.client, Decimal("1000"))
        paid = class_installment_pay(installment=row, client=bundle.client)
        assert (paid.is_paid, paid.is_overdue) == (True, False)

    def test_the_task_can_be_limited_to_one_website(self):
        mine = active_bundle(deposit_required=Decimal("0"), count=1, interval_days=1)
        theirs = active_bundle(deposit_required=Decimal("0"), count=1, interval_days=1)
        later = timezone.localdate() + timedelta(days=5)
        assert installments_mark_overdue(today=later, website_id=mine.website_id) == 1
        assert not _installments(theirs)[0].is_overdue
