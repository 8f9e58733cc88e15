"""Fines, appeals and order compensation in each role's shape, and a reassigned order's
compensation: only the current writer's fines count and are shown."""

from decimal import Decimal

import pytest

from fines.services import fine_appeal_create, fine_appeal_waive
from orders.services import order_assign_writer
from tests.accounts.factories import AdminFactory, WriterFactory
from tests.core.role_views import assert_hidden, rows_of
from tests.fines.factories import FineFactory
from tests.orders.factories import OrderFactory

pytestmark = pytest.mark.django_db

FINES = "/api/v1/fines/fines/"
APPEALS = "/api/v1/fines/appeals/"
ADMIN_ONLY_FINE_FIELDS = ("issued_by", "appealed_by", "upheld_by", "waived_by", "voided_by")


def _compensation(order) -> str:
    return f"/api/v1/fines/order-compensation/{order.pk}/"


@pytest.fixture
def waived_fine():
    """A fine its writer appealed and an admin waived: every `*_by` but two is set."""
    fine = FineFactory(issued_by__username="admin_who_fines")
    admin = fine.issued_by
    appeal = fine_appeal_create(fine=fine, writer=fine.writer, reason="Deadline moved")
    fine_appeal_waive(appeal=appeal, decided_by=admin, note="Agreed")
    fine.refresh_from_db()
    return fine


def test_a_writer_reads_their_fines_without_the_admins_who_acted(api_client_for, waived_fine):
    admin = waived_fine.issued_by
    assert (waived_fine.waived_by_id, waived_fine.appealed_by_id) == (
        admin.pk,
        waived_fine.writer_id,
    )
    api = api_client_for(waived_fine.writer)
    for response in (api.get(FINES), api.get(f"{FINES}{waived_fine.pk}/")):
        assert_hidden(response, fields=ADMIN_ONLY_FINE_FIELDS, values=(admin.username,))
        row = rows_of(response)[0]
        assert (row["status"], row["appeal"]["decision"]) == ("waived", "waived")


def test_a_writer_reads_their_appeals_without_the_admin_who_decided(api_client_for, waived_fine):
    api = api_client_for(waived_fine.writer)
    appeal = waived_fine.appeal
    for response in (api.get(APPEALS), api.get(f"{APPEALS}{appeal.pk}/")):
        assert_hidden(response, fields=("decided_by",), values=(waived_fine.issued_by.username,))
        row = rows_of(response)[0]
        assert row["decision_note"] == "Agreed"
        assert not set(ADMIN_ONLY_FINE_FIELDS) & set(row["fine"])


def test_an_admin_reads_who_issued_and_decided(api_client_for, waived_fine):
    api = api_client_for(waived_fine.issued_by)
    fine = api.get(f"{FINES}{waived_fine.pk}/").json()
    appeal = api.get(f"{APPEALS}{waived_fine.appeal.pk}/").json()
    assert (fine["issued_by"], fine["waived_by"]) == (waived_fine.issued_by_id,) * 2
    assert appeal["decided_by"] == waived_fine.issued_by_id


def test_a_writers_appeal_answers_in_the_writers_shape(api_client_for):
    fine = FineFactory()
    response = api_client_for(fine.writer).post(
        f"{FINES}{fine.pk}/appeal/", {"reason": "Deadline moved"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert_hidden(response, fields=("decided_by",))
    assert not set(ADMIN_ONLY_FINE_FIELDS) & set(response.json()["fine"])


@pytest.fixture
def reassigned_order():
    """An order whose first writer was fined 10.00, then handed to a second, fined 4.00."""
    order = OrderFactory(writer_compensation=Decimal("70.00"))
    first_writer = order.writer
    earlier = FineFactory(order=order, amount=Decimal("10.00"), reason="First writer: late")
    second_writer = WriterFactory(website=order.website)
    order = order_assign_writer(order=order, writer=second_writer)
    current = FineFactory(order=order, amount=Decimal("4.00"), reason="Second writer: typos")
    assert (earlier.writer, current.writer) == (first_writer, second_writer)
    return order, earlier, current


def test_the_compensation_counts_and_shows_only_the_current_writers_fines(
    api_client_for, reassigned_order
):
    order, earlier, current = reassigned_order
    response = api_client_for(order.writer).get(_compensation(order))

    assert_hidden(
        response,
        fields=("writer",),
        values=(earlier.writer.username, earlier.writer.email, earlier.reason),
    )
    body = response.json()
    assert (body["active_fines_total"], body["effective_writer_compensation"]) == (4.0, 66.0)
    assert [fine["id"] for fine in body["fines"]] == [current.pk]
    assert not set(ADMIN_ONLY_FINE_FIELDS) & set(body["fines"][0])


def test_the_compensation_agrees_with_the_writers_list_of_fines_on_the_order(
    api_client_for, reassigned_order
):
    order, _earlier, _current = reassigned_order
    api = api_client_for(order.writer)
    listed = rows_of(api.get(FINES, {"order_id": order.pk}))
    compensation = api.get(_compensation(order)).json()
    assert [fine["id"] for fine in compensation["fines"]] == [fine["id"] for fine in listed]
    assert compensation["active_fines_total"] == sum(
        fine["amount"] for fine in listed if fine["is_active"]
    )


def test_an_admin_reads_the_compensation_of_the_current_writer(api_client_for, reassigned_order):
    order, earlier, current = reassigned_order
    admin = AdminFactory(website=order.website)
    body = api_client_for(admin).get(_compensation(order)).json()
    assert body["writer"]["id"] == order.writer_id
    assert [fine["id"] for fine in body["fines"]] == [current.pk]
    assert body["active_fines_total"] == 4.0
    # The earlier writer's fine is still the admins' to see in the list of fines.
    listed = rows_of(api_client_for(admin).get(FINES, {"order_id": order.pk}))
    assert {fine["id"] for fine in listed} == {earlier.pk, current.pk}


def test_the_earlier_writer_cannot_read_the_orders_compensation(api_client_for, reassigned_order):
    order, earlier, _current = reassigned_order
    assert api_client_for(earlier.writer).get(_compensation(order)).status_code == 404
