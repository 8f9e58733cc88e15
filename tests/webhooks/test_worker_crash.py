"""A worker killed while a receiver holds its request loses nothing: the lease runs out and the
next worker sends the event again (at least once; the receiver dedupes by `Webhook-Id`)."""

import json
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from tests.accounts.factories import ClientFactory
from tests.core.subprocesses import REPO, project_env
from tests.webhooks.helpers import credit, endpoint_for
from webhooks.models import WebhookDelivery, WebhookEvent
from webhooks.services import deliveries_resend_since, deliveries_send

pytestmark = pytest.mark.django_db(transaction=True)


def _database_url() -> str:
    db = connection.settings_dict
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    return f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"


def test_a_worker_killed_mid_send_loses_nothing(receiver_factory):
    if connection.vendor != "postgresql":
        pytest.skip("the worker is a second process on the same database")
    receiver = receiver_factory(delays=[30.0])  # the first request hangs
    client = ClientFactory()
    # The event first, then the endpoint asks for it: nothing is sent in this process on commit.
    credit(client, reason="survives")
    endpoint, _ = endpoint_for(client.website, receiver.url)
    deliveries_resend_since(
        endpoint, since=WebhookEvent.objects.get(website=client.website).occurred_at
    )
    code = (
        "import django\ndjango.setup()\n"
        "from webhooks.services import deliveries_send\n"
        f"deliveries_send({endpoint.pk})\n"
    )
    env = project_env(DATABASE_URL=_database_url(), WEBHOOK_LEASE_SECONDS="2", CELERY_BROKER_URL="")
    worker = subprocess.Popen(  # noqa: S603 - a fixed command
        [sys.executable, "-c", code], cwd=REPO, env=env
    )
    try:
        assert receiver.got_one.wait(60), "the worker never called the receiver"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "pending"
    assert delivery.leased_until is not None
    assert deliveries_send(endpoint.pk) == 0  # the dead worker's lease still holds
    deadline = time.monotonic() + 15
    while deliveries_send(endpoint.pk) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    ids = {r.headers["Webhook-Id"] for r in receiver.received}
    assert len(receiver.received) == 2
    assert len(ids) == 1
    assert json.loads(receiver.received[-1].body)["data"]["reason"] == "survives"
