"""Discounts API: admins manage codes; clients check a code before paying."""

from decimal import Decimal

import pytest

from loyalty_management.services import redemption_create
from order_payments_management.models import Discount, DiscountUsage
from order_payments_management.services import order_pay
from tests.accounts.factories import (
    AdminFactory,
    ClientFactory,
    SuperAdminFactory,
    WriterFactory,
)
from tests.loyalty_management.factories import discount_item, points_give
from tests.order_payments_management.factories import DiscountFactory, WalletFactory
from tests.order_payments_management.utils import assert_list_queries_constant, query_count
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

DISCOUNTS = "/api/v1/order-payments/discounts/"
VALIDATE = f"{DISCOUNTS}validate/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def _new_discount_input(**overrides) -> dict:
    data = {
        "code": "spring10",
        "description": "Spring campaign",
        "discount_type": "percent",
        "value": "10.00",
        "max_uses": 100,
        "per_user_limit": 1,
        "min_order_value": "50.00",
    }
    data.update(overrides)
    return data


def _use(discount) -> None:
    order = OrderFactory(website=discount.website)
    WalletFactory(user=order.client, balance=Decimal("500.00"))
    order_pay(order=order, client=order.client, discount_code=discount.code)


# Listing and reading


def test_an_admin_lists_their_websites_codes_filters_and_searches(api_client_for):
    admin = AdminFactory()
    active = DiscountFactory(website=admin.website, code="SUMMER5", description="Summer")
    inactive = DiscountFactory(website=admin.website, code="OLD5", is_active=False)
    DiscountFactory()  # another website's
    api = api_client_for(admin)
    assert _ids(api.get(DISCOUNTS)) == {active.pk, inactive.pk}
    assert _ids(api.get(DISCOUNTS, {"is_active": "false"})) == {inactive.pk}
    assert _ids(api.get(DISCOUNTS, {"search": "summ"})) == {active.pk}
    detail = api.get(f"{DISCOUNTS}{active.pk}/")
    assert detail.status_code == 200
    assert (detail.json()["code"], detail.json()["value"]) == ("SUMMER5", 10.0)


def test_an_admin_reading_another_websites_code_gets_404(api_client_for):
    discount = DiscountFactory()
    api = api_client_for(AdminFactory())
    assert api.get(f"{DISCOUNTS}{discount.pk}/").status_code == 404
    assert api.patch(f"{DISCOUNTS}{discount.pk}/", {"is_active": False}).status_code == 404
    assert api.delete(f"{DISCOUNTS}{discount.pk}/").status_code == 404
    assert api.get(f"{DISCOUNTS}{discount.pk}/usages/").status_code == 404
    discount.refresh_from_db()
    assert discount.is_active


@pytest.mark.parametrize("factory", [ClientFactory, WriterFactory])
def test_clients_and_writers_may_not_manage_codes(api_client_for, factory):
    user = factory()
    discount = DiscountFactory(website=user.website)
    api = api_client_for(user)
    assert api.get(DISCOUNTS).status_code == 403
    assert api.get(f"{DISCOUNTS}{discount.pk}/").status_code == 403
    assert api.post(DISCOUNTS, _new_discount_input(), format="json").status_code == 403
    assert api.patch(f"{DISCOUNTS}{discount.pk}/", {"is_active": False}).status_code == 403
    assert api.delete(f"{DISCOUNTS}{discount.pk}/").status_code == 403
    assert api.get(f"{DISCOUNTS}{discount.pk}/usages/").status_code == 403


def test_listing_codes_costs_the_same_queries_for_1_or_30_rows(api_client_for):
    admin = AdminFactory()
    assert_list_queries_constant(
        api_client_for(admin),
        DISCOUNTS,
        lambda n: DiscountFactory.create_batch(n, website=admin.website),
        most=4,
    )


# Creating and changing


def test_an_admin_creates_a_code_stored_upper_case(api_client_for):
    admin = AdminFactory()
    response = api_client_for(admin).post(DISCOUNTS, _new_discount_input(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["code"], body["origin"], body["used_count"], body["website"]["id"]) == (
        "SPRING10",
        "admin",
        0,
        admin.website_id,
    )
    assert body["created_by_id"] == admin.pk
    assert Discount.objects.get().min_order_value == Decimal("50.00")


def test_a_duplicate_code_on_the_website_is_400_naming_code(api_client_for):
    admin = AdminFactory()
    DiscountFactory(website=admin.website, code="SPRING10")
    DiscountFactory(code="OTHER10")
    api = api_client_for(admin)
    response = api.post(DISCOUNTS, _new_discount_input(code="Spring10"), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate"
    assert list(response.json()["errors"]) == ["code"]
    elsewhere_taken = api.post(DISCOUNTS, _new_discount_input(code="other10"), format="json")
    assert elsewhere_taken.status_code == 201


def test_a_superadmin_must_name_the_website_of_a_code(api_client_for):
    website = WebsiteFactory()
    api = api_client_for(SuperAdminFactory())
    missing = api.post(DISCOUNTS, _new_discount_input(), format="json")
    assert missing.status_code == 400
    assert list(missing.json()["errors"]) == ["website_id"]
    created = api.post(DISCOUNTS, _new_discount_input(website_id=website.pk), format="json")
    assert created.status_code == 201
    assert created.json()["website"]["id"] == website.pk


def test_an_admins_code_always_gets_their_website(api_client_for):
    admin = AdminFactory()
    data = _new_discount_input(website_id=WebsiteFactory().pk)
    response = api_client_for(admin).post(DISCOUNTS, data, format="json")
    assert response.json()["website"]["id"] == admin.website_id


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"code": ""}, "code"),
        ({"code": "has space"}, "code"),
        ({"discount_type": "bogo"}, "discount_type"),
        ({"value": "0"}, "value"),
        ({"value": "10.005"}, "value"),
        ({"value": "100.01"}, "value"),
        ({"max_uses": 0}, "max_uses"),
        ({"per_user_limit": -1}, "per_user_limit"),
        ({"min_order_value": "-1.00"}, "min_order_value"),
        (
            {"valid_from": "2026-05-01T00:00:00Z", "valid_until": "2026-04-01T00:00:00Z"},
            "valid_until",
        ),
        ({"valid_from": "not a date"}, "valid_from"),
    ],
)
def test_bad_discount_input_is_400_naming_the_field(api_client_for, overrides, field):
    response = api_client_for(AdminFactory()).post(
        DISCOUNTS, _new_discount_input(**overrides), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Discount.objects.exists()


@pytest.mark.parametrize("field", ["max_uses", "per_user_limit"])
@pytest.mark.parametrize("value", [2**31, 2**63, "\u0661\u0662"])
def test_a_limit_the_column_cannot_hold_is_400_on_create_and_change(api_client_for, field, value):
    admin = AdminFactory()
    discount = DiscountFactory(website=admin.website)
    api = api_client_for(admin)
    created = api.post(DISCOUNTS, _new_discount_input(**{field: value}), format="json")
    changed = api.patch(f"{DISCOUNTS}{discount.pk}/", {field: value}, format="json")
    for response in (created, changed):
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == [field]
    assert Discount.objects.get().pk == discount.pk


def test_a_fixed_discount_may_exceed_100(api_client_for):
    response = api_client_for(AdminFactory()).post(
        DISCOUNTS, _new_discount_input(discount_type="fixed", value="150.00"), format="json"
    )
    assert response.status_code == 201


def test_an_admin_deactivates_a_code_and_changes_its_limit(api_client_for):
    admin = AdminFactory()
    discount = DiscountFactory(website=admin.website, max_uses=5)
    api = api_client_for(admin)
    response = api.patch(f"{DISCOUNTS}{discount.pk}/", {"is_active": False}, format="json")
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert response.json()["max_uses"] == 5
    replaced = api.put(
        f"{DISCOUNTS}{discount.pk}/", _new_discount_input(code=discount.code), format="json"
    )
    assert replaced.status_code == 200
    assert (replaced.json()["max_uses"], replaced.json()["is_active"]) == (100, True)


def test_a_percentage_raised_above_100_by_a_patch_is_400(api_client_for):
    admin = AdminFactory()
    discount = DiscountFactory(website=admin.website, discount_type="fixed", value=150)
    response = api_client_for(admin).patch(
        f"{DISCOUNTS}{discount.pk}/", {"discount_type": "percent"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["value"]


def test_renaming_onto_a_taken_code_is_400(api_client_for):
    admin = AdminFactory()
    DiscountFactory(website=admin.website, code="TAKEN")
    discount = DiscountFactory(website=admin.website, code="FREE1")
    response = api_client_for(admin).patch(
        f"{DISCOUNTS}{discount.pk}/", {"code": "taken"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["code"]


# Deleting


def test_an_unused_code_is_deleted(api_client_for):
    admin = AdminFactory()
    discount = DiscountFactory(website=admin.website)
    assert api_client_for(admin).delete(f"{DISCOUNTS}{discount.pk}/").status_code == 204
    assert not Discount.objects.exists()


def test_a_used_code_cannot_be_deleted_only_deactivated(api_client_for):
    admin = AdminFactory()
    discount = DiscountFactory(website=admin.website)
    _use(discount)
    api = api_client_for(admin)
    response = api.delete(f"{DISCOUNTS}{discount.pk}/")
    assert response.status_code == 409
    assert response.json()["code"] == "discount_in_use"
    assert Discount.objects.filter(pk=discount.pk).exists()
    deactivated = api.patch(f"{DISCOUNTS}{discount.pk}/", {"is_active": False}, format="json")
    assert deactivated.status_code == 200


def test_a_code_a_redemption_request_still_names_is_a_409_not_a_500(api_client_for):
    client = ClientFactory()
    points_give(client, 500)
    redemption = redemption_create(client=client, item_id=discount_item(website=client.website).pk)
    discount = Discount.objects.get(pk=redemption.discount_id)  # never used to pay yet
    response = api_client_for(AdminFactory(website=client.website)).delete(
        f"{DISCOUNTS}{discount.pk}/"
    )
    assert response.status_code == 409, response.content
    assert response.json() == {
        "detail": "Other records still refer to it (redemption requests); it cannot be deleted.",
        "code": "in_use",
    }
    assert Discount.objects.filter(pk=discount.pk).exists()


# Usages


def test_an_admin_sees_who_used_a_code(api_client_for):
    admin = AdminFactory()
    discount = DiscountFactory(website=admin.website)
    _use(discount)
    usage = DiscountUsage.objects.get()
    response = api_client_for(admin).get(f"{DISCOUNTS}{discount.pk}/usages/")
    assert response.status_code == 200
    row = response.json()["results"][0]
    assert (row["user"]["id"], row["applied_amount"], row["payment_reference"]) == (
        usage.user_id,
        12.0,
        usage.payment.reference,
    )


def test_listing_usages_costs_the_same_queries_for_1_or_30_rows(api_client_for):
    admin = AdminFactory()
    discount = DiscountFactory(website=admin.website)

    def add_rows(n):
        for _ in range(n):
            _use(discount)

    assert_list_queries_constant(
        api_client_for(admin), f"{DISCOUNTS}{discount.pk}/usages/", add_rows, most=5
    )


# Checking a code before paying


def test_a_client_checks_what_a_code_takes_off(api_client_for):
    client = ClientFactory()
    DiscountFactory(website=client.website, code="WELCOME15", value=Decimal("15.00"))
    response = api_client_for(client).post(
        VALIDATE, {"code": "welcome15", "amount": "99.90"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "code": "WELCOME15",
        "discount_type": "percent",
        "value": 15.0,
        "amount": 99.9,
        "discount_amount": 14.99,  # 14.985 rounds half up
        "payable_amount": 84.91,
    }
    assert not DiscountUsage.objects.exists()


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (None, "discount_not_found"),
        ({"is_active": False}, "discount_inactive"),
        ({"max_uses": 2, "used_count": 2}, "discount_used_up"),
        ({"min_order_value": Decimal("200.00")}, "discount_min_order_value"),
    ],
)
def test_a_code_that_does_not_apply_is_400_naming_code(api_client_for, fields, code):
    client = ClientFactory()
    if fields is not None:
        DiscountFactory(website=client.website, code="CHECKME", **fields)
    response = api_client_for(client).post(
        VALIDATE, {"code": "CHECKME", "amount": "100.00"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert list(response.json()["errors"]) == ["code"]


def test_a_code_of_another_website_is_not_found(api_client_for):
    discount = DiscountFactory(code="ELSEWHERE")
    response = api_client_for(ClientFactory()).post(
        VALIDATE, {"code": "ELSEWHERE", "amount": "100.00"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "discount_not_found"
    assert discount.pk


def test_the_per_user_limit_is_checked_for_the_asking_client(api_client_for):
    discount = DiscountFactory(code="ONCE", per_user_limit=1)
    order = OrderFactory(website=discount.website)
    WalletFactory(user=order.client, balance=Decimal("500.00"))
    order_pay(order=order, client=order.client, discount_code="ONCE")
    data = {"code": "ONCE", "amount": "100.00"}
    used = api_client_for(order.client).post(VALIDATE, data, format="json")
    assert used.json()["code"] == "discount_user_limit"
    fresh = api_client_for(ClientFactory(website=discount.website)).post(VALIDATE, data)
    assert fresh.status_code == 200


@pytest.mark.parametrize(
    ("data", "field"),
    [({"code": "X1X"}, "amount"), ({"code": "X1X", "amount": "1.001"}, "amount"), ({}, "code")],
)
def test_bad_validate_input_is_400_naming_the_field(api_client_for, data, field):
    response = api_client_for(ClientFactory()).post(VALIDATE, data, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("factory", [AdminFactory, WriterFactory])
def test_only_clients_check_codes(api_client_for, factory):
    user = factory()
    DiscountFactory(website=user.website, code="ANYONE")
    response = api_client_for(user).post(
        VALIDATE, {"code": "ANYONE", "amount": "10.00"}, format="json"
    )
    assert response.status_code == 403


def test_checking_a_code_costs_a_bounded_number_of_queries(api_client_for):
    client = ClientFactory()
    DiscountFactory(website=client.website, code="CHEAP", per_user_limit=5)
    api = api_client_for(client)
    count = query_count(
        lambda: api.post(VALIDATE, {"code": "CHEAP", "amount": "10.00"}, format="json")
    )
    assert count <= 4
