"""Writes on fines take as many queries when the order already has 30 fines as with 1."""

import uuid

import pytest

from tests.accounts.factories import AdminFactory
from tests.fines.factories import FineFactory, FineTypeConfigFactory

pytestmark = pytest.mark.django_db


def _queries(django_assert_max_num_queries, call) -> int:
    with django_assert_max_num_queries(100) as captured:
        response = call()
    assert response.status_code < 300, response.json()
    return len(captured.captured_queries)


def _write_queries(api_client_for, django_assert_max_num_queries, existing: int) -> tuple:
    fine_type = FineTypeConfigFactory()
    first = FineFactory(website=fine_type.website, order__website=fine_type.website)
    FineFactory.create_batch(existing - 1, order=first.order)
    admin = api_client_for(AdminFactory(website=first.website))
    writer = api_client_for(first.writer)
    issue = _queries(
        django_assert_max_num_queries,
        lambda: admin.post(
            "/api/v1/fines/fines/",
            {"order_id": first.order_id, "fine_type_code": fine_type.code, "reason": "Late"},
            HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
        ),
    )
    appeal = _queries(
        django_assert_max_num_queries,
        lambda: writer.post(f"/api/v1/fines/fines/{first.pk}/appeal/", {"reason": "No"}),
    )
    first.refresh_from_db()
    uphold = _queries(
        django_assert_max_num_queries,
        lambda: admin.post(f"/api/v1/fines/appeals/{first.appeal.pk}/uphold/"),
    )
    second = FineFactory(order=first.order)
    waive = _queries(
        django_assert_max_num_queries,
        lambda: admin.post(f"/api/v1/fines/fines/{second.pk}/waive/"),
    )
    return issue, appeal, uphold, waive


def test_fine_writes_are_constant_in_the_orders_fines(
    api_client_for, django_assert_max_num_queries
):
    few = _write_queries(api_client_for, django_assert_max_num_queries, 1)
    many = _write_queries(api_client_for, django_assert_max_num_queries, 30)
    assert few == many
