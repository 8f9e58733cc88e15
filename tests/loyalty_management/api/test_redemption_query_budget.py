"""A redemption request stays within its query budget."""

import uuid

import pytest

from tests.core.request_queries import request_queries
from tests.loyalty_management.factories import RedemptionItemFactory, points_give

# Every statement of the request: authentication, the idempotency claim and stored response,
# the item (locked, with the program's settings), the account (locked), the client's live
# requests, the request, the hold with its ledger row, the stock, the `redemption.requested`
# event (the outbox row, written in the same transaction: docs/WEBHOOKS.md), the website's
# active auto-approval policies (read once, then from the cache for five minutes) and the
# service's savepoint.
REDEMPTION_QUERY_BUDGET = 14

REQUESTS = "/api/v1/loyalty-management/redemption-requests/"


@pytest.mark.django_db(transaction=True)
def test_a_redemption_request_takes_at_most_its_budget(api_client_for, client_user, website):
    points_give(client_user, 1000)
    item = RedemptionItemFactory(website=website, stock_quantity=5)
    api = api_client_for(client_user)
    with request_queries() as queries:
        response = api.post(
            REQUESTS, {"item_id": item.pk}, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
        )

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    assert len(queries) <= REDEMPTION_QUERY_BUDGET, queries.listing()
    item.refresh_from_db()
    assert item.stock_quantity == 4
