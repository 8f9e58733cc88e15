"""Tokens end when they should: logout, a password change or removal, a deleted user."""

import pytest
from django.test import Client
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from tests.accounts.factories import PASSWORD, ClientFactory, SuperAdminFactory

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"
REFRESH = "/api/v1/auth/refresh/"
ME = "/api/v1/auth/me/"


def _login(api_client, user) -> dict:
    response = api_client.post(LOGIN, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 200
    return response.json()


def _me(api_client, access: str):
    return api_client.get(ME, HTTP_AUTHORIZATION=f"Bearer {access}")


def test_logout_revokes_the_access_token_it_was_made_with(api_client):
    client = ClientFactory()
    tokens = _login(api_client, client)
    assert _me(api_client, tokens["access"]).status_code == 200
    logout = api_client.post(
        "/api/v1/auth/logout/",
        {"refresh": tokens["refresh"]},
        HTTP_AUTHORIZATION=f"Bearer {tokens['access']}",
    )
    assert logout.status_code == 205
    after = _me(api_client, tokens["access"])
    assert after.status_code == 401
    assert after.json()["code"] == "token_not_valid"
    # Other sessions of the same user are not affected.
    assert _me(api_client, _login(api_client, client)["access"]).status_code == 200


def test_a_password_change_revokes_every_earlier_token(api_client):
    client = ClientFactory()
    first, second = _login(api_client, client), _login(api_client, client)
    client.set_password("a-new-long-passphrase-42")
    client.save()
    for tokens in (first, second):
        refreshed = api_client.post(REFRESH, {"refresh": tokens["refresh"]})
        assert refreshed.status_code == 401
        assert refreshed.json()["code"] == "token_not_valid"
        assert _me(api_client, tokens["access"]).status_code == 401
    fresh = api_client.post(
        LOGIN, {"username": client.username, "password": "a-new-long-passphrase-42"}
    ).json()
    assert _me(api_client, fresh["access"]).status_code == 200
    assert api_client.post(REFRESH, {"refresh": fresh["refresh"]}).status_code == 200


def test_a_password_changed_in_the_django_admin_revokes_the_users_tokens(api_client):
    client = ClientFactory()
    tokens = _login(api_client, client)
    admin = Client()
    admin.force_login(SuperAdminFactory())
    response = admin.post(
        f"/admin/accounts/user/{client.pk}/password/",
        {
            "usable_password": "true",
            "password1": "a-new-long-passphrase-42",
            "password2": "a-new-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}).status_code == 401
    assert _me(api_client, tokens["access"]).status_code == 401


def test_removing_a_users_password_revokes_their_tokens(api_client):
    client = ClientFactory()
    tokens = _login(api_client, client)
    client.set_unusable_password()
    client.save()
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}).status_code == 401
    assert _me(api_client, tokens["access"]).status_code == 401


def test_saving_a_user_without_changing_the_password_keeps_their_tokens(api_client):
    client = ClientFactory()
    tokens = _login(api_client, client)
    client = User.objects.get(pk=client.pk)
    client.first_name = "Renamed"
    client.save()
    assert _me(api_client, tokens["access"]).status_code == 200
    assert api_client.post(REFRESH, {"refresh": tokens["refresh"]}).status_code == 200


def test_an_api_login_records_last_login(api_client):
    client = ClientFactory()
    assert client.last_login is None
    _login(api_client, client)
    client.refresh_from_db()
    assert client.last_login is not None


def test_refreshing_a_token_of_a_deleted_user_is_401(api_client):
    client = ClientFactory()
    refresh = str(RefreshToken.for_user(client))
    client.delete()
    response = api_client.post(REFRESH, {"refresh": refresh})
    assert response.status_code == 401
    assert response.json()["code"] == "user_not_found"


def test_refreshing_a_token_of_a_user_of_a_deactivated_website_is_401(api_client):
    client = ClientFactory()
    refresh = str(RefreshToken.for_user(client))
    client.website.is_active = False
    client.website.save()
    response = api_client.post(REFRESH, {"refresh": refresh})
    assert response.status_code == 401
    assert response.json()["code"] == "website_inactive"
