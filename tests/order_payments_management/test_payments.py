"""Payments: the status flow, paying orders from the wallet, manual confirmation, cancelling,
refunds exactly once, and the signals other apps listen to.
"""

from decimal import Decimal

import pytest
from django.db import transaction

from core.exceptions import DomainError, NotFound
from order_payments_management.exceptions import (
    InsufficientFunds,
    InvalidDiscount,
    OrderNotUnpaid,
    OrderPaymentPending,
    PaymentNotOrderPayment,
    PaymentTransitionRefused,
)
from order_payments_management.models import (
    PAYMENT_TRANSITIONS,
    DiscountUsage,
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    PaymentType,
    WalletTransaction,
    WalletTransactionKind,
)
from order_payments_management.selectors import wallet_ledger_sum
from order_payments_management.services import (
    order_pay,
    order_payment_refund,
    payment_cancel,
    payment_charge_wallet,
    payment_confirm_manual,
    payment_create,
    payment_pay_from_wallet,
    payment_refund,
    payment_transition,
)
from order_payments_management.signals import payment_completed, payment_refunded
from orders.models import OrderStatus
from tests.accounts.factories import AdminFactory, ClientFactory
from tests.order_payments_management.factories import (
    DiscountFactory,
    OrderPaymentFactory,
    WalletFactory,
)
from tests.order_payments_management.utils import run_concurrently
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db

ALL_STATUSES = list(PaymentStatus.values)
REFUSED_MOVES = [
    (current, target)
    for current in ALL_STATUSES
    for target in ALL_STATUSES
    if target not in PAYMENT_TRANSITIONS[current]
]
ALLOWED_MOVES = [
    (current, target) for current in ALL_STATUSES for target in sorted(PAYMENT_TRANSITIONS[current])
]


def _funded_order(balance: Decimal = Decimal("500.00"), **order_fields):
    order = OrderFactory(**order_fields)
    wallet = WalletFactory(user=order.client, balance=balance)
    return order, wallet


class SignalRecorder:
    def __init__(self, signal):
        self.signal, self.payments = signal, []

    def __call__(self, sender, payment, **kwargs):
        self.payments.append(payment.pk)

    def __enter__(self):
        self.signal.connect(self, weak=False)
        return self

    def __exit__(self, *exc):
        self.signal.disconnect(self)


# The status flow


@pytest.mark.parametrize(("current", "target"), REFUSED_MOVES)
def test_every_move_outside_the_flow_is_refused_with_409(current, target):
    payment = OrderPaymentFactory(status=current)
    with pytest.raises(PaymentTransitionRefused) as refused:
        payment_transition(payment=payment, status=target)
    assert refused.value.status_code == 409
    assert refused.value.code == "invalid_payment_transition"
    payment.refresh_from_db()
    assert payment.status == current


@pytest.mark.parametrize(("current", "target"), ALLOWED_MOVES)
def test_every_move_inside_the_flow_is_allowed(current, target):
    payment = OrderPaymentFactory(status=current, payment_type=PaymentType.TIP)
    payment_transition(payment=payment, status=target, failure_reason="card declined")
    payment.refresh_from_db()
    assert payment.status == target
    if target == PaymentStatus.COMPLETED:
        assert payment.completed_at is not None
        assert payment.failure_reason == ""
    if target == PaymentStatus.FAILED:
        assert payment.failure_reason == "card declined"


def test_a_completed_payment_is_never_charged_twice():
    order, wallet = _funded_order()
    payment = order_pay(order=order, client=order.client)
    with pytest.raises(PaymentTransitionRefused):
        payment_charge_wallet(payment=payment)
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("380.00")
    assert wallet.transactions.filter(kind=WalletTransactionKind.PAYMENT).count() == 1


def test_a_failed_wallet_payment_is_retried_through_processing_to_completed():
    client = ClientFactory()
    WalletFactory(user=client, balance=Decimal("80.00"))
    payment = payment_create(
        website=client.website, client=client, amount=Decimal("50.00"), payment_type="tip"
    )
    payment_transition(payment=payment, status=PaymentStatus.FAILED, failure_reason="timeout")
    payment = payment_charge_wallet(payment=payment)
    assert payment.status == PaymentStatus.COMPLETED
    assert payment.failure_reason == ""
    assert client.wallets.get().balance == Decimal("30.00")


def test_a_manual_payment_is_not_charged_to_a_wallet():
    payment = OrderPaymentFactory(status=PaymentStatus.PENDING, method=PaymentMethod.MANUAL)
    with pytest.raises(DomainError) as refused:
        payment_charge_wallet(payment=payment)
    assert refused.value.code == "not_wallet_payment"


def test_payment_create_refuses_a_client_of_another_website_and_an_order_without_order():
    client = ClientFactory()
    other = ClientFactory()
    with pytest.raises(DomainError) as foreign:
        payment_create(
            website=client.website, client=other, amount=Decimal("5.00"), payment_type="tip"
        )
    assert foreign.value.field == "client_id"
    with pytest.raises(DomainError) as no_order:
        payment_create(
            website=client.website, client=client, amount=Decimal("5.00"), payment_type="order"
        )
    assert no_order.value.field == "order_id"
    assert not OrderPayment.objects.exists()


# Paying an order


def test_paying_an_order_charges_the_wallet_and_marks_the_order_paid():
    order, wallet = _funded_order()
    payment = order_pay(order=order, client=order.client)
    order.refresh_from_db()
    wallet.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert (payment.status, payment.method, payment.payment_type) == (
        "completed",
        "wallet",
        "order",
    )
    assert payment.amount == payment.original_amount == Decimal("120.00")
    assert wallet.balance == Decimal("380.00") == wallet_ledger_sum(wallet=wallet)
    entry = wallet.transactions.get(kind=WalletTransactionKind.PAYMENT)
    assert (entry.amount, entry.payment, entry.created_by) == (
        Decimal("-120.00"),
        payment,
        order.client,
    )


def test_a_discount_code_lowers_the_charge_and_records_its_usage():
    order, wallet = _funded_order()
    discount = DiscountFactory(website=order.website, code="SPRING25", value=Decimal("25.00"))
    payment = order_pay(order=order, client=order.client, discount_code=" spring25 ")
    assert (payment.original_amount, payment.discount_amount, payment.amount) == (
        Decimal("120.00"),
        Decimal("30.00"),
        Decimal("90.00"),
    )
    usage = DiscountUsage.objects.get()
    assert (usage.discount, usage.user, usage.payment, usage.order, usage.applied_amount) == (
        discount,
        order.client,
        payment,
        order,
        Decimal("30.00"),
    )
    discount.refresh_from_db()
    wallet.refresh_from_db()
    assert discount.used_count == 1
    assert wallet.balance == Decimal("410.00")


def test_a_fixed_discount_larger_than_the_price_makes_the_order_free_without_a_ledger_row():
    order, wallet = _funded_order(total_price=Decimal("10.00"), writer_compensation=Decimal("5"))
    DiscountFactory(website=order.website, code="BIGGIFT", discount_type="fixed", value=50)
    payment = order_pay(order=order, client=order.client, discount_code="BIGGIFT")
    assert (payment.amount, payment.discount_amount, payment.status) == (
        Decimal("0.00"),
        Decimal("10.00"),
        "completed",
    )
    assert wallet.transactions.count() == 1  # the opening balance only


def test_insufficient_funds_leave_no_payment_usage_or_ledger_row_behind():
    order, wallet = _funded_order(balance=Decimal("100.00"))
    DiscountFactory(website=order.website, code="FIVEOFF", discount_type="fixed", value=5)
    with pytest.raises(InsufficientFunds):
        order_pay(order=order, client=order.client, discount_code="FIVEOFF")
    order.refresh_from_db()
    wallet.refresh_from_db()
    assert order.status == OrderStatus.UNPAID
    assert wallet.balance == Decimal("100.00")
    assert not OrderPayment.objects.exists()
    assert not DiscountUsage.objects.exists()


def test_a_bad_discount_code_is_refused_with_nothing_written():
    order, _wallet = _funded_order()
    with pytest.raises(InvalidDiscount) as refused:
        order_pay(order=order, client=order.client, discount_code="NOPE")
    assert (refused.value.field, refused.value.code) == ("discount_code", "discount_not_found")
    assert not OrderPayment.objects.exists()


def test_an_order_is_paid_once_only():
    order, wallet = _funded_order()
    order_pay(order=order, client=order.client)
    with pytest.raises(OrderNotUnpaid) as refused:
        order_pay(order=order, client=order.client)
    assert refused.value.code == "order_not_unpaid"
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("380.00")


def test_someone_elses_order_reads_as_not_found():
    order, _ = _funded_order()
    stranger = ClientFactory(website=order.website)
    WalletFactory(user=stranger, balance=Decimal("500.00"))
    with pytest.raises(NotFound):
        order_pay(order=order, client=stranger)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_payments_of_one_order_charge_it_once():
    order, wallet = _funded_order()
    results = run_concurrently([lambda: order_pay(order=order, client=order.client)] * 4)
    paid = [r for r in results if isinstance(r, OrderPayment)]
    refused = [r for r in results if isinstance(r, OrderNotUnpaid)]
    assert (len(paid), len(refused)) == (1, 3), results
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("380.00") == wallet_ledger_sum(wallet=wallet)


# Manual payments


def test_a_manual_order_payment_waits_for_an_admin_and_then_pays_the_order():
    order = OrderFactory()
    admin = AdminFactory(website=order.website)
    payment = order_pay(order=order, client=order.client, method=PaymentMethod.MANUAL)
    order.refresh_from_db()
    assert (payment.status, payment.method, order.status) == ("pending", "manual", "unpaid")
    with pytest.raises(OrderPaymentPending):
        order_pay(order=order, client=order.client)

    confirmed = payment_confirm_manual(
        payment=payment, confirmed_by=admin, external_reference="  BANK-42 "
    )
    order.refresh_from_db()
    assert (confirmed.status, confirmed.external_reference, confirmed.confirmed_by) == (
        "completed",
        "BANK-42",
        admin,
    )
    assert order.status == OrderStatus.PAID
    assert not WalletTransaction.objects.exists()


def test_confirming_needs_a_reference_and_a_pending_manual_payment():
    admin = AdminFactory()
    manual = OrderPaymentFactory(
        website=admin.website, status=PaymentStatus.PENDING, method=PaymentMethod.MANUAL
    )
    with pytest.raises(DomainError) as no_reference:
        payment_confirm_manual(payment=manual, confirmed_by=admin, external_reference="  ")
    assert (no_reference.value.field, no_reference.value.code) == ("reference", "required")

    wallet_payment = OrderPaymentFactory(website=admin.website, status=PaymentStatus.PENDING)
    with pytest.raises(DomainError) as not_manual:
        payment_confirm_manual(payment=wallet_payment, confirmed_by=admin, external_reference="R")
    assert (not_manual.value.status_code, not_manual.value.code) == (409, "not_manual_payment")

    done = OrderPaymentFactory(website=admin.website, method=PaymentMethod.MANUAL)
    with pytest.raises(PaymentTransitionRefused):
        payment_confirm_manual(payment=done, confirmed_by=admin, external_reference="R")
    done.refresh_from_db()
    assert done.external_reference == ""


def test_cancelling_a_pending_payment_gives_its_discount_use_back():
    order = OrderFactory()
    discount = DiscountFactory(website=order.website, code="ONLYONE", max_uses=1)
    payment = order_pay(
        order=order, client=order.client, discount_code="ONLYONE", method=PaymentMethod.MANUAL
    )
    discount.refresh_from_db()
    assert discount.used_count == 1

    payment_cancel(payment=payment)

    payment.refresh_from_db()
    discount.refresh_from_db()
    assert payment.status == PaymentStatus.CANCELLED
    assert discount.used_count == 0
    assert not DiscountUsage.objects.exists()
    WalletFactory(user=order.client, balance=Decimal("200.00"))
    paid = order_pay(order=order, client=order.client, discount_code="ONLYONE")
    assert paid.discount_amount == Decimal("12.00")


def test_a_completed_payment_cannot_be_cancelled():
    payment = OrderPaymentFactory()
    with pytest.raises(PaymentTransitionRefused):
        payment_cancel(payment=payment)


# Refunds


def test_a_refund_returns_the_charge_to_the_wallet_once_and_cancels_the_paid_order():
    order, wallet = _funded_order()
    admin = AdminFactory(website=order.website)
    payment = order_pay(order=order, client=order.client)

    refunded = payment_refund(payment=payment, refunded_by=admin, reason=" Writer unavailable ")

    assert (refunded.status, refunded.refunded_by, refunded.refund_reason) == (
        "refunded",
        admin,
        "Writer unavailable",
    )
    assert refunded.refunded_at is not None
    order.refresh_from_db()
    wallet.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert wallet.balance == Decimal("500.00") == wallet_ledger_sum(wallet=wallet)
    entry = wallet.transactions.get(kind=WalletTransactionKind.REFUND)
    assert (entry.amount, entry.payment, entry.reason) == (
        Decimal("120.00"),
        payment,
        "Writer unavailable",
    )

    with pytest.raises(PaymentTransitionRefused):
        payment_refund(payment=payment, refunded_by=admin, reason="again")
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("500.00")
    assert wallet.transactions.filter(kind=WalletTransactionKind.REFUND).count() == 1


def test_a_refund_of_a_completed_order_leaves_the_order_completed():
    payment = OrderPaymentFactory(order=OrderFactory(status=OrderStatus.COMPLETED))
    payment_refund(payment=payment, refunded_by=AdminFactory(), reason="Goodwill")
    payment.order.refresh_from_db()
    assert payment.order.status == OrderStatus.COMPLETED


def test_a_refund_needs_a_reason_and_a_completed_payment():
    pending = OrderPaymentFactory(status=PaymentStatus.PENDING)
    with pytest.raises(DomainError) as no_reason:
        payment_refund(payment=pending, refunded_by=AdminFactory(), reason=" ")
    assert no_reason.value.field == "reason"
    with pytest.raises(PaymentTransitionRefused):
        payment_refund(payment=pending, refunded_by=AdminFactory(), reason="Why not")


def test_the_order_refund_refuses_other_payment_types():
    tip_payment = OrderPaymentFactory(payment_type=PaymentType.TIP)
    with pytest.raises(PaymentNotOrderPayment) as refused:
        order_payment_refund(payment=tip_payment, refunded_by=AdminFactory(), reason="No")
    assert (refused.value.status_code, refused.value.code) == (409, "not_an_order_payment")
    tip_payment.refresh_from_db()
    assert tip_payment.status == PaymentStatus.COMPLETED


def test_a_refunded_payment_keeps_its_discount_usage():
    order, _ = _funded_order()
    DiscountFactory(website=order.website, code="KEEPME")
    payment = order_pay(order=order, client=order.client, discount_code="KEEPME")
    payment_refund(payment=payment, refunded_by=AdminFactory(), reason="Cancelled")
    assert DiscountUsage.objects.filter(payment=payment).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_refunds_move_the_money_once():
    order, wallet = _funded_order()
    admin = AdminFactory(website=order.website)
    payment = order_pay(order=order, client=order.client)

    results = run_concurrently(
        [lambda: payment_refund(payment=payment, refunded_by=admin, reason="Double click")] * 3
    )

    assert sum(isinstance(r, OrderPayment) for r in results) == 1, results
    assert sum(isinstance(r, PaymentTransitionRefused) for r in results) == 2
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("500.00") == wallet_ledger_sum(wallet=wallet)


# Signals


@pytest.mark.django_db(transaction=True)
def test_payment_completed_is_sent_once_after_commit():
    order, _ = _funded_order()
    with SignalRecorder(payment_completed) as completed:
        with transaction.atomic():
            payment = order_pay(order=order, client=order.client)
            assert completed.payments == []  # not before the commit
        assert completed.payments == [payment.pk]


def _pay_refund_and_fail(order):
    with transaction.atomic():
        payment = order_pay(order=order, client=order.client)
        payment_refund(payment=payment, refunded_by=AdminFactory(), reason="Oops")
        raise RuntimeError("the caller failed after paying")


@pytest.mark.django_db(transaction=True)
def test_no_signal_is_sent_when_the_transaction_rolls_back():
    order, wallet = _funded_order()
    with (
        SignalRecorder(payment_completed) as completed,
        SignalRecorder(payment_refunded) as refunded,
    ):
        with pytest.raises(RuntimeError):
            _pay_refund_and_fail(order)
        assert completed.payments == []
        assert refunded.payments == []
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("500.00")
    assert not OrderPayment.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_payment_refunded_is_sent_once_after_commit_with_the_payment():
    order, _ = _funded_order()
    payment = order_pay(order=order, client=order.client)
    with SignalRecorder(payment_refunded) as refunded:
        payment_refund(payment=payment, refunded_by=AdminFactory(), reason="Cancelled")
        with pytest.raises(PaymentTransitionRefused):
            payment_refund(payment=payment, refunded_by=AdminFactory(), reason="Again")
    assert refunded.payments == [payment.pk]


@pytest.mark.django_db(transaction=True)
def test_a_payment_for_another_feature_completes_with_the_signal_too():
    client = ClientFactory()
    WalletFactory(user=client, balance=Decimal("40.00"))
    with SignalRecorder(payment_completed) as completed:
        payment = payment_pay_from_wallet(
            website=client.website,
            client=client,
            amount=Decimal("15.50"),
            payment_type=PaymentType.CLASS_INSTALLMENT,
            description="Installment 1 of Statistics 101",
        )
    assert completed.payments == [payment.pk]
    assert payment.order_id is None
    assert client.wallets.get().balance == Decimal("24.50")
