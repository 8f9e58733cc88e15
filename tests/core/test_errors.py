"""One error shape everywhere: `{"detail", "code", "errors"?}` for 400/401/403/404/405/500."""

import pytest
from django.test import override_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.accounts.factories import AdminFactory, ClientFactory
from websites.models import Website

pytestmark = pytest.mark.django_db

SECRET_PASSWORD = "never-log-me-7Qx!"


def _assert_error_shape(body: dict, code: str, *, with_errors: bool = False) -> None:
    expected_keys = {"detail", "code", "errors"} if with_errors else {"detail", "code"}
    assert set(body) == expected_keys
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert body["code"] == code


def test_invalid_input_is_400_naming_each_field(api_client_for):
    response = api_client_for(AdminFactory()).post("/api/v1/orders/", {"title": ""}, format="json")
    assert response.status_code == 400
    body = response.json()
    _assert_error_shape(body, "invalid", with_errors=True)
    assert {"title", "client_id", "total_price", "writer_compensation"} <= set(body["errors"])
    assert all(
        isinstance(messages, list) and all(isinstance(m, str) for m in messages)
        for messages in body["errors"].values()
    )


def test_a_malformed_json_body_is_400_in_the_error_shape(api_client_for):
    response = api_client_for(AdminFactory()).post(
        "/api/v1/orders/", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    _assert_error_shape(response.json(), "parse_error")


def test_missing_credentials_are_401_in_the_error_shape(api_client):
    response = api_client.get("/api/v1/orders/")
    assert response.status_code == 401
    _assert_error_shape(response.json(), "not_authenticated")


def test_an_invalid_token_is_401_in_the_error_shape(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    response = api_client.get("/api/v1/auth/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"
    assert set(response.json()) == {"detail", "code"}


def test_a_role_that_may_not_act_gets_403_in_the_error_shape(api_client_for):
    response = api_client_for(ClientFactory()).get("/api/v1/users/")
    assert response.status_code == 403
    _assert_error_shape(response.json(), "permission_denied")


def test_an_unknown_object_is_404_in_the_error_shape(api_client_for):
    response = api_client_for(AdminFactory()).get("/api/v1/orders/987654321/")
    assert response.status_code == 404
    _assert_error_shape(response.json(), "not_found")


def test_a_wrong_method_is_405_in_the_error_shape(api_client_for):
    response = api_client_for(ClientFactory()).post("/api/v1/auth/me/", {})
    assert response.status_code == 405
    _assert_error_shape(response.json(), "method_not_allowed")


@pytest.mark.parametrize("path", ["/api/v1/no-such-endpoint/", "/api/v2/orders/", "/api/"])
def test_an_unknown_url_under_api_is_a_json_404(api_client, path):
    response = api_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


@override_settings(DEBUG=True)
def test_an_unknown_url_under_api_is_a_json_404_with_debug_on_too(api_client):
    response = api_client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "code": "not_found"}


def _client_with_token(user) -> tuple[APIClient, str]:
    token = str(RefreshToken.for_user(user).access_token)
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client, token


@pytest.mark.urls("tests.core.urls_errors")
def test_an_unexpected_exception_is_a_json_500_logged_once_with_path_and_user(console_log):
    user = ClientFactory()
    client, token = _client_with_token(user)

    response = client.post(
        "/api/v1/test-explode/",
        {"username": user.username, "password": SECRET_PASSWORD, "refresh": token},
        format="json",
    )

    assert response.status_code == 500
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "A server error occurred.", "code": "server_error"}
    log = console_log.text
    assert "RuntimeError: the ledger is out of balance" in log
    if console_log.formatter == "json":
        errors = [r for r in console_log.records() if r["levelname"] == "ERROR"]
        assert len(errors) == 1
        assert errors[0]["request_path"] == "/api/v1/test-explode/"
        assert errors[0]["user_id"] == user.pk
        assert errors[0]["request_id"] == response["X-Request-ID"]
    else:
        assert log.count(" ERROR ") == 1
        request_id = response["X-Request-ID"]
        assert f"[path=/api/v1/test-explode/ user={user.pk} request={request_id}]" in log
    assert SECRET_PASSWORD not in log
    assert token not in log
    assert "Bearer" not in log
    assert "HTTP_AUTHORIZATION" not in log


@pytest.mark.urls("tests.core.urls_errors")
def test_an_exception_in_a_plain_django_view_is_a_json_500_and_logged(console_log):
    client, token = _client_with_token(ClientFactory())

    response = client.post(
        "/api/v1/test-explode-plain/", {"password": SECRET_PASSWORD}, format="json"
    )

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred.", "code": "server_error"}
    log = console_log.text
    assert "RuntimeError: a plain Django view failed" in log
    assert "/api/v1/test-explode-plain/" in log
    assert SECRET_PASSWORD not in log
    assert token not in log


def test_a_failed_login_logs_neither_the_password_nor_a_token(api_client, console_log):
    user = ClientFactory()
    for _ in range(6):  # past the per-account limit, so the delay logs a warning too
        api_client.post(
            "/api/v1/auth/login/", {"username": user.username, "password": SECRET_PASSWORD}
        )
    assert "Login delayed" in console_log.text
    assert SECRET_PASSWORD not in console_log.text


@pytest.mark.urls("tests.core.urls_errors")
def test_deleting_a_row_a_protected_foreign_key_still_names_is_a_409_in_use(console_log):
    client, _token = _client_with_token(ClientFactory())
    website = ClientFactory().website  # the client's user row protects its website

    response = client.post("/api/v1/test-website-delete/", {"id": website.pk}, format="json")

    assert response.status_code == 409
    _assert_error_shape(response.json(), "in_use")
    assert "users" in response.json()["detail"]
    assert Website.objects.filter(pk=website.pk).exists()
    assert " ERROR " not in console_log.text
    assert '"levelname": "ERROR"' not in console_log.text


@pytest.mark.urls("tests.core.urls_errors")
def test_a_write_a_unique_constraint_refuses_is_a_409_naming_the_column(console_log):
    client, _token = _client_with_token(ClientFactory())
    website = ClientFactory().website

    response = client.post("/api/v1/test-website-copy/", {"id": website.pk}, format="json")

    assert response.status_code == 409
    body = response.json()
    _assert_error_shape(body, "already_exists", with_errors=True)
    assert set(body["errors"]) == {"domain"}
    assert " ERROR " not in console_log.text
    assert '"levelname": "ERROR"' not in console_log.text
