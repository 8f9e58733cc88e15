"""Payments and wallet ledgers in each role's shape: clients never see which admin confirmed,
refunded or credited; writers never see the platform's share of a tip or who tipped them."""

from decimal import Decimal

import pytest

from order_payments_management.models import PaymentMethod, WalletTransaction, WalletTransactionKind
from order_payments_management.services import (
    order_pay,
    order_payment_refund,
    payment_confirm_manual,
    wallet_credit,
    wallet_get_or_create,
)
from tests.accounts.factories import AdminFactory, WriterFactory
from tests.class_management.factories import fund_wallet
from tests.core.role_views import assert_hidden, rows_of
from tests.orders.factories import OrderFactory
from writer_management.services import tip_create

pytestmark = pytest.mark.django_db

PAYMENTS = "/api/v1/order-payments/payments/"
WALLETS = "/api/v1/order-payments/wallets/"
ADMIN_ONLY_PAYMENT_FIELDS = ("confirmed_by_id", "refunded_by_id")


def _ledger(wallet) -> str:
    return f"{WALLETS}{wallet.pk}/transactions/"


@pytest.fixture
def refunded_payment():
    """A manual order payment an admin confirmed and then refunded."""
    order = OrderFactory()
    admin = AdminFactory(website=order.website, username="admin_who_decides")
    payment = order_pay(order=order, client=order.client, method=PaymentMethod.MANUAL)
    payment = payment_confirm_manual(
        payment=payment, confirmed_by=admin, external_reference="BANK-1"
    )
    payment = order_payment_refund(payment=payment, refunded_by=admin, reason="Cancelled")
    return payment, admin


def test_a_client_reads_their_payments_without_the_admins_who_confirmed_or_refunded(
    api_client_for, refunded_payment
):
    payment, admin = refunded_payment
    assert (payment.confirmed_by_id, payment.refunded_by_id) == (admin.pk, admin.pk)
    api = api_client_for(payment.client)
    for response in (api.get(PAYMENTS), api.get(f"{PAYMENTS}{payment.pk}/")):
        assert_hidden(
            response, fields=ADMIN_ONLY_PAYMENT_FIELDS, values=(admin.username, admin.email)
        )
        row = rows_of(response)[0]
        assert (row["status"], row["refund_reason"]) == ("refunded", "Cancelled")


def test_an_admin_reads_who_confirmed_and_refunded_a_payment(api_client_for, refunded_payment):
    payment, admin = refunded_payment
    body = api_client_for(admin).get(f"{PAYMENTS}{payment.pk}/").json()
    assert (body["confirmed_by_id"], body["refunded_by_id"]) == (admin.pk, admin.pk)


def test_a_client_cancelling_their_payment_reads_it_in_the_client_shape(api_client_for):
    order = OrderFactory()
    payment = order_pay(order=order, client=order.client, method=PaymentMethod.MANUAL)
    response = api_client_for(order.client).post(f"{PAYMENTS}{payment.pk}/cancel/")
    assert_hidden(response, fields=ADMIN_ONLY_PAYMENT_FIELDS)
    assert response.json()["status"] == "cancelled"


def test_a_clients_ledger_does_not_name_the_admin_who_credited_it(api_client_for):
    wallet = fund_wallet(OrderFactory().client, Decimal("10.00"))
    admin = AdminFactory(website=wallet.website, username="admin_who_credits")
    wallet_credit(
        wallet=wallet,
        amount=Decimal("5.00"),
        kind=WalletTransactionKind.ADMIN_CREDIT,
        reason="Goodwill",
        created_by=admin,
    )
    response = api_client_for(wallet.user).get(_ledger(wallet))
    assert_hidden(response, fields=("created_by_id",), values=(admin.username,))
    assert [row["reason"] for row in rows_of(response)] == ["Goodwill", "Test"]

    admin_rows = rows_of(api_client_for(admin).get(_ledger(wallet)))
    assert admin_rows[0]["created_by_id"] == admin.pk


@pytest.fixture
def tip():
    """A 250.99 wallet tip at the default 30 %: the writer gets 75.30, the platform 175.69."""
    order = OrderFactory()
    fund_wallet(order.client, Decimal("300.00"))
    writer = WriterFactory(website=order.website)
    return tip_create(
        client=order.client, writer_id=writer.pk, tip_amount=Decimal("250.99"), tip_reason="Thanks"
    )


def test_a_writers_ledger_shows_only_their_share_of_a_tip_and_not_the_tipper(api_client_for, tip):
    assert (tip.writer_earning, tip.platform_profit) == (Decimal("75.30"), Decimal("175.69"))
    wallet = wallet_get_or_create(user=tip.writer, website=tip.website)
    row = WalletTransaction.objects.get(wallet=wallet, reference=f"tip:{tip.pk}")
    assert row.created_by_id == tip.client_id  # kept for the admins' audit trail

    response = api_client_for(tip.writer).get(_ledger(wallet))

    assert_hidden(
        response,
        fields=("created_by_id",),
        values=("175.69", "250.99", "platform", "30.00", tip.client.username),
    )
    (shown,) = rows_of(response)
    assert (shown["amount"], shown["reason"]) == (75.3, f"Tip {tip.pk}: your share")


def test_a_tip_earning_is_stored_without_the_split(tip):
    row = WalletTransaction.objects.get(reference=f"tip:{tip.pk}", kind="earning")
    assert row.reason == f"Tip {tip.pk}: your share"


def test_a_tip_earning_stored_with_the_split_reads_without_it_for_the_writer(api_client_for):
    """Rows written before the split left the reason still hold it; the writer never reads it."""
    writer = WriterFactory()
    wallet = wallet_get_or_create(user=writer, website=writer.website)
    stored = "Tip 41: your 30.00 % of 250.99 (platform 175.69)"
    wallet_credit(
        wallet=wallet,
        amount=Decimal("75.30"),
        kind=WalletTransactionKind.EARNING,
        reason=stored,
        reference="tip:41",
    )

    response = api_client_for(writer).get(_ledger(wallet))

    assert_hidden(response, values=("175.69", "250.99", "platform"))
    assert rows_of(response)[0]["reason"] == "Tip 41: your share"
    admin = AdminFactory(website=writer.website)
    assert rows_of(api_client_for(admin).get(_ledger(wallet)))[0]["reason"] == stored
