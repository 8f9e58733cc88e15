"""Orders: who sees which, creating, assigning a writer and moving along the status flow."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction

from core.pagination import LimitOffsetPagination
from order_payments_management.models import PaymentMethod
from order_payments_management.services import order_pay
from orders.models import Order, OrderStatus
from tests.accounts.factories import (
    AdminFactory,
    ClientFactory,
    SuperAdminFactory,
    WriterFactory,
)
from tests.order_payments_management.factories import WalletFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

ORDERS = "/api/v1/orders/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {order["id"] for order in response.json()["results"]}


def _new_order_input(website, **overrides) -> dict:
    data = {
        "client_id": ClientFactory(website=website).pk,
        "writer_id": WriterFactory(website=website).pk,
        "title": "Annotated bibliography on soil science",
        "total_price": "150.00",
        "writer_compensation": "90.00",
    }
    data.update(overrides)
    return data


# Who sees which orders


def test_a_client_lists_and_reads_only_their_own_orders(api_client_for):
    mine = OrderFactory()
    theirs = OrderFactory(website=mine.website)
    api = api_client_for(mine.client)
    assert _ids(api.get(ORDERS)) == {mine.pk}
    assert api.get(f"{ORDERS}{mine.pk}/").status_code == 200
    assert api.get(f"{ORDERS}{theirs.pk}/").status_code == 404


def test_a_writer_lists_and_reads_only_the_orders_assigned_to_them(api_client_for):
    mine = OrderFactory()
    unassigned = OrderFactory(website=mine.website, writer=None)
    api = api_client_for(mine.writer)
    assert _ids(api.get(ORDERS)) == {mine.pk}
    assert api.get(f"{ORDERS}{unassigned.pk}/").status_code == 404


def test_an_admin_lists_every_order_of_their_website_only(api_client_for):
    admin = AdminFactory()
    ours = OrderFactory.create_batch(2, website=admin.website)
    OrderFactory()  # another website's
    assert _ids(api_client_for(admin).get(ORDERS)) == {o.pk for o in ours}


def test_an_admin_reading_another_websites_order_gets_404(api_client_for):
    order = OrderFactory()
    response = api_client_for(AdminFactory()).get(f"{ORDERS}{order.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_superadmin_lists_every_websites_orders_and_narrows_to_one(api_client_for):
    first, second = OrderFactory(), OrderFactory()
    api = api_client_for(SuperAdminFactory())
    assert _ids(api.get(ORDERS)) == {first.pk, second.pk}
    assert _ids(api.get(ORDERS, {"website_id": second.website_id})) == {second.pk}


def test_a_superadmin_naming_an_unknown_website_gets_400_naming_website_id(api_client_for):
    response = api_client_for(SuperAdminFactory()).get(ORDERS, {"website_id": 987654})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["website_id"]


def test_an_admin_naming_another_website_gets_404(api_client_for):
    response = api_client_for(AdminFactory()).get(ORDERS, {"website_id": OrderFactory().website_id})
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["client", "writer"])
def test_clients_and_writers_may_name_only_their_own_website(api_client_for, role):
    order = OrderFactory()
    api = api_client_for(getattr(order, role))
    assert _ids(api.get(ORDERS, {"website_id": order.website_id})) == {order.pk}
    assert api.get(ORDERS, {"website_id": WebsiteFactory().pk}).status_code == 404


def test_orders_filter_by_status_and_search_by_number(api_client_for):
    admin = AdminFactory()
    paid = OrderFactory(website=admin.website, status=OrderStatus.PAID, order_number="PAY-1")
    OrderFactory(website=admin.website)
    api = api_client_for(admin)
    assert _ids(api.get(ORDERS, {"status": "paid"})) == {paid.pk}
    assert _ids(api.get(ORDERS, {"search": "PAY-"})) == {paid.pk}


def test_listing_orders_needs_authentication(api_client):
    assert api_client.get(ORDERS).status_code == 401


def test_listing_orders_does_not_query_per_row(api_client_for, django_assert_max_num_queries):
    admin = AdminFactory()
    OrderFactory.create_batch(30, website=admin.website)
    api = api_client_for(admin)
    with django_assert_max_num_queries(4):
        response = api.get(ORDERS)
    assert response.json()["count"] == 30


def test_the_list_is_paginated_with_limit_and_offset(api_client_for):
    admin = AdminFactory()
    OrderFactory.create_batch(5, website=admin.website)
    body = api_client_for(admin).get(ORDERS, {"limit": 2, "offset": 2}).json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert "limit=2" in body["next"]
    assert "offset=4" in body["next"]


def test_a_page_is_never_larger_than_the_maximum(api_client_for, monkeypatch):
    monkeypatch.setattr(LimitOffsetPagination, "max_limit", 2)
    admin = AdminFactory()
    OrderFactory.create_batch(3, website=admin.website)
    response = api_client_for(admin).get(ORDERS, {"limit": 100_000})
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert len(response.json()["results"]) == 2


# Creating


def test_an_admin_creates_an_order_on_their_website(api_client_for):
    admin = AdminFactory()
    response = api_client_for(admin).post(ORDERS, _new_order_input(admin.website), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["website"]["id"] == admin.website_id
    assert body["status"] == "unpaid"
    assert body["total_price"] == 150.0
    assert body["writer_compensation"] == 90.0
    assert Order.objects.get(pk=body["id"]).total_price == Decimal("150.00")


def test_an_admins_order_always_gets_their_website(api_client_for):
    admin = AdminFactory()
    data = _new_order_input(admin.website, website_id=WebsiteFactory().pk)
    response = api_client_for(admin).post(ORDERS, data, format="json")
    assert response.status_code == 201
    assert response.json()["website"]["id"] == admin.website_id


def test_a_superadmin_must_name_the_website(api_client_for):
    website = WebsiteFactory()
    api = api_client_for(SuperAdminFactory())
    missing = api.post(ORDERS, _new_order_input(website), format="json")
    assert missing.status_code == 400
    assert list(missing.json()["errors"]) == ["website_id"]
    unknown = api.post(ORDERS, _new_order_input(website, website_id=987654), format="json")
    assert unknown.status_code == 400
    assert list(unknown.json()["errors"]) == ["website_id"]
    created = api.post(ORDERS, _new_order_input(website, website_id=website.pk), format="json")
    assert created.status_code == 201
    assert created.json()["website"]["id"] == website.pk


@pytest.mark.parametrize("factory", [ClientFactory, WriterFactory])
def test_clients_and_writers_may_not_create_orders(api_client_for, factory):
    user = factory()
    response = api_client_for(user).post(ORDERS, _new_order_input(user.website), format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"total_price": "10.005"}, "total_price"),
        ({"total_price": "0"}, "total_price"),
        ({"total_price": "abc"}, "total_price"),
        ({"writer_compensation": "-1.00"}, "writer_compensation"),
        ({"writer_compensation": "151.00"}, "writer_compensation"),
        ({"client_id": 987654}, "client_id"),
        ({"writer_id": 987654}, "writer_id"),
        ({"client_id": None}, "client_id"),
    ],
)
def test_bad_order_input_is_400_naming_the_field(api_client_for, overrides, field):
    admin = AdminFactory()
    data = _new_order_input(admin.website, **overrides)
    response = api_client_for(admin).post(ORDERS, data, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    ("role_field", "factory"), [("client_id", ClientFactory), ("writer_id", WriterFactory)]
)
def test_people_of_another_website_cannot_be_put_on_an_order(api_client_for, role_field, factory):
    admin = AdminFactory()
    data = _new_order_input(admin.website, **{role_field: factory().pk})
    response = api_client_for(admin).post(ORDERS, data, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [role_field]


def test_a_writer_cannot_be_the_client_of_an_order(api_client_for):
    admin = AdminFactory()
    writer = WriterFactory(website=admin.website)
    response = api_client_for(admin).post(
        ORDERS, _new_order_input(admin.website, client_id=writer.pk), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["client_id"]


def test_an_order_number_is_unique_per_website(api_client_for):
    admin = AdminFactory()
    OrderFactory(website=admin.website, order_number="A-1")
    OrderFactory(order_number="B-1")  # the same number elsewhere is fine
    api = api_client_for(admin)
    taken = api.post(ORDERS, _new_order_input(admin.website, order_number="A-1"), format="json")
    assert taken.status_code == 400
    assert taken.json()["code"] == "duplicate"
    assert list(taken.json()["errors"]) == ["order_number"]
    free = api.post(ORDERS, _new_order_input(admin.website, order_number="B-1"), format="json")
    assert free.status_code == 201


def _wait_for_a_blocked_query(timeout: float = 10.0) -> None:
    """Wait until another connection waits on a row lock (the unique index of our insert)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a transaction keeps one snapshot
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second request never waited on the first one's insert")


@pytest.mark.django_db(transaction=True)
def test_the_same_order_number_created_at_the_same_moment_is_a_400_not_a_500(api_client_for):
    admin = AdminFactory()
    api = api_client_for(admin)
    api.raise_request_exception = False
    data = _new_order_input(admin.website, order_number="RACE-1")
    answers = []

    def second_request():
        try:
            answers.append(api.post(ORDERS, data, format="json"))
        finally:
            connection.close()

    with transaction.atomic():
        # The first order is inserted but not committed: the second request's check cannot see
        # it, so only the unique constraint stops the second insert, once the first commits.
        OrderFactory(website=admin.website, order_number="RACE-1")
        thread = threading.Thread(target=second_request)
        thread.start()
        _wait_for_a_blocked_query()
    thread.join(timeout=10)

    (response,) = answers
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "duplicate"
    assert list(response.json()["errors"]) == ["order_number"]
    assert Order.objects.filter(website=admin.website, order_number="RACE-1").count() == 1


def test_a_generated_order_number_that_is_taken_is_drawn_again(api_client_for, monkeypatch):
    admin = AdminFactory()
    OrderFactory(website=admin.website, order_number="ORD-TAKEN")
    numbers = iter(["ORD-TAKEN", "ORD-TAKEN", "ORD-FREE"])
    monkeypatch.setattr("orders.services._new_order_number", lambda: next(numbers))
    response = api_client_for(admin).post(ORDERS, _new_order_input(admin.website), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["order_number"] == "ORD-FREE"


# Who may be put on an order: one answer for "no such user" and "not of this website"


@pytest.mark.parametrize(
    ("field", "elsewhere"),
    [
        ("client_id", ClientFactory),  # a client of another website
        ("writer_id", WriterFactory),  # a writer of another website
        ("client_id", WriterFactory),  # a user of another website with another role
    ],
)
def test_a_user_of_another_website_reads_exactly_like_a_user_that_does_not_exist(
    api_client_for, field, elsewhere
):
    admin = AdminFactory()
    existing = elsewhere().pk
    missing = existing + 10_000
    answers = []
    for user_id in (existing, missing):
        data = _new_order_input(admin.website, **{field: user_id})
        response = api_client_for(admin).post(ORDERS, data, format="json")
        body = response.json()
        answers.append(
            (response.status_code, body["code"], body["detail"].replace(str(user_id), "N"))
        )
    assert answers[0] == answers[1]
    assert answers[0][:2] == (400, f"invalid_{field}")


def test_assigning_a_writer_of_another_website_reads_like_assigning_no_such_user(api_client_for):
    order = OrderFactory()
    api = api_client_for(AdminFactory(website=order.website))
    existing = WriterFactory().pk
    details = []
    for writer_id in (existing, existing + 10_000):
        response = api.post(f"{ORDERS}{order.pk}/assign_writer/", {"writer_id": writer_id})
        assert response.status_code == 400
        details.append(response.json()["detail"].replace(str(writer_id), "N"))
    assert details[0] == details[1] == "User N is not an active writer of this website."


# Assigning a writer


def test_an_admin_assigns_a_writer(api_client_for):
    order = OrderFactory(writer=None)
    writer = WriterFactory(website=order.website)
    admin = AdminFactory(website=order.website)
    response = api_client_for(admin).post(
        f"{ORDERS}{order.pk}/assign_writer/", {"writer_id": writer.pk}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["writer"]["id"] == writer.pk
    order.refresh_from_db()
    assert order.writer_id == writer.pk


def test_a_writer_of_another_website_cannot_be_assigned(api_client_for):
    order = OrderFactory()
    admin = AdminFactory(website=order.website)
    response = api_client_for(admin).post(
        f"{ORDERS}{order.pk}/assign_writer/", {"writer_id": WriterFactory().pk}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["writer_id"]


def test_assigning_without_a_writer_is_400_naming_the_field(api_client_for):
    order = OrderFactory()
    admin = AdminFactory(website=order.website)
    response = api_client_for(admin).post(f"{ORDERS}{order.pk}/assign_writer/", {}, format="json")
    assert response.status_code == 400
    assert "writer_id" in response.json()["errors"]


@pytest.mark.parametrize("status", [OrderStatus.COMPLETED, OrderStatus.CANCELLED])
def test_a_finished_order_cannot_be_reassigned(api_client_for, status):
    order = OrderFactory(status=status)
    admin = AdminFactory(website=order.website)
    response = api_client_for(admin).post(
        f"{ORDERS}{order.pk}/assign_writer/",
        {"writer_id": WriterFactory(website=order.website).pk},
        format="json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_order_transition"


def test_an_admin_cannot_assign_on_another_websites_order(api_client_for):
    order = OrderFactory()
    response = api_client_for(AdminFactory()).post(
        f"{ORDERS}{order.pk}/assign_writer/",
        {"writer_id": WriterFactory(website=order.website).pk},
        format="json",
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["client", "writer"])
def test_clients_and_writers_may_not_assign_or_move_their_orders(api_client_for, role):
    order = OrderFactory()
    api = api_client_for(getattr(order, role))
    assign = api.post(
        f"{ORDERS}{order.pk}/assign_writer/", {"writer_id": order.writer_id}, format="json"
    )
    assert assign.status_code == 403
    move = api.post(f"{ORDERS}{order.pk}/status/", {"status": "paid"}, format="json")
    assert move.status_code == 403


# The status flow


def _paid_order():
    """An order its client paid from the wallet (its completed payment is the second value)."""
    order = OrderFactory()
    WalletFactory(user=order.client, balance=Decimal("500.00"))
    payment = order_pay(order=order, client=order.client)
    order.refresh_from_db()
    return order, payment


def test_a_paid_order_goes_on_to_in_progress_and_completed(api_client_for):
    order, _payment = _paid_order()
    api = api_client_for(AdminFactory(website=order.website))
    for status in ("in_progress", "completed"):
        response = api.post(f"{ORDERS}{order.pk}/status/", {"status": status}, format="json")
        assert response.status_code == 200, response.json()
        assert response.json()["status"] == status
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED


@pytest.mark.parametrize("role", ["admin", "superadmin"])
def test_an_admin_cannot_mark_an_order_paid_without_a_payment(api_client_for, role):
    order = OrderFactory()
    user = AdminFactory(website=order.website) if role == "admin" else SuperAdminFactory()
    response = api_client_for(user).post(
        f"{ORDERS}{order.pk}/status/", {"status": "paid"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "order_payment_required"
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID


@pytest.mark.parametrize("moved_on", [False, True])
def test_a_paid_order_is_cancelled_by_refunding_its_payment_not_by_a_status_change(
    api_client_for, moved_on
):
    order, payment = _paid_order()
    api = api_client_for(AdminFactory(website=order.website))
    if moved_on:
        assert api.post(f"{ORDERS}{order.pk}/status/", {"status": "in_progress"}).status_code == 200
    refused = api.post(f"{ORDERS}{order.pk}/status/", {"status": "cancelled"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "order_refund_required"
    assert f"payments/{payment.pk}/refund/" in refused.json()["detail"]
    order.refresh_from_db()
    assert order.status == (OrderStatus.IN_PROGRESS if moved_on else OrderStatus.PAID)

    refund = api.post(
        f"/api/v1/order-payments/payments/{payment.pk}/refund/",
        {"reason": "Client withdrew"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="refund-1",
    )
    assert refund.status_code == 200, refund.json()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_an_unpaid_order_can_be_cancelled(api_client_for):
    order = OrderFactory()
    api = api_client_for(AdminFactory(website=order.website))
    response = api.post(f"{ORDERS}{order.pk}/status/", {"status": "cancelled"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"


def test_an_unpaid_order_with_a_pending_manual_payment_is_cancelled_after_the_payment(
    api_client_for,
):
    order = OrderFactory()
    payment = order_pay(order=order, client=order.client, method=PaymentMethod.MANUAL)
    api = api_client_for(AdminFactory(website=order.website))
    refused = api.post(f"{ORDERS}{order.pk}/status/", {"status": "cancelled"}, format="json")
    assert refused.status_code == 409
    assert refused.json()["code"] == "order_payment_pending"
    assert api.post(f"/api/v1/order-payments/payments/{payment.pk}/cancel/").status_code == 200
    cancelled = api.post(f"{ORDERS}{order.pk}/status/", {"status": "cancelled"}, format="json")
    assert cancelled.status_code == 200


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (OrderStatus.UNPAID, OrderStatus.IN_PROGRESS),
        (OrderStatus.UNPAID, OrderStatus.COMPLETED),
        (OrderStatus.PAID, OrderStatus.UNPAID),
        (OrderStatus.IN_PROGRESS, OrderStatus.PAID),
        (OrderStatus.COMPLETED, OrderStatus.CANCELLED),
        (OrderStatus.CANCELLED, OrderStatus.PAID),
        (OrderStatus.PAID, OrderStatus.PAID),
    ],
)
def test_a_move_the_flow_does_not_allow_is_409(api_client_for, start, target):
    order = OrderFactory(status=start)
    api = api_client_for(AdminFactory(website=order.website))
    response = api.post(f"{ORDERS}{order.pk}/status/", {"status": target}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_order_transition"
    assert start in body["detail"]
    assert target in body["detail"]
    order.refresh_from_db()
    assert order.status == start


def test_starting_an_order_without_a_writer_is_400_naming_status(api_client_for):
    order, _payment = _paid_order()
    Order.objects.filter(pk=order.pk).update(writer=None)
    api = api_client_for(AdminFactory(website=order.website))
    response = api.post(f"{ORDERS}{order.pk}/status/", {"status": "in_progress"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "writer_required"
    assert list(response.json()["errors"]) == ["status"]


@pytest.mark.parametrize("payload", [{}, {"status": "shipped"}, {"status": ""}])
def test_a_bad_status_is_400_naming_the_field(api_client_for, payload):
    order = OrderFactory()
    api = api_client_for(AdminFactory(website=order.website))
    response = api.post(f"{ORDERS}{order.pk}/status/", payload, format="json")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_an_admin_cannot_move_another_websites_order(api_client_for):
    order = OrderFactory()
    response = api_client_for(AdminFactory()).post(
        f"{ORDERS}{order.pk}/status/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == OrderStatus.UNPAID


def test_a_superadmin_moves_any_websites_order(api_client_for):
    order = OrderFactory()
    response = api_client_for(SuperAdminFactory()).post(
        f"{ORDERS}{order.pk}/status/", {"status": "cancelled"}, format="json"
    )
    assert response.status_code == 200


def test_an_order_marked_paid_without_any_payment_can_still_be_cancelled(api_client_for):
    """Older data only: the status endpoint used to mark orders paid; there is nothing to refund."""
    order = OrderFactory(status=OrderStatus.PAID)
    api = api_client_for(AdminFactory(website=order.website))
    response = api.post(f"{ORDERS}{order.pk}/status/", {"status": "cancelled"}, format="json")
    assert response.status_code == 200
