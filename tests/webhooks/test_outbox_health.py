"""Readiness and preflight tell whether the outbox drains."""

from datetime import timedelta

import pytest
from django.utils import timezone

from deployment.checks.services import components_draining
from tests.accounts.factories import ClientFactory, SuperAdminFactory
from tests.webhooks.helpers import credit, endpoint_for
from webhooks.models import WebhookEvent
from webhooks.services import events_dispatch

pytestmark = pytest.mark.django_db


def _readiness(api_client_for):
    response = api_client_for(SuperAdminFactory()).get("/health/ready/")
    return response.json()["components"]["webhooks_outbox"]


def test_an_event_waiting_past_the_limit_makes_the_outbox_degraded_until_it_is_sent(
    api_client_for, settings
):
    settings.WEBHOOK_OUTBOX_MAX_AGE_SECONDS = 60
    client = ClientFactory()
    endpoint_for(client.website, "https://127.0.0.1:9/hook")
    credit(client)
    outbox = _readiness(api_client_for)
    assert outbox["status"] == "ok"
    assert outbox["lag_seconds"] < 60
    WebhookEvent.objects.update(occurred_at=timezone.now() - timedelta(minutes=5))
    outbox = _readiness(api_client_for)
    assert outbox["status"] == "degraded"
    assert outbox["lag_seconds"] >= 300
    (check,) = components_draining()
    assert check.status.value == "fail"
    assert "lag_seconds" in check.detail
    events_dispatch()  # a worker takes it: fanned out, its delivery due now
    outbox = _readiness(api_client_for)
    assert outbox["status"] == "ok", outbox
    assert outbox["oldest_undelivered_seconds"] >= 300  # still being tried, not stuck
    (check,) = components_draining()
    assert check.status.value == "pass"
