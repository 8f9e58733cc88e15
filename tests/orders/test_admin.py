"""Django admin of orders: rows are read-only; actions move them through the order services."""

import re
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from core.invariants import violations
from order_payments_management.services import order_pay
from orders.models import Order
from tests.accounts.factories import SuperAdminFactory, WriterFactory
from tests.class_management.factories import fund_wallet
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/orders/order/"


@pytest.fixture
def browser():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


def _paid_order(**kwargs) -> Order:
    order = OrderFactory(**kwargs)
    fund_wallet(order.client, Decimal("500.00"))
    order_pay(order=order, client=order.client)
    order.refresh_from_db()
    return order


def _act(browser, action: str, orders, **extra):
    return browser.post(
        CHANGELIST,
        {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in orders], "index": 0, **extra},
        follow=True,
    )


def test_an_unpaid_order_cannot_be_marked_paid_or_repriced_in_the_admin(browser):
    order = OrderFactory()
    url = f"/admin/orders/order/{order.pk}/change/"
    page = browser.get(url)
    assert page.status_code == 200
    assert 'name="status"' not in page.content.decode()
    response = browser.post(
        url,
        {
            "website": order.website_id,
            "order_number": order.order_number,
            "title": order.title,
            "client": order.client_id,
            "writer": order.writer_id,
            "status": "paid",
            "total_price": "1.00",
            "writer_compensation": "1.00",
        },
    )
    assert response.status_code == 403
    assert browser.get("/admin/orders/order/add/").status_code == 403
    assert browser.post(f"/admin/orders/order/{order.pk}/delete/", {"post": "yes"}).status_code == (
        403
    )
    order.refresh_from_db()
    assert (order.status, order.total_price) == ("unpaid", Decimal("120.00"))


def test_the_admin_offers_no_action_that_marks_an_order_paid(browser):
    OrderFactory()
    content = browser.get(CHANGELIST).content.decode()
    select = content[content.index('name="action"') : content.index("</select>")]
    offered = set(re.findall(r'<option value="(\w+)"', select))
    assert offered == {"start_selected", "complete_selected", "cancel_selected", "assign_writer"}


def test_orders_are_started_and_completed_by_actions_calling_the_order_service(browser):
    order = _paid_order()
    started = _act(browser, "start_selected", [order]).content.decode()
    assert "1 order(s) started." in started
    order.refresh_from_db()
    assert order.status == "in_progress"
    completed = _act(browser, "complete_selected", [order]).content.decode()
    assert "1 order(s) completed." in completed
    order.refresh_from_db()
    assert order.status == "completed"
    again = _act(browser, "start_selected", [order]).content.decode()
    assert f"Not started: #{order.pk}: Cannot move this order from" in again
    assert violations() == []


def test_only_unpaid_orders_are_cancelled_by_the_admin_action(browser):
    unpaid, paid = OrderFactory(), _paid_order()
    response = _act(browser, "cancel_selected", [unpaid, paid]).content.decode()
    assert "1 order(s) cancelled." in response
    assert f"Not cancelled: #{paid.pk}: Only an unpaid order is cancelled here" in response
    unpaid.refresh_from_db()
    paid.refresh_from_db()
    assert (unpaid.status, paid.status) == ("cancelled", "paid")
    assert violations() == []


def test_assigning_a_writer_asks_for_one_and_refuses_another_websites_writer(browser):
    order, other = OrderFactory(), OrderFactory()
    writer = WriterFactory(website=order.website)
    form = _act(browser, "assign_writer", [order, other])
    assert form.status_code == 200
    assert 'name="writer"' in form.content.decode()
    done = _act(browser, "assign_writer", [order, other], apply="1", writer=writer.pk)
    content = done.content.decode()
    assert "1 order(s) assigned." in content
    assert f"Not assigned: #{other.pk}: User {writer.pk} is not an active writer" in content
    order.refresh_from_db()
    other.refresh_from_db()
    assert order.writer == writer
    assert other.writer != writer
