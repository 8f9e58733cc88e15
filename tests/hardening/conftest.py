"""Fixtures of the hardening suites: the two-website world and API clients per role."""

import pytest
from django.db import transaction
from django.test import TestCase
from rest_framework.test import APIClient

from tests.hardening.world import access_token, build_world


def _world_with_follow_ups():
    """Build the world and run what its writes queued for after commit (rollups, points)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return build_world()


@pytest.fixture
def world(db):
    return _world_with_follow_ups()


@pytest.fixture
def client_as():
    """Return a function that makes an API client for a user (None: anonymous)."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token(user)}")
        return client

    return make


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for a whole module, inside a transaction rolled back when the module ends.

    Each test's own transaction (pytest-django) nests inside it as a savepoint.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _world_with_follow_ups()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
