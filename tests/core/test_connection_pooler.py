"""The API served through PgBouncer in transaction mode (`scripts/pgbouncer.sh`, port 6432).

A real gunicorn process talks to the test database only through the pooler: it authenticates,
writes a tip (several transactions, the rollup refresh included) and reads the lists and a
report. PgBouncer's own counters show the transactions went through it.
"""

import json
import urllib.request
import uuid

import psycopg2
import pytest
from django.db import connection
from rest_framework_simplejwt.tokens import RefreshToken

from perf.server import Server, server_environment
from tests.writer_management.conftest import world  # noqa: F401
from writer_management.models import Tip

PGBOUNCER_PORT = 6432


def _console(*commands: str) -> list[dict]:
    """Run commands on PgBouncer's admin console; return the last one's rows."""
    admin = psycopg2.connect(
        host="127.0.0.1", port=PGBOUNCER_PORT, user="postgres", dbname="pgbouncer"
    )
    admin.autocommit = True
    rows: list[dict] = []
    try:
        with admin.cursor() as cursor:
            for command in commands:
                cursor.execute(command)
                if cursor.description:
                    columns = [column.name for column in cursor.description]
                    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    finally:
        admin.close()
    return rows


def _transactions_through_pgbouncer(database: str) -> int:
    for stats in _console("SHOW STATS"):
        if stats["database"] == database:
            return int(stats["total_xact_count"])
    return 0


@pytest.fixture
def pooled_database():
    """The test database's name. Afterwards PgBouncer lets go of its server connections to it,
    so that the next run can drop and recreate the database."""
    database = connection.settings_dict["NAME"]
    yield database
    _console(f'KILL "{database}"', f'RESUME "{database}"')


def _call(server: Server, method: str, path: str, user, body: dict | None = None):
    request = urllib.request.Request(  # noqa: S310 - the loopback server
        f"{server.url}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {RefreshToken.for_user(user).access_token}",
            "Content-Type": "application/json",
            "Idempotency-Key": str(uuid.uuid4()),
        },
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, json.loads(response.read())


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_the_api_reads_and_writes_through_pgbouncer_in_transaction_mode(
    world,  # noqa: F811
    tmp_path,
    pooled_database,
):
    database = pooled_database
    before = _transactions_through_pgbouncer(database)
    environment = server_environment(
        f"postgres://postgres@127.0.0.1:{PGBOUNCER_PORT}/{database}",
        DB_TRANSACTION_POOLING="true",
        DB_CONN_MAX_AGE="60",
        CELERY_BROKER_URL="",
    )
    with Server(
        environment=environment, workers=1, threads=2, log_path=tmp_path / "web.log"
    ) as server:
        status, tip = _call(
            server,
            "POST",
            "/api/v1/writer-management/tips/",
            world.client,
            {"writer_id": world.writer.pk, "tip_amount": "12.00", "tip_reason": "Thanks"},
        )
        assert status == 201, tip
        status, page = _call(server, "GET", "/api/v1/writer-management/tips/", world.client)
        assert status == 200
        assert [row["id"] for row in page["results"]] == [tip["id"]]
        status, dashboard = _call(
            server, "GET", "/api/v1/admin-management/tips/dashboard/", world.admin
        )
        assert status == 200
        assert dashboard["summary"]["total_tips"] == 1
    assert Tip.objects.get(pk=tip["id"]).payment_status == "completed"
    assert _transactions_through_pgbouncer(database) - before >= 5
