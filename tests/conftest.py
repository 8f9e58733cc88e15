"""Fixtures every test module shares: API clients per user, and a clean cache per test."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from core.cache import cache_circuits_reset


def _cache_clear() -> None:
    """Drop this test run's cache keys; a FLUSHDB would wipe a parallel worker's keys too.

    A test that made Redis fail leaves the cache's circuit breaker open; close it first.
    """
    cache_circuits_reset()
    delete_pattern = getattr(cache, "delete_pattern", None)
    if delete_pattern is None:
        cache.clear()
    else:
        delete_pattern("*")


@pytest.fixture(autouse=True)
def _clean_cache():
    _cache_clear()
    yield
    _cache_clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_client_for():
    """Return a function that makes an API client authenticated as a user with a real JWT."""

    def make(user) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
        return client

    return make
