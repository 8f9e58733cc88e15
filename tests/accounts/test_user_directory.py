"""The users directory: admins see their website's writers and clients; superadmins everyone."""

import pytest

from accounts.models import Role
from tests.accounts.factories import (
    AdminFactory,
    ClientFactory,
    SuperAdminFactory,
    WriterFactory,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

USERS = "/api/v1/users/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {user["id"] for user in response.json()["results"]}


def test_admin_lists_the_writers_and_clients_of_their_website_only(api_client_for):
    admin = AdminFactory()
    writer = WriterFactory(website=admin.website)
    client = ClientFactory(website=admin.website)
    AdminFactory(website=admin.website)  # a fellow admin is not in the directory
    WriterFactory(), ClientFactory()  # another website's people
    SuperAdminFactory()

    assert _ids(api_client_for(admin).get(USERS)) == {writer.pk, client.pk}


def test_admin_searches_their_users_by_name_or_email(api_client_for):
    admin = AdminFactory()
    wanted = WriterFactory(website=admin.website, username="marie_curie", first_name="Marie")
    WriterFactory(website=admin.website, username="isaac")
    WriterFactory(username="marie_other_site")
    api = api_client_for(admin)

    assert _ids(api.get(USERS, {"search": "marie"})) == {wanted.pk}
    assert _ids(api.get(USERS, {"search": wanted.email.upper()})) == {wanted.pk}


def test_admin_filters_their_users_by_role(api_client_for):
    admin = AdminFactory()
    writer = WriterFactory(website=admin.website)
    ClientFactory(website=admin.website)
    assert _ids(api_client_for(admin).get(USERS, {"role": Role.WRITER})) == {writer.pk}


def test_an_unknown_role_filter_is_400_naming_the_field(api_client_for):
    response = api_client_for(AdminFactory()).get(USERS, {"role": "emperor"})
    assert response.status_code == 400
    assert "role" in response.json()["errors"]


def test_admin_reads_one_of_their_users(api_client_for):
    admin = AdminFactory()
    writer = WriterFactory(website=admin.website)
    response = api_client_for(admin).get(f"{USERS}{writer.pk}/")
    assert response.status_code == 200
    assert response.json()["website"] == {"id": admin.website_id, "name": admin.website.name}


@pytest.mark.parametrize("factory", [ClientFactory, WriterFactory, AdminFactory])
def test_admin_reading_another_websites_user_gets_404(api_client_for, factory):
    stranger = factory()
    response = api_client_for(AdminFactory()).get(f"{USERS}{stranger.pk}/")
    assert response.status_code == 404


@pytest.mark.parametrize("factory", [ClientFactory, WriterFactory])
def test_clients_and_writers_may_not_use_the_directory(api_client_for, factory):
    user = factory()
    api = api_client_for(user)
    assert api.get(USERS).status_code == 403
    assert api.get(f"{USERS}{user.pk}/").status_code == 403


def test_the_directory_needs_authentication(api_client):
    response = api_client.get(USERS)
    assert response.status_code == 401


def test_superadmin_lists_everyone(api_client_for):
    superadmin = SuperAdminFactory()
    people = [AdminFactory(), WriterFactory(), ClientFactory()]
    assert _ids(api_client_for(superadmin).get(USERS)) == {superadmin.pk} | {p.pk for p in people}


def test_superadmin_narrows_to_one_website(api_client_for):
    website = WebsiteFactory()
    here = [AdminFactory(website=website), WriterFactory(website=website)]
    WriterFactory()
    response = api_client_for(SuperAdminFactory()).get(USERS, {"website_id": website.pk})
    assert _ids(response) == {p.pk for p in here}


def test_superadmin_naming_an_unknown_website_gets_400_naming_website_id(api_client_for):
    response = api_client_for(SuperAdminFactory()).get(USERS, {"website_id": 987654})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert list(body["errors"]) == ["website_id"]


@pytest.mark.parametrize("factory", [SuperAdminFactory, AdminFactory])
@pytest.mark.parametrize("raw", ["abc", "1.5", "1;drop"])
def test_a_non_integer_website_id_is_400_naming_website_id(api_client_for, factory, raw):
    response = api_client_for(factory()).get(USERS, {"website_id": raw})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["website_id"]


def test_admin_may_name_their_own_website(api_client_for):
    admin = AdminFactory()
    writer = WriterFactory(website=admin.website)
    assert _ids(api_client_for(admin).get(USERS, {"website_id": admin.website_id})) == {writer.pk}


@pytest.mark.parametrize("foreign", ["existing", "unknown"])
def test_admin_naming_another_website_gets_404(api_client_for, foreign):
    website_id = WebsiteFactory().pk if foreign == "existing" else 987654
    response = api_client_for(AdminFactory()).get(USERS, {"website_id": website_id})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_listing_users_does_not_query_per_row(api_client_for, django_assert_max_num_queries):
    admin = AdminFactory()
    WriterFactory.create_batch(15, website=admin.website)
    ClientFactory.create_batch(15, website=admin.website)
    api = api_client_for(admin)
    with django_assert_max_num_queries(5):
        response = api.get(USERS)
    assert response.json()["count"] == 30
