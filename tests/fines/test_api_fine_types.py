from decimal import Decimal

import pytest

from fines.models import FineTypeConfig, FineTypeOrigin
from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory, WriterFactory
from tests.fines.factories import (
    FineFactory,
    FineTypeConfigFactory,
    GlobalFineTypeConfigFactory,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/fines/fine-types/"


def _detail(fine_type) -> str:
    return f"{URL}{fine_type.pk}/"


def test_an_admin_lists_their_websites_types_and_the_global_ones(api_client_for):
    own = FineTypeConfigFactory(code="a-own")
    global_type = GlobalFineTypeConfigFactory(code="b-global")
    FineTypeConfigFactory(code="c-foreign")
    admin = AdminFactory(website=own.website)

    response = api_client_for(admin).get(URL)

    assert response.status_code == 200
    body = response.json()
    assert [row["id"] for row in body["results"]] == [own.pk, global_type.pk]
    assert body["results"][1]["is_global"] is True
    assert body["results"][0]["amount"] == 10.0


def test_an_admin_reading_another_websites_type_gets_404(api_client_for):
    fine_type = FineTypeConfigFactory()
    assert api_client_for(AdminFactory()).get(_detail(fine_type)).status_code == 404
    assert api_client_for(AdminFactory()).patch(_detail(fine_type), {}).status_code == 404
    assert api_client_for(AdminFactory()).delete(_detail(fine_type)).status_code == 404


@pytest.mark.parametrize("factory", [WriterFactory, ClientFactory])
def test_writers_and_clients_cannot_manage_fine_types(api_client_for, factory):
    fine_type = FineTypeConfigFactory()
    client = api_client_for(factory(website=fine_type.website))
    assert client.get(URL).status_code == 403
    assert client.get(_detail(fine_type)).status_code == 403
    assert client.post(URL, {}).status_code == 403
    assert client.get(f"{URL}effective/").status_code == 403


def test_anonymous_callers_get_401(api_client):
    assert api_client.get(URL).status_code == 401


def test_an_admin_creates_a_type_for_their_own_website(api_client_for):
    admin = AdminFactory()
    other = WebsiteFactory()
    response = api_client_for(admin).post(
        URL,
        {
            "website_id": other.pk,
            "code": "late",
            "name": "Late delivery",
            "calculation": "percentage",
            "percentage": 12.5,
            "base_amount": "total_price",
            "min_amount": 5,
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["website"]["id"] == admin.website_id
    assert (body["percentage"], body["base_amount"], body["origin"]) == (
        12.5,
        "total_price",
        "admin",
    )
    assert body["amount"] is None


def test_a_superadmin_creates_a_global_type_without_a_website(api_client_for):
    response = api_client_for(SuperAdminFactory()).post(
        URL, {"code": "late", "name": "Late", "calculation": "fixed", "amount": 5}
    )
    assert response.status_code == 201
    assert response.json()["is_global"] is True


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"amount": "5.001"}, "amount"),
        ({"amount": -5}, "amount"),
        ({"calculation": "percentage", "percentage": 101}, "percentage"),
        ({"calculation": "percentage"}, "percentage"),
        ({"calculation": "fixed", "amount": None}, "amount"),
        ({"min_amount": 9, "max_amount": 8}, "min_amount"),
        ({"code": "has spaces"}, "code"),
        ({"calculation": "weekly"}, "calculation"),
    ],
)
def test_bad_fine_type_input_is_a_400_naming_the_field(api_client_for, payload, field):
    admin = AdminFactory()
    base = {"code": "late", "name": "Late", "calculation": "fixed", "amount": 5}
    response = api_client_for(admin).post(URL, {**base, **payload})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not FineTypeConfig.objects.exists()


def test_a_duplicate_code_is_a_400_naming_code(api_client_for):
    fine_type = FineTypeConfigFactory(code="late")
    admin = AdminFactory(website=fine_type.website)
    response = api_client_for(admin).post(
        URL, {"code": "late", "name": "Late", "calculation": "fixed", "amount": 5}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate"
    assert "code" in response.json()["errors"]


def test_an_admin_overrides_a_global_type_by_creating_one_with_its_code(api_client_for):
    GlobalFineTypeConfigFactory(code="late")
    admin = AdminFactory()
    response = api_client_for(admin).post(
        URL, {"code": "late", "name": "Late (ours)", "calculation": "fixed", "amount": 7}
    )
    assert response.status_code == 201
    effective = api_client_for(admin).get(f"{URL}effective/").json()
    assert [(row["code"], row["name"]) for row in effective] == [("late", "Late (ours)")]


def test_an_admin_updates_their_type(api_client_for):
    fine_type = FineTypeConfigFactory()
    admin = AdminFactory(website=fine_type.website)
    response = api_client_for(admin).patch(
        _detail(fine_type), {"amount": 12.5, "is_active": False, "code": "ignored"}
    )
    assert response.status_code == 200
    fine_type.refresh_from_db()
    assert (fine_type.amount, fine_type.is_active) == (Decimal("12.50"), False)


def test_global_types_are_read_only_for_admins_but_not_superadmins(api_client_for):
    global_type = GlobalFineTypeConfigFactory()
    admin = AdminFactory()
    patch = api_client_for(admin).patch(_detail(global_type), {"amount": 1})
    assert patch.status_code == 403
    assert patch.json()["code"] == "global_fine_type_read_only"
    assert api_client_for(admin).delete(_detail(global_type)).status_code == 403
    superadmin = api_client_for(SuperAdminFactory())
    assert superadmin.patch(_detail(global_type), {"amount": 1}).status_code == 200


def test_system_types_cannot_be_deleted_and_used_types_neither(api_client_for):
    system_type = FineTypeConfigFactory(origin=FineTypeOrigin.SYSTEM)
    used = FineFactory(website=system_type.website).fine_type
    admin = api_client_for(AdminFactory(website=system_type.website))

    refused = admin.delete(_detail(system_type))
    in_use = admin.delete(_detail(used))

    assert (refused.status_code, refused.json()["code"]) == (409, "system_fine_type_protected")
    assert (in_use.status_code, in_use.json()["code"]) == (409, "fine_type_in_use")
    assert FineTypeConfig.objects.count() == 2


def test_an_unused_admin_type_is_deleted(api_client_for):
    fine_type = FineTypeConfigFactory()
    response = api_client_for(AdminFactory(website=fine_type.website)).delete(_detail(fine_type))
    assert response.status_code == 204
    assert not FineTypeConfig.objects.exists()


def test_superadmins_name_the_website_of_the_effective_list(api_client_for):
    website = WebsiteFactory()
    FineTypeConfigFactory(website=website, code="own")
    superadmin = api_client_for(SuperAdminFactory())
    missing = superadmin.get(f"{URL}effective/")
    assert (missing.status_code, list(missing.json()["errors"])) == (400, ["website_id"])
    response = superadmin.get(f"{URL}effective/", {"website_id": website.pk})
    assert [row["code"] for row in response.json()] == ["own"]


def test_an_admin_naming_another_website_for_the_effective_list_gets_404(api_client_for):
    response = api_client_for(AdminFactory()).get(
        f"{URL}effective/", {"website_id": WebsiteFactory().pk}
    )
    assert response.status_code == 404


def test_the_list_takes_a_constant_number_of_queries(api_client_for, django_assert_max_num_queries):
    website = WebsiteFactory()
    admin = AdminFactory(website=website)
    client = api_client_for(admin)
    FineTypeConfigFactory(website=website)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    FineTypeConfigFactory.create_batch(15, website=website)
    GlobalFineTypeConfigFactory.create_batch(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.json()["count"] == 31
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(f"{URL}effective/").json()) == 31
