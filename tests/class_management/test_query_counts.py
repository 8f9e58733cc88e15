"""Reads and writes of one bundle take as many queries with 30 installments as with 2."""

from decimal import Decimal

import pytest

from tests.accounts.factories import AdminFactory
from tests.class_management.factories import ClassBundleFactory, active_bundle, fund_wallet
from websites.selectors import website_own_time_zones

pytestmark = pytest.mark.django_db

BUNDLES = "/api/v1/class-management/bundles/"


def _queries(django_assert_max_num_queries, call) -> int:
    with django_assert_max_num_queries(100) as captured:
        response = call()
    assert response.status_code < 300, response.json()
    return len(captured.captured_queries)


def _read(api_client_for, assert_queries, role: str, count: int) -> int:
    bundle = active_bundle(count=count)
    user = {
        "admin": AdminFactory(website=bundle.website),
        "client": bundle.client,
        "writer": bundle.assigned_writer,
    }[role]
    client = api_client_for(user)
    return _queries(assert_queries, lambda: client.get(f"{BUNDLES}{bundle.pk}/"))


def _configure(api_client_for, assert_queries, count: int) -> int:
    bundle = ClassBundleFactory()
    client = api_client_for(AdminFactory(website=bundle.website))
    return _queries(
        assert_queries,
        lambda: client.post(
            f"{BUNDLES}{bundle.pk}/configure-installments/", {"count": count, "interval_days": 7}
        ),
    )


def _pay(api_client_for, assert_queries, count: int) -> int:
    bundle = active_bundle(count=count, deposit_required=Decimal("0"))
    fund_wallet(bundle.client, Decimal("1000"))
    installment = bundle.installments.get(installment_number=1)
    client = api_client_for(bundle.client)
    return _queries(
        assert_queries,
        lambda: client.post(
            f"/api/v1/class-management/installments/{installment.pk}/pay/",
            HTTP_IDEMPOTENCY_KEY=f"pay-{count}",
        ),
    )


@pytest.mark.parametrize("role", ["admin", "client", "writer"])
def test_reading_a_bundle_is_constant_in_its_installments(
    api_client_for, django_assert_max_num_queries, role
):
    few = _read(api_client_for, django_assert_max_num_queries, role, 2)
    many = _read(api_client_for, django_assert_max_num_queries, role, 30)
    assert few == many


def test_configuring_installments_is_constant_in_their_count(
    api_client_for, django_assert_max_num_queries
):
    # The first due date is on the website's calendar: its zone is read once and cached.
    website_own_time_zones()
    few = _configure(api_client_for, django_assert_max_num_queries, 2)
    many = _configure(api_client_for, django_assert_max_num_queries, 30)
    assert few == many


def test_paying_an_installment_is_constant_in_the_bundles_installments(
    api_client_for, django_assert_max_num_queries
):
    few = _pay(api_client_for, django_assert_max_num_queries, 2)
    many = _pay(api_client_for, django_assert_max_num_queries, 30)
    assert few == many
