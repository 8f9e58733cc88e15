"""Clients read their points ledger and redemption requests without the admins who acted."""

import uuid

import pytest

from loyalty_management.services import (
    points_award,
    redemption_approve,
    redemption_create,
    redemption_fulfill,
)
from tests.core.role_views import assert_hidden, rows_of
from tests.loyalty_management.conftest import BASE
from tests.loyalty_management.factories import RedemptionItemFactory, admin_of, client_of

pytestmark = pytest.mark.django_db

LEDGER = f"{BASE}transactions/"
REQUESTS = f"{BASE}redemption-requests/"


@pytest.fixture
def admin(website):
    return admin_of(website, username="admin_who_awards")


@pytest.fixture
def client_user(website, admin):
    client = client_of(website)
    points_award(client=client, points=500, reason="Welcome", awarded_by=admin)
    return client


@pytest.fixture
def fulfilled(website, admin, client_user):
    item = RedemptionItemFactory(website=website, points_required=200)
    redemption = redemption_create(client=client_user, item_id=item.pk)
    redemption_approve(redemption=redemption, approved_by=admin)
    return redemption_fulfill(redemption=redemption, fulfilled_by=admin)


def test_a_client_reads_their_ledger_without_the_admin_who_awarded(
    api_client_for, client_user, admin
):
    api = api_client_for(client_user)
    listed = api.get(LEDGER)
    (row,) = rows_of(listed)
    for response in (listed, api.get(f"{LEDGER}{row['id']}/")):
        assert_hidden(response, fields=("created_by",), values=(admin.username,))
    assert (row["points"], row["reason"]) == (500, "Welcome")

    admin_row = rows_of(api_client_for(admin).get(LEDGER, {"client": client_user.pk}))[0]
    assert admin_row["created_by"] == {"id": admin.pk, "username": admin.username}


def test_a_client_reads_their_requests_without_the_admins_who_decided(
    api_client_for, client_user, admin, fulfilled
):
    assert (fulfilled.approved_by, fulfilled.fulfilled_by) == (admin, admin)
    api = api_client_for(client_user)
    for response in (api.get(REQUESTS), api.get(f"{REQUESTS}{fulfilled.pk}/")):
        assert_hidden(response, fields=("approved_by", "fulfilled_by"), values=(admin.username,))
        assert rows_of(response)[0]["status"] == "fulfilled"

    admin_view = api_client_for(admin).get(f"{REQUESTS}{fulfilled.pk}/").json()
    assert (
        admin_view["approved_by"]
        == admin_view["fulfilled_by"]
        == {
            "id": admin.pk,
            "username": admin.username,
        }
    )


def test_a_client_cancelling_a_request_reads_it_in_the_client_shape(
    api_client_for, website, client_user
):
    item = RedemptionItemFactory(website=website, points_required=200)
    redemption = redemption_create(client=client_user, item_id=item.pk)
    response = api_client_for(client_user).post(
        f"{REQUESTS}{redemption.pk}/cancel/",
        {"reason": "Changed my mind"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert_hidden(response, fields=("approved_by", "fulfilled_by"))
    assert response.json()["status"] == "cancelled"
