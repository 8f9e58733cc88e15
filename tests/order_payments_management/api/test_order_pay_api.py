"""`POST /api/v1/orders/{id}/pay/`: a client pays their unpaid order from their wallet."""

from decimal import Decimal

import pytest

from order_payments_management.models import DiscountUsage, OrderPayment, WalletTransaction
from orders.models import OrderStatus
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.order_payments_management.factories import DiscountFactory, WalletFactory
from tests.order_payments_management.utils import idempotent_post, query_count
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db


def _pay_url(order) -> str:
    return f"/api/v1/orders/{order.pk}/pay/"


def _funded_order(balance="500.00", **fields):
    order = OrderFactory(**fields)
    wallet = WalletFactory(user=order.client, balance=Decimal(balance))
    return order, wallet


def test_a_client_pays_their_order_and_gets_the_completed_payment(api_client_for):
    order, wallet = _funded_order()
    response = idempotent_post(api_client_for(order.client), _pay_url(order))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "completed"
    assert body["method"] == "wallet"
    assert body["order_id"] == order.pk
    assert body["order_number"] == order.order_number
    assert (body["original_amount"], body["discount_amount"], body["amount"]) == (120.0, 0.0, 120.0)
    assert body["discount_code"] is None
    order.refresh_from_db()
    wallet.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert wallet.balance == Decimal("380.00")


def test_a_discount_code_is_applied_and_shown_on_the_payment(api_client_for):
    order, wallet = _funded_order()
    DiscountFactory(website=order.website, code="TENOFF", discount_type="fixed", value=10)
    response = idempotent_post(
        api_client_for(order.client), _pay_url(order), {"discount_code": "tenoff"}
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["discount_code"], body["discount_amount"], body["amount"]) == (
        "TENOFF",
        10.0,
        110.0,
    )
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("390.00")


@pytest.mark.parametrize(
    ("discount_fields", "code"),
    [
        (None, "discount_not_found"),
        ({"is_active": False}, "discount_inactive"),
        ({"max_uses": 1, "used_count": 1}, "discount_used_up"),
        ({"min_order_value": Decimal("500.00")}, "discount_min_order_value"),
    ],
)
def test_a_bad_code_is_400_naming_discount_code_with_a_specific_code(
    api_client_for, discount_fields, code
):
    order, _wallet = _funded_order()
    if discount_fields is not None:
        DiscountFactory(website=order.website, code="PROMO", **discount_fields)
    response = idempotent_post(
        api_client_for(order.client), _pay_url(order), {"discount_code": "PROMO"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert list(response.json()["errors"]) == ["discount_code"]
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID
    assert not OrderPayment.objects.exists()


def test_insufficient_funds_are_409_and_nothing_is_written(api_client_for):
    order, wallet = _funded_order(balance="119.99")
    response = idempotent_post(api_client_for(order.client), _pay_url(order))
    assert response.status_code == 409
    assert response.json() == {
        "detail": "Needs 120.00; the wallet balance is 119.99.",
        "code": "insufficient_funds",
    }
    order.refresh_from_db()
    wallet.refresh_from_db()
    assert order.status == OrderStatus.UNPAID
    assert wallet.balance == Decimal("119.99")
    assert WalletTransaction.objects.count() == 1


def test_a_client_without_a_wallet_has_insufficient_funds(api_client_for):
    order = OrderFactory()
    response = idempotent_post(api_client_for(order.client), _pay_url(order))
    assert response.status_code == 409
    assert response.json()["code"] == "insufficient_funds"


def test_paying_an_order_that_is_not_unpaid_is_409(api_client_for):
    order, _wallet = _funded_order(status=OrderStatus.PAID)
    response = idempotent_post(api_client_for(order.client), _pay_url(order))
    assert response.status_code == 409
    assert response.json()["code"] == "order_not_unpaid"


def test_a_second_pay_with_a_new_key_is_409_and_charges_once(api_client_for):
    order, wallet = _funded_order()
    api = api_client_for(order.client)
    assert idempotent_post(api, _pay_url(order)).status_code == 201
    again = idempotent_post(api, _pay_url(order))
    assert again.status_code == 409
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("380.00")


def test_a_retry_with_the_same_key_replays_the_payment_without_charging_again(api_client_for):
    order, wallet = _funded_order()
    api = api_client_for(order.client)
    first = idempotent_post(api, _pay_url(order), key="pay-order-1")
    retry = idempotent_post(api, _pay_url(order), key="pay-order-1")
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry["Idempotent-Replayed"] == "true"
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("380.00")
    assert OrderPayment.objects.count() == 1


def test_a_manual_payment_is_pending_and_leaves_the_order_unpaid(api_client_for):
    order = OrderFactory()
    response = idempotent_post(api_client_for(order.client), _pay_url(order), {"method": "manual"})
    assert response.status_code == 201
    assert (response.json()["status"], response.json()["method"]) == ("pending", "manual")
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID


def test_paying_without_an_idempotency_key_is_400_naming_the_header(api_client_for):
    order, wallet = _funded_order()
    response = api_client_for(order.client).post(_pay_url(order), {}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_required"
    assert list(response.json()["errors"]) == ["Idempotency-Key"]
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("500.00")


@pytest.mark.parametrize(
    ("data", "field"),
    [({"method": "card"}, "method"), ({"discount_code": "X" * 41}, "discount_code")],
)
def test_bad_pay_input_is_400_naming_the_field(api_client_for, data, field):
    order, _ = _funded_order()
    response = idempotent_post(api_client_for(order.client), _pay_url(order), data)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_another_clients_order_is_404(api_client_for):
    order, _ = _funded_order()
    stranger = ClientFactory(website=order.website)
    WalletFactory(user=stranger, balance=Decimal("500.00"))
    response = idempotent_post(api_client_for(stranger), _pay_url(order))
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID


def test_another_websites_order_is_404(api_client_for):
    order, _ = _funded_order()
    stranger = ClientFactory()
    response = idempotent_post(api_client_for(stranger), _pay_url(order))
    assert response.status_code == 404


@pytest.mark.parametrize("factory", [AdminFactory, WriterFactory])
def test_only_clients_pay_orders(api_client_for, factory):
    order, _ = _funded_order()
    user = factory(website=order.website)
    response = idempotent_post(api_client_for(user), _pay_url(order))
    assert response.status_code == 403
    assert not OrderPayment.objects.exists()


def test_paying_needs_authentication(api_client):
    order, _ = _funded_order()
    assert idempotent_post(api_client, _pay_url(order)).status_code == 401


def test_paying_with_a_code_costs_the_same_queries_however_often_it_was_used(api_client_for):
    client = ClientFactory()
    WalletFactory(user=client, balance=Decimal("9000.00"))
    DiscountFactory(website=client.website, code="TENOFF", per_user_limit=100)
    api = api_client_for(client)

    def pay_new_order():
        order = OrderFactory(website=client.website, client=client)
        return query_count(
            lambda: idempotent_post(api, _pay_url(order), {"discount_code": "tenoff"})
        )

    first = pay_new_order()
    for _ in range(29):
        pay_new_order()
    thirty_first = pay_new_order()
    assert DiscountUsage.objects.filter(user=client).count() == 31
    assert thirty_first == first
    assert thirty_first <= 40, thirty_first
