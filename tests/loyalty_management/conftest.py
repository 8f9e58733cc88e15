import pytest

from tests.accounts.factories import SuperAdminFactory, WriterFactory
from tests.loyalty_management.factories import admin_of, client_of
from tests.websites.factories import WebsiteFactory

BASE = "/api/v1/loyalty-management/"


@pytest.fixture
def website():
    return WebsiteFactory()


@pytest.fixture
def other_website():
    return WebsiteFactory()


@pytest.fixture
def admin(website):
    return admin_of(website)


@pytest.fixture
def client_user(website):
    return client_of(website)


@pytest.fixture
def writer(website):
    return WriterFactory(website=website)


@pytest.fixture
def superadmin():
    return SuperAdminFactory()


@pytest.fixture
def idempotency_key():
    """A fresh Idempotency-Key header value per call."""
    counter = iter(range(1, 1_000_000))
    return lambda: f"key-{next(counter)}"
