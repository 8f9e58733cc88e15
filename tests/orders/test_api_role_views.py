"""Each role reads orders in its own shape: clients never the writer's pay, writers never the
client's price, and neither the other party's email."""

from decimal import Decimal

import pytest

from tests.accounts.factories import AdminFactory
from tests.class_management.factories import fund_wallet
from tests.core.role_views import assert_hidden, idempotency_key, rows_of
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/orders/"


@pytest.fixture
def order():
    return OrderFactory(total_price=Decimal("123.45"), writer_compensation=Decimal("67.89"))


def _reads(api, order):
    return api.get(URL), api.get(f"{URL}{order.pk}/")


def test_a_client_sees_the_price_but_never_the_writers_pay_or_email(api_client_for, order):
    for response in _reads(api_client_for(order.client), order):
        assert_hidden(
            response,
            fields=("writer_compensation",),
            values=("67.89", order.writer.email),
        )
        row = rows_of(response)[0]
        assert row["total_price"] == 123.45
        assert row["writer"] == {"id": order.writer_id, "username": order.writer.username}
        assert row["client"]["email"] == order.client.email  # their own


def test_a_writer_sees_their_pay_but_never_the_clients_price_or_email(api_client_for, order):
    for response in _reads(api_client_for(order.writer), order):
        assert_hidden(response, fields=("total_price",), values=("123.45", order.client.email))
        row = rows_of(response)[0]
        assert row["writer_compensation"] == 67.89
        assert row["client"] == {"id": order.client_id, "username": order.client.username}
        assert row["writer"]["email"] == order.writer.email  # their own


def test_an_admin_sees_every_field_of_an_order(api_client_for, order):
    for response in _reads(api_client_for(AdminFactory(website=order.website)), order):
        row = rows_of(response)[0]
        assert (row["total_price"], row["writer_compensation"]) == (123.45, 67.89)
        assert row["client"]["email"] == order.client.email
        assert row["writer"]["email"] == order.writer.email


def test_an_order_without_a_writer_reads_with_a_null_writer_for_its_client(api_client_for):
    order = OrderFactory(writer=None)
    response = api_client_for(order.client).get(f"{URL}{order.pk}/")
    assert response.status_code == 200
    assert response.json()["writer"] is None


def test_paying_an_order_answers_the_client_without_admin_ids(api_client_for, order):
    fund_wallet(order.client, Decimal("200.00"))
    response = api_client_for(order.client).post(
        f"{URL}{order.pk}/pay/", {}, format="json", **idempotency_key()
    )
    assert response.status_code == 201, response.json()
    assert_hidden(response, fields=("confirmed_by_id", "refunded_by_id"))
