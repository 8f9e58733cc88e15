"""Requests no view could serve are refused in the error shape, before any view runs, as 4xx."""

import json

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from tests.accounts.factories import AdminFactory, ClientFactory

pytestmark = pytest.mark.django_db

LOGIN = "/api/v1/auth/login/"
DISCOUNTS = "/api/v1/order-payments/discounts/"


def _anonymous() -> APIClient:
    return APIClient(raise_request_exception=False)


def _post_json(client: APIClient, path: str, text: str):
    return client.post(path, data=text, content_type="application/json")


def _error_logged(console_log) -> bool:
    return " ERROR " in console_log.text or '"levelname": "ERROR"' in console_log.text


@pytest.mark.parametrize("size", [3 * 1024 * 1024, 6 * 1024 * 1024])
def test_a_login_body_over_the_upload_limit_is_a_413_in_the_error_shape(size, console_log):
    body = json.dumps({"username": "a" * size, "password": "x"})
    response = _post_json(_anonymous(), LOGIN, body)
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.",
        "code": "request_too_large",
    }
    assert not _error_logged(console_log)


def test_a_body_just_under_the_upload_limit_still_reaches_the_view():
    padding = "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE - 100)
    response = _post_json(_anonymous(), LOGIN, json.dumps({"username": padding, "password": "x"}))
    assert response.status_code == 400  # the login's own validation: the username is too long
    assert "username" in response.json()["errors"]


def test_too_many_form_fields_are_a_413_not_a_500(console_log):
    fields = {f"field{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
    response = _anonymous().post(LOGIN, data=fields, format="multipart")
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    assert not _error_logged(console_log)


def test_about_20_kb_of_nested_json_is_a_400_parse_error(console_log):
    response = _post_json(_anonymous(), LOGIN, "[" * 10_000 + "]" * 10_000)
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert set(response.json()) == {"detail", "code"}
    assert not _error_logged(console_log)


def test_json_nested_deeper_than_32_levels_is_refused_even_where_it_would_be_ignored():
    deep = '{"username": "nobody", "password": "x", "extra": ' + "[" * 40 + "]" * 40 + "}"
    response = _post_json(_anonymous(), LOGIN, deep)
    assert response.status_code == 400
    assert "nested deeper than 32 levels" in response.json()["detail"]


def test_json_nested_32_levels_is_parsed():
    nested = json.dumps({"username": "nobody", "password": "x", "extra": [[[[[[[[]]]]]]]]})
    response = _post_json(_anonymous(), LOGIN, nested)
    assert response.status_code == 401  # read, then the credentials are refused


def test_a_lone_surrogate_in_a_choice_field_is_a_400_not_a_500(api_client_for, console_log):
    api = api_client_for(AdminFactory())
    api.raise_request_exception = False
    body = '{"code": "SPRING10", "discount_type": "\\ud800", "value": 5}'
    response = _post_json(api, DISCOUNTS, body)
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
    assert not _error_logged(console_log)


@pytest.mark.parametrize("text", ['"\\ud800"', '"a\\u0000b"', '{"\\udfff": 1}'])
def test_strings_postgresql_cannot_store_are_refused_anywhere_in_a_body(api_client_for, text):
    api = api_client_for(ClientFactory())
    body = f'{{"item_id": 1, "fulfillment_details": {{"note": {text}}}}}'
    response = api.post(
        "/api/v1/loyalty-management/redemption-requests/",
        data=body,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="unstorable-1",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_a_lone_surrogate_in_an_idempotent_request_is_a_400_not_a_500(api_client_for):
    admin = AdminFactory()
    api = api_client_for(admin)
    api.raise_request_exception = False
    response = api.post(
        "/api/v1/order-payments/wallets/1/credit/",
        data='{"amount": 5, "reason": "\\ud800"}',
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="surrogate-1",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"
