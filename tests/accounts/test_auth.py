import pytest
from django.test import override_settings
from rest_framework_simplejwt.tokens import RefreshToken

from tests.accounts.factories import PASSWORD, AdminFactory, ClientFactory

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"


def test_login_with_username_returns_tokens_and_the_user(api_client):
    admin = AdminFactory()
    response = api_client.post(LOGIN, {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access", "refresh", "user"}
    assert body["user"]["id"] == admin.pk
    assert body["user"]["role"] == "admin"
    assert body["user"]["website"] == {"id": admin.website_id, "name": admin.website.name}


def test_login_with_email_works_too(api_client):
    client = ClientFactory()
    response = api_client.post(LOGIN, {"username": client.email.upper(), "password": PASSWORD})
    assert response.status_code == 200


def test_wrong_password_is_401_in_the_error_shape(api_client):
    client = ClientFactory()
    response = api_client.post(LOGIN, {"username": client.username, "password": "nope"})
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_missing_password_is_400_naming_the_field(api_client):
    response = api_client.post(LOGIN, {"username": "someone"})
    assert response.status_code == 400
    assert "password" in response.json()["errors"]


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=3)
def test_repeated_failed_logins_for_a_username_are_throttled(api_client):
    client = ClientFactory()
    for _ in range(3):
        assert (
            api_client.post(LOGIN, {"username": client.username, "password": "bad"}).status_code
            == 401
        )
    response = api_client.post(LOGIN, {"username": client.username, "password": PASSWORD})
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


@override_settings(LOGIN_MAX_FAILURES_PER_IP=4, LOGIN_MAX_FAILURES_PER_USERNAME=100)
def test_failed_logins_from_one_ip_are_throttled_across_usernames(api_client):
    for n in range(4):
        api_client.post(LOGIN, {"username": f"ghost{n}", "password": "bad"})
    client = ClientFactory()
    assert (
        api_client.post(LOGIN, {"username": client.username, "password": PASSWORD}).status_code
        == 429
    )


def test_refresh_rotates_and_blacklists_the_old_refresh_token(api_client):
    client = ClientFactory()
    login = api_client.post(LOGIN, {"username": client.username, "password": PASSWORD}).json()
    first = api_client.post("/api/v1/auth/refresh/", {"refresh": login["refresh"]})
    assert first.status_code == 200
    assert first.json()["refresh"] != login["refresh"]
    reused = api_client.post("/api/v1/auth/refresh/", {"refresh": login["refresh"]})
    assert reused.status_code == 401


def test_logout_blacklists_the_refresh_token(api_client_for, api_client):
    client = ClientFactory()
    refresh = str(RefreshToken.for_user(client))
    response = api_client_for(client).post("/api/v1/auth/logout/", {"refresh": refresh})
    assert response.status_code == 205
    assert api_client.post("/api/v1/auth/refresh/", {"refresh": refresh}).status_code == 401


def test_me_needs_authentication(api_client):
    response = api_client.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_me_returns_the_caller(api_client_for):
    client = ClientFactory()
    response = api_client_for(client).get("/api/v1/auth/me/")
    assert response.status_code == 200
    assert response.json()["username"] == client.username


def test_a_deactivated_user_cannot_use_a_valid_token(api_client_for):
    client = ClientFactory()
    api = api_client_for(client)
    client.is_active = False
    client.save()
    assert api.get("/api/v1/auth/me/").status_code == 401


def test_a_user_of_a_deactivated_website_cannot_authenticate(api_client_for, api_client):
    client = ClientFactory()
    api = api_client_for(client)
    client.website.is_active = False
    client.website.save()
    assert api.get("/api/v1/auth/me/").status_code == 401
    assert (
        api_client.post(LOGIN, {"username": client.username, "password": PASSWORD}).status_code
        == 401
    )


def test_responses_carry_rate_limit_headers(api_client_for):
    response = api_client_for(ClientFactory()).get("/api/v1/auth/me/")
    assert int(response["X-RateLimit-Limit"]) > 0
    assert int(response["X-RateLimit-Remaining"]) == int(response["X-RateLimit-Limit"]) - 1
    assert "X-RateLimit-Reset" in response
