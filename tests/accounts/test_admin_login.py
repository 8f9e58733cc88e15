"""The Django admin login and the API login share one failed-login count per account and client."""

import pytest
from django.test import Client, override_settings

from tests.accounts.factories import PASSWORD, AdminFactory, SuperAdminFactory

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
API_LOGIN = "/api/v1/auth/login/"


def _admin_login(browser: Client, username: str, password: str):
    return browser.post(ADMIN_LOGIN, {"username": username, "password": password})


def _logged_in(browser: Client) -> bool:
    return "_auth_user_id" in browser.session


def test_the_right_password_logs_in_to_the_admin():
    superadmin = SuperAdminFactory()
    browser = Client()
    response = _admin_login(browser, superadmin.username, PASSWORD)
    assert response.status_code == 302
    assert _logged_in(browser)


def test_a_wrong_password_shows_the_usual_admin_error():
    superadmin = SuperAdminFactory()
    response = _admin_login(Client(), superadmin.username, "wrong")
    assert response.status_code == 200
    assert "Please enter the correct username and password" in response.content.decode()


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=5)
def test_failed_admin_logins_delay_even_the_right_password_with_a_clear_message():
    superadmin = SuperAdminFactory()
    browser = Client()
    for _ in range(5):
        assert _admin_login(browser, superadmin.username, "wrong").status_code == 200
    response = _admin_login(browser, superadmin.username, PASSWORD)
    assert response.status_code == 200
    assert "Too many failed logins. Try again in 1 second." in response.content.decode()
    assert not _logged_in(browser)


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=3)
def test_failures_on_the_api_delay_the_admin_login(api_client):
    superadmin = SuperAdminFactory()
    for _ in range(3):
        api_client.post(API_LOGIN, {"username": superadmin.username, "password": "wrong"})
    browser = Client()
    response = _admin_login(browser, superadmin.email, PASSWORD)
    assert "Too many failed logins" in response.content.decode()
    assert not _logged_in(browser)


@override_settings(LOGIN_MAX_FAILURES_PER_USERNAME=3)
def test_failures_on_the_admin_delay_the_api_login(api_client):
    admin = AdminFactory()
    for _ in range(3):
        _admin_login(Client(), admin.username, "wrong")
    response = api_client.post(API_LOGIN, {"username": admin.username, "password": PASSWORD})
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
