"""A wallet-paid tip stays within its query budget; the work that can wait goes to Celery."""

import uuid

import pytest

from tests.core.request_queries import request_queries
from writer_management.models import Tip, TipPaymentStatus

# Every statement of the request: authentication, the idempotency claim and stored response,
# the settings, the writer with their level, both wallet moves with their ledger rows, the
# payment and the tip, and the savepoint of the service.
TIP_QUERY_BUDGET = 20

TIPS = "/api/v1/writer-management/tips/"


def _send(api, writer, amount="25.00"):
    return api.post(
        TIPS,
        {"writer_id": writer.pk, "tip_amount": amount, "tip_reason": "Thanks!"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )


@pytest.mark.django_db(transaction=True)
def test_a_wallet_tip_takes_at_most_its_budget_and_defers_the_statistics(api_client_for, world):
    api = api_client_for(world.client)
    assert _send(api, world.writer).status_code == 201
    with request_queries() as queries:
        response = _send(api, world.writer)

    assert response.status_code == 201, response.content
    assert response.json()["payment_status"] == TipPaymentStatus.COMPLETED
    assert len(queries) <= TIP_QUERY_BUDGET, queries.listing()
    # The day's rollup refresh was queued after the commit, not run in the request.
    assert queries.tasks == ["writer_management.tip_stats_refresh_task"]


@pytest.mark.django_db(transaction=True)
def test_a_tip_the_wallet_cannot_cover_fails_within_the_budget_too(api_client_for, world):
    api = api_client_for(world.client)
    assert _send(api, world.writer).status_code == 201
    with request_queries() as queries:
        response = _send(api, world.writer, amount="150.00")

    assert response.status_code == 201, response.content
    assert response.json()["payment_status"] == TipPaymentStatus.FAILED
    assert len(queries) <= TIP_QUERY_BUDGET, queries.listing()
    assert Tip.objects.get(pk=response.json()["id"]).payment.status == "failed"
