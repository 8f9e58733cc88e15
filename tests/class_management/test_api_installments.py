from decimal import Decimal

import pytest

from class_management.models import ClassInstallment
from order_payments_management.models import OrderPayment, Wallet
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.class_management.factories import ClassBundleFactory, active_bundle, fund_wallet
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/class-management/installments/"


def _detail(installment, action: str = "") -> str:
    return f"{URL}{installment.pk}/{action + '/' if action else ''}"


def _key(n: int = 1) -> dict:
    return {"HTTP_IDEMPOTENCY_KEY": f"installment-key-{n}"}


def _first(bundle) -> ClassInstallment:
    return bundle.installments.get(installment_number=1)


def test_a_client_pays_an_installment_after_the_deposit(api_client_for):
    bundle = active_bundle(count=3)
    fund_wallet(bundle.client, Decimal("250.00"))
    client = api_client_for(bundle.client)

    too_early = client.post(_detail(_first(bundle), "pay"), **_key(1))
    client.post(f"/api/v1/class-management/bundles/{bundle.pk}/pay-deposit/", **_key(2))
    response = client.post(_detail(_first(bundle), "pay"), **_key(3))

    assert (too_early.status_code, too_early.json()["code"]) == (409, "deposit_not_paid")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["installment"]["is_paid"] is True
    assert body["installment"]["payment_record"] is not None
    assert (body["bundle"]["balance_remaining"], body["bundle"]["installments_paid_total"]) == (
        200.0,
        100.0,
    )
    assert Wallet.objects.get(user=bundle.client).balance == Decimal("50.00")


def test_paying_a_paid_installment_is_a_409_and_charges_nothing(api_client_for):
    bundle = active_bundle(deposit_required=Decimal("0"))
    fund_wallet(bundle.client, Decimal("1000.00"))
    client = api_client_for(bundle.client)
    client.post(_detail(_first(bundle), "pay"), **_key(1))
    again = client.post(_detail(_first(bundle), "pay"), **_key(2))
    assert (again.status_code, again.json()["code"]) == (409, "installment_already_paid")
    assert OrderPayment.objects.count() == 1


def test_the_same_key_with_another_installment_is_a_new_request(api_client_for):
    bundle = active_bundle(deposit_required=Decimal("0"))
    fund_wallet(bundle.client, Decimal("1000.00"))
    client = api_client_for(bundle.client)
    second = bundle.installments.get(installment_number=2)
    assert client.post(_detail(_first(bundle), "pay"), **_key(1)).status_code == 200
    assert client.post(_detail(second, "pay"), **_key(1)).status_code == 200
    assert OrderPayment.objects.count() == 2


def test_the_same_key_with_a_changed_body_is_a_422(api_client_for):
    bundle = active_bundle(deposit_required=Decimal("0"))
    fund_wallet(bundle.client, Decimal("1000.00"))
    client = api_client_for(bundle.client)
    client.post(_detail(_first(bundle), "pay"), {}, format="json", **_key(1))
    changed = client.post(_detail(_first(bundle), "pay"), {"note": "x"}, format="json", **_key(1))
    assert (changed.status_code, changed.json()["code"]) == (422, "idempotency_key_reused")
    assert OrderPayment.objects.count() == 1


def test_a_missing_key_is_a_400(api_client_for):
    bundle = active_bundle(deposit_required=Decimal("0"))
    fund_wallet(bundle.client, Decimal("1000.00"))
    response = api_client_for(bundle.client).post(_detail(_first(bundle), "pay"))
    assert (response.status_code, list(response.json()["errors"])) == (400, ["Idempotency-Key"])
    assert not OrderPayment.objects.exists()


def test_only_the_bundles_client_pays(api_client_for):
    bundle = active_bundle(deposit_required=Decimal("0"))
    installment = _first(bundle)
    neighbour = ClientFactory(website=bundle.website)
    fund_wallet(neighbour, Decimal("1000"))
    assert api_client_for(neighbour).post(_detail(installment, "pay"), **_key()).status_code == 404
    assert (
        api_client_for(ClientFactory()).post(_detail(installment, "pay"), **_key()).status_code
        == 404
    )
    for user in (bundle.assigned_writer, AdminFactory(website=bundle.website)):
        assert api_client_for(user).post(_detail(installment, "pay"), **_key()).status_code == 403
    assert not OrderPayment.objects.exists()


def test_each_role_lists_what_it_may_see(api_client_for):
    bundle = active_bundle(count=2)
    active_bundle(website=bundle.website, count=3)
    active_bundle(count=4)
    expected = {
        bundle.client: 2,
        bundle.assigned_writer: 2,
        AdminFactory(website=bundle.website): 5,
        WriterFactory(website=bundle.website): 0,
    }
    for user, count in expected.items():
        assert api_client_for(user).get(URL).json()["count"] == count


def test_the_list_filters_by_bundle_and_state(api_client_for):
    bundle = active_bundle(deposit_required=Decimal("0"), count=3)
    active_bundle(website=bundle.website)
    fund_wallet(bundle.client, Decimal("1000"))
    client = api_client_for(bundle.client)
    client.post(_detail(_first(bundle), "pay"), **_key())
    admin = api_client_for(AdminFactory(website=bundle.website))
    rows = admin.get(URL, {"bundle_id": bundle.pk, "is_paid": "false"}).json()["results"]
    assert [row["installment_number"] for row in rows] == [2, 3]


def test_another_websites_installment_is_a_404(api_client_for):
    bundle = active_bundle()
    assert api_client_for(AdminFactory()).get(_detail(_first(bundle))).status_code == 404


def test_a_draft_bundles_installment_cannot_be_paid(api_client_for):
    bundle = ClassBundleFactory(deposit_required=Decimal("0"))
    installment = ClassInstallment.objects.create(
        bundle=bundle, installment_number=1, amount=Decimal("400"), due_date="2025-01-01"
    )
    fund_wallet(bundle.client, Decimal("1000"))
    response = api_client_for(bundle.client).post(_detail(installment, "pay"), **_key())
    assert (response.status_code, response.json()["code"]) == (409, "class_bundle_not_active")


def test_the_list_takes_a_constant_number_of_queries(api_client_for, django_assert_max_num_queries):
    website = WebsiteFactory()
    client = api_client_for(AdminFactory(website=website))
    active_bundle(website=website, count=1)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    for _ in range(10):
        active_bundle(website=website, count=3)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(URL).json()["count"] == 31
