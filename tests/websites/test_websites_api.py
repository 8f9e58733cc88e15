"""The websites directory: superadmins list and create websites, admins see only their own."""

import pytest

from tests.accounts.factories import (
    AdminFactory,
    ClientFactory,
    SuperAdminFactory,
    WriterFactory,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

WEBSITES = "/api/v1/websites/"


def test_superadmin_lists_every_website(api_client_for):
    websites = WebsiteFactory.create_batch(3)
    response = api_client_for(SuperAdminFactory()).get(WEBSITES)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [w["id"] for w in body["results"]] == [w.pk for w in websites]
    assert set(body["results"][0]) == {
        "id",
        "name",
        "domain",
        "slug",
        "is_active",
        "time_zone",
        "reporting_time_zone",
        "created_at",
    }


def test_admin_lists_only_their_own_website(api_client_for):
    admin = AdminFactory()
    WebsiteFactory.create_batch(2)
    response = api_client_for(admin).get(WEBSITES)
    assert response.status_code == 200
    assert [w["id"] for w in response.json()["results"]] == [admin.website_id]


def test_admin_reads_their_website(api_client_for):
    admin = AdminFactory()
    response = api_client_for(admin).get(f"{WEBSITES}{admin.website_id}/")
    assert response.status_code == 200
    assert response.json()["domain"] == admin.website.domain


def test_admin_reading_another_website_gets_404(api_client_for):
    other = WebsiteFactory()
    response = api_client_for(AdminFactory()).get(f"{WEBSITES}{other.pk}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("factory", [ClientFactory, WriterFactory])
def test_clients_and_writers_may_not_use_the_websites_directory(api_client_for, factory):
    user = factory()
    api = api_client_for(user)
    assert api.get(WEBSITES).status_code == 403
    assert api.get(f"{WEBSITES}{user.website_id}/").status_code == 403


def test_the_websites_directory_needs_authentication(api_client):
    assert api_client.get(WEBSITES).status_code == 401


def test_superadmin_creates_a_website(api_client_for):
    response = api_client_for(SuperAdminFactory()).post(
        WEBSITES,
        {"name": "Gamma Theses", "domain": "Gamma-Theses.example.com", "slug": "gamma"},
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["domain"] == "gamma-theses.example.com"
    assert body["is_active"] is True


def test_a_duplicate_domain_is_400_naming_the_field(api_client_for):
    existing = WebsiteFactory()
    response = api_client_for(SuperAdminFactory()).post(
        WEBSITES, {"name": "Copy", "domain": existing.domain, "slug": "copy"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"domain"}


def test_a_website_without_a_name_is_400_naming_the_field(api_client_for):
    response = api_client_for(SuperAdminFactory()).post(
        WEBSITES, {"domain": "nameless.example.com", "slug": "nameless"}, format="json"
    )
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


@pytest.mark.parametrize("factory", [AdminFactory, WriterFactory, ClientFactory])
def test_only_superadmins_create_websites(api_client_for, factory):
    response = api_client_for(factory()).post(
        WEBSITES, {"name": "Delta", "domain": "delta.example.com", "slug": "delta"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_listing_websites_does_not_query_per_row(api_client_for, django_assert_max_num_queries):
    WebsiteFactory.create_batch(30)
    api = api_client_for(SuperAdminFactory())
    with django_assert_max_num_queries(4):
        response = api.get(WEBSITES)
    assert response.json()["count"] == 30
