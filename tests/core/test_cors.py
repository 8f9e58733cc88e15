import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db

ORIGIN = "https://admin.alpha-essays.example.com"


@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN])
def test_a_preflight_from_an_allowed_origin_is_answered(api_client):
    response = api_client.options(
        "/api/v1/auth/login/",
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "authorization" in response["Access-Control-Allow-Headers"]


@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN])
def test_an_origin_that_is_not_listed_gets_no_cors_headers(api_client):
    response = api_client.get("/health/live/", HTTP_ORIGIN="https://evil.example.net")
    assert "Access-Control-Allow-Origin" not in response
