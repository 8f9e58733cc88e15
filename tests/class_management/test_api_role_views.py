"""Each role reads class bundles and installments in its own shape: the client every price but
no admin or writer contact; the writer the class and its schedule, never what the client pays."""

from decimal import Decimal

import pytest

from class_management.services import class_bundle_activate, class_bundle_installments_split
from tests.accounts.factories import AdminFactory
from tests.class_management.factories import ClassBundleFactory, fund_wallet
from tests.core.role_views import assert_hidden, idempotency_key, rows_of

pytestmark = pytest.mark.django_db

BUNDLES = "/api/v1/class-management/bundles/"
INSTALLMENTS = "/api/v1/class-management/installments/"
# 456.78 less a 123.45 deposit is 333.33, in three installments of 111.11.
PRICES = ("456.78", "123.45", "333.33", "111.11")
CLIENT_MONEY_FIELDS = (
    "total_price",
    "deposit_required",
    "deposit_paid",
    "deposit_payment",
    "installments_paid_total",
    "balance_remaining",
)


@pytest.fixture
def bundle():
    bundle = ClassBundleFactory(total_price=Decimal(PRICES[0]), deposit_required=Decimal(PRICES[1]))
    admin = AdminFactory(website=bundle.website, username="admin_who_created")
    bundle.created_by = admin
    bundle.save(update_fields=["created_by"])
    class_bundle_installments_split(bundle=bundle, count=3, interval_days=30)
    return class_bundle_activate(bundle=bundle)


def _reads(api, bundle):
    return api.get(BUNDLES), api.get(f"{BUNDLES}{bundle.pk}/")


def test_a_writer_reads_the_class_and_its_schedule_but_no_money_or_client_email(
    api_client_for, bundle
):
    for response in _reads(api_client_for(bundle.assigned_writer), bundle):
        assert_hidden(
            response,
            fields=(*CLIENT_MONEY_FIELDS, "created_by_id"),
            values=(*PRICES, bundle.client.email, bundle.created_by.username),
        )
        row = rows_of(response)[0]
        assert row["client"] == {"id": bundle.client_id, "username": bundle.client.username}
        assert [i["installment_number"] for i in row["installments"]] == [1, 2, 3]
        assert not {"amount", "paid_by", "payment_record"} & set(row["installments"][0])


def test_a_writer_reads_installments_without_their_amounts_or_payments(api_client_for, bundle):
    api = api_client_for(bundle.assigned_writer)
    installment = bundle.installments.first()
    for response in (api.get(INSTALLMENTS), api.get(f"{INSTALLMENTS}{installment.pk}/")):
        assert_hidden(response, fields=("amount", "paid_by", "payment_record"), values=PRICES)


def test_a_client_reads_every_price_but_not_the_writers_email_or_the_admin(api_client_for, bundle):
    for response in _reads(api_client_for(bundle.client), bundle):
        assert_hidden(
            response,
            fields=("created_by_id",),
            values=(bundle.assigned_writer.email, bundle.created_by.username),
        )
        row = rows_of(response)[0]
        assert (row["total_price"], row["balance_remaining"]) == (456.78, 456.78)
        assert row["assigned_writer"] == {
            "id": bundle.assigned_writer_id,
            "username": bundle.assigned_writer.username,
        }


def test_an_admin_reads_every_field_of_a_bundle(api_client_for, bundle):
    body = api_client_for(bundle.created_by).get(f"{BUNDLES}{bundle.pk}/").json()
    assert (body["total_price"], body["created_by_id"]) == (456.78, bundle.created_by_id)
    assert body["assigned_writer"]["email"] == bundle.assigned_writer.email
    assert body["installments"][0]["amount"] == 111.11


def test_paying_answers_the_client_in_the_client_shape(api_client_for, bundle):
    fund_wallet(bundle.client, Decimal("300.00"))
    api = api_client_for(bundle.client)

    deposit = api.post(f"{BUNDLES}{bundle.pk}/pay-deposit/", **idempotency_key())
    assert_hidden(deposit, fields=("created_by_id",), values=(bundle.assigned_writer.email,))
    installment = bundle.installments.order_by("installment_number").first()
    paid = api.post(f"{INSTALLMENTS}{installment.pk}/pay/", **idempotency_key())
    assert paid.status_code == 200, paid.json()
    assert "created_by_id" not in paid.json()["bundle"]
    assert bundle.assigned_writer.email not in paid.content.decode()
    assert paid.json()["installment"]["amount"] == 111.11
