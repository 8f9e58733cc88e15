"""Per-user throttling: `X-RateLimit-*` headers, 429 past the rate, and off while Redis is down."""

import pytest
from django.conf import settings
from django.test import override_settings

from core.throttling import UserRateThrottleWithHeaders
from tests.accounts.factories import ClientFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/auth/me/"


@pytest.fixture
def three_per_minute(monkeypatch):
    """Lower the user rate for this test (DRF reads THROTTLE_RATES once, at import)."""
    rates = {**UserRateThrottleWithHeaders.THROTTLE_RATES, "user": "3/min"}
    monkeypatch.setattr(UserRateThrottleWithHeaders, "THROTTLE_RATES", rates)


def test_headers_count_down_the_remaining_requests(api_client_for):
    api = api_client_for(ClientFactory())
    first, second = api.get(ME), api.get(ME)
    limit = int(first["X-RateLimit-Limit"])
    assert limit == int(settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"].split("/")[0])
    assert int(first["X-RateLimit-Remaining"]) == limit - 1
    assert int(second["X-RateLimit-Remaining"]) == limit - 2
    assert 0 < int(second["X-RateLimit-Reset"]) <= 60


def test_each_user_has_their_own_allowance(api_client_for, three_per_minute):
    first, second = api_client_for(ClientFactory()), api_client_for(ClientFactory())
    for _ in range(3):
        assert first.get(ME).status_code == 200
    assert first.get(ME).status_code == 429
    response = second.get(ME)
    assert response.status_code == 200
    assert response["X-RateLimit-Remaining"] == "2"


def test_an_authenticated_user_over_the_rate_gets_429_in_the_error_shape(
    api_client_for, three_per_minute
):
    api = api_client_for(ClientFactory())
    remaining = [api.get(ME)["X-RateLimit-Remaining"] for _ in range(3)]
    assert remaining == ["2", "1", "0"]

    response = api.get(ME)

    assert response.status_code == 429
    body = response.json()
    assert set(body) == {"detail", "code"}
    assert body["code"] == "throttled"
    assert response["X-RateLimit-Limit"] == "3"
    assert response["X-RateLimit-Remaining"] == "0"
    assert 0 < int(response["Retry-After"]) <= 60


def test_health_and_login_are_not_throttled_per_user(api_client, three_per_minute):
    for _ in range(5):
        assert api_client.get("/health/live/").status_code == 200
    assert "X-RateLimit-Limit" not in api_client.get("/health/live/")


@override_settings(
    CACHES={"default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:6390/0"}}
)
def test_while_redis_is_down_throttling_is_off_and_requests_are_served(
    api_client_for, three_per_minute
):
    api = api_client_for(ClientFactory())
    responses = [api.get(ME) for _ in range(6)]
    assert [r.status_code for r in responses] == [200] * 6
    assert {r["X-RateLimit-Remaining"] for r in responses} == {"2"}
