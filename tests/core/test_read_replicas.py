"""Heavy reads on a real streaming replica (`scripts/replica.sh`), the rest on the primary.

The replica is this machine's hot standby on port 5433, which `make services` starts; the test
database reaches it by streaming replication, so a row is there only once committed and
replayed, as in production.
"""

import logging
import time
import uuid
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.test.utils import CaptureQueriesContext

from core.db_routing import PrimaryReplicaRouter
from core.replica_health import replica_lag_measure, replica_states_forget
from perf.server import free_port
from tests.accounts.factories import SuperAdminFactory
from tests.writer_management.conftest import world  # noqa: F401
from tests.writer_management.factories import TipFactory
from tip_stats.services import tip_stats_rebuild
from writer_management.models import Tip

REPLICA = "replica_1"
TIPS = "/api/v1/writer-management/tips/"
DASHBOARD = "/api/v1/admin-management/tips/dashboard/"

pytestmark = pytest.mark.django_db(transaction=True, databases=[DEFAULT_DB_ALIAS, REPLICA])


@pytest.fixture(autouse=True)
def routing(settings):
    """Route heavy reads to the replica, measuring its lag on every request."""
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.REPLICA_CHECK_SECONDS = 0
    settings.REPLICA_MAX_LAG_SECONDS = 5
    settings.READ_YOUR_WRITES_SECONDS = 2
    replica_states_forget()
    yield
    replica_states_forget()


def _caught_up(timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while replica_lag_measure(REPLICA) > 0:
        assert time.monotonic() < deadline, "the replica did not catch up"
        time.sleep(0.05)


def _on_replica(request):
    """Run `request()`; return its response and how many statements the replica answered."""
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = request()
    return response, len(replica)


@pytest.fixture
def tips(world):  # noqa: F811 - the fixture imported above
    for amount in ("5.00", "7.50", "12.00"):
        TipFactory(
            website=world.website,
            client=world.client,
            writer=world.writer,
            tip_amount=Decimal(amount),
        )
    tip_stats_rebuild()
    _caught_up()
    return world


def test_list_pages_and_reports_are_read_from_the_replica(api_client_for, tips):
    admin = api_client_for(tips.admin)
    for url in (TIPS, DASHBOARD):
        response, replica_statements = _on_replica(lambda url=url: admin.get(url))
        assert response.status_code == 200, response.content
        assert replica_statements > 0, url
    assert admin.get(TIPS).json()["count"] == 3
    assert admin.get(DASHBOARD).json()["summary"]["total_tips"] == 3


def test_the_token_user_is_read_from_the_primary_even_on_a_replica_read(api_client_for, tips):
    admin = api_client_for(tips.admin)
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
        response, _ = _on_replica(lambda: admin.get(TIPS))
    assert response.status_code == 200
    assert any('"accounts_user"' in query["sql"] for query in primary)


def test_a_writer_reads_their_writes_from_the_primary_for_the_window(api_client_for, tips):
    client = api_client_for(tips.client)
    created = client.post(
        TIPS,
        {"writer_id": tips.writer.pk, "tip_amount": "9.00", "tip_reason": "Thanks"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()),
    )
    assert created.status_code == 201, created.content
    response, replica_statements = _on_replica(lambda: client.get(TIPS))
    assert replica_statements == 0
    assert created.json()["id"] in [tip["id"] for tip in response.json()["results"]]
    # Another user reads the replica meanwhile; the writer does again once the window is over.
    _, admin_statements = _on_replica(lambda: api_client_for(tips.admin).get(TIPS))
    assert admin_statements > 0
    time.sleep(2.2)
    _caught_up()
    _, replica_statements = _on_replica(lambda: client.get(TIPS))
    assert replica_statements > 0


def test_a_replica_behind_the_lag_bound_is_skipped(api_client_for, tips, settings, caplog):
    settings.REPLICA_MAX_LAG_SECONDS = 0.5
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    try:
        TipFactory(website=tips.website, client=tips.client, writer=tips.writer)
        time.sleep(1.0)
        with caplog.at_level(logging.WARNING, logger="core.db_routing"):
            response, replica_statements = _on_replica(lambda: api_client_for(tips.admin).get(TIPS))
        assert response.status_code == 200
        assert replica_statements <= 2  # the lag check itself, nothing of the page
        assert response.json()["count"] == 4  # the primary's rows, the new tip included
        assert "replay lag" in caplog.text
    finally:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")
    _caught_up()


@pytest.fixture
def replica_unreachable():
    """Point the replica alias at a port nobody listens on."""
    replica = connections[REPLICA]
    replica.close()
    port = replica.settings_dict["PORT"]
    replica.settings_dict["PORT"] = free_port()
    yield
    replica.close()
    replica.settings_dict["PORT"] = port


def test_a_replica_that_does_not_answer_is_skipped(
    api_client_for, tips, replica_unreachable, caplog
):
    with caplog.at_level(logging.WARNING, logger="core.db_routing"):
        response = api_client_for(tips.admin).get(TIPS)
    assert response.status_code == 200
    assert response.json()["count"] == 3
    assert "Replica replica_1 skipped" in caplog.text


def test_a_replica_failing_during_a_request_has_the_primary_answer_it(
    api_client_for, tips, settings, replica_unreachable, caplog
):
    # The last check (a second ago) said the replica was fine; it went away since.
    settings.REPLICA_CHECK_SECONDS = 60
    from core import replica_health

    replica_health._remember(replica_health.ReplicaState(REPLICA, True, 0.0, "", time.monotonic()))
    with caplog.at_level(logging.WARNING, logger="core.db_routing"):
        response = api_client_for(tips.admin).get(DASHBOARD)
    assert response.status_code == 200, response.content
    assert response.json()["summary"]["total_tips"] == 3
    assert "failed during a read; the primary serves it" in caplog.text


def test_readiness_and_preflight_report_each_replica_and_its_lag(api_client, api_client_for, tips):
    report = api_client_for(SuperAdminFactory()).get("/health/ready/").json()
    replicas = report["components"]["database_replicas"]
    assert replicas["status"] == "ok"
    assert replicas["replicas"][REPLICA]["status"] == "ok"
    assert replicas["replicas"][REPLICA]["lag_seconds"] >= 0
    anonymous = api_client.get("/health/ready/").json()
    assert anonymous["components"]["database_replicas"] == {"status": "ok"}

    from io import StringIO

    out = StringIO()
    call_command("preflight", "--section", "database", stdout=out)
    assert "read replica replica_1" in out.getvalue()
    assert "replay lag" in out.getvalue()


def test_writes_and_migrations_never_go_to_a_replica():
    routing = PrimaryReplicaRouter()
    assert routing.db_for_write(Tip) == DEFAULT_DB_ALIAS
    assert not routing.allow_migrate(REPLICA, "writer_management")
    assert router.db_for_read(Tip) == DEFAULT_DB_ALIAS  # outside a request's heavy read
