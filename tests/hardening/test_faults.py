"""Faults of the service's dependencies: Redis refusing or hanging, the broker down, the database
dropping the service's connections. The API keeps answering, from the database, and loses nothing.
"""

import time
import uuid
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.test import override_settings

from core import invariants
from tests.hardening.api import call
from tests.hardening.service import (
    APPLICATION_NAME,
    SilentServer,
    free_port,
    http,
    live_service,
)
from tests.hardening.world import access_token, build_world
from tip_stats.models import TipDailyStat
from tip_stats.tasks import tip_stats_reconcile_task
from writer_management.models import Tip

pytestmark = pytest.mark.slow

# What a request may take while Redis is down: the configured socket timeout plus one second.
BUDGET = settings.CACHE_SOCKET_TIMEOUT + 1.0

READS = (
    "/api/v1/admin-management/tips/dashboard/",
    "/api/v1/admin-management/tips/list_tips/",
    "/api/v1/admin-management/tips/analytics/",
    "/api/v1/admin-management/tips/earnings/",
    "/api/v1/loyalty-management/analytics/",
    "/api/v1/orders/",
    "/api/v1/writer-management/tips/",
    "/api/v1/auth/me/",
)


def _caches_at(port: int) -> dict:
    default = settings.CACHES["default"]
    return {
        "default": {
            **default,
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {
                **default.get("OPTIONS", {}),
                "SOCKET_CONNECT_TIMEOUT": settings.CACHE_SOCKET_TIMEOUT,
                "SOCKET_TIMEOUT": settings.CACHE_SOCKET_TIMEOUT,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }


@contextmanager
def _redis_refusing():
    with override_settings(CACHES=_caches_at(free_port())):
        yield


@contextmanager
def _redis_hanging():
    with SilentServer() as server, override_settings(CACHES=_caches_at(server.port)):
        yield


REDIS_FAULTS = {"refused": _redis_refusing, "unresponsive": _redis_hanging}


def _timed(client, method, path, **kwargs):
    started = time.monotonic()
    response = call(client, method, path, **kwargs)
    return response, time.monotonic() - started


class TooSlow(AssertionError):
    """A request outlived the budget (reported apart from wrong answers)."""


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["refused", "unresponsive"])
def test_while_redis_is_down_the_api_answers_in_time_from_the_database(
    fault, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world()
    admin = client_as(world.a.admin)
    baseline = {path: call(admin, "GET", path).json() for path in READS}

    with REDIS_FAULTS[fault]():
        slow, wrong = [], []
        for path in READS:
            response, seconds = _timed(admin, "GET", path)
            if seconds > BUDGET:
                slow.append((path, round(seconds, 2)))
            if response.status_code != 200 or response.json() != baseline[path]:
                wrong.append((path, response.status_code))
        ready, seconds = _timed(client_as(None), "GET", "/health/ready/")

    assert not wrong, f"answers differ from the database's with Redis {fault}: {wrong}"
    assert ready.status_code == 200
    assert ready.json()["status"] == "degraded"
    assert ready.json()["components"]["cache"]["status"] == "down"
    assert ready.json()["components"]["database"]["status"] == "ok"
    if slow or seconds > BUDGET:
        raise TooSlow(f"slower than {BUDGET} s with Redis {fault}: {slow}, ready {seconds:.2f}")


@pytest.mark.django_db
@pytest.mark.parametrize("fault", sorted(REDIS_FAULTS))
def test_writes_made_while_redis_is_down_are_kept(
    fault, client_as, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        world = build_world()
    a = world.a
    client, admin = client_as(a.client), client_as(a.admin)
    tips_before = Tip.objects.filter(website=a.website).count()

    with REDIS_FAULTS[fault](), django_capture_on_commit_callbacks(execute=True):
        tip, tip_seconds = _timed(
            client,
            "POST",
            "/api/v1/writer-management/tips/",
            body={"writer_id": a.writer.pk, "tip_amount": "11.00", "tip_reason": "Outage"},
        )
        award, award_seconds = _timed(
            admin,
            "POST",
            "/api/v1/loyalty-management/award/",
            body={"client_id": a.client.pk, "points": 21, "reason": "Outage"},
        )
        login, login_seconds = _timed(
            client_as(None),
            "POST",
            "/api/v1/auth/login/",
            body={"username": a.client.username, "password": "hardening-pass-123"},
        )

    assert (tip.status_code, award.status_code, login.status_code) == (201, 201, 200)
    assert max(tip_seconds, award_seconds, login_seconds) <= 2 * BUDGET
    assert Tip.objects.filter(website=a.website).count() == tips_before + 1
    assert Tip.objects.get(pk=tip.json()["id"]).payment_status == "completed"
    listed = client.get("/api/v1/writer-management/tips/").json()["results"]
    assert tip.json()["id"] in {row["id"] for row in listed}
    # The rollups were refreshed in the database even though the cache was unreachable.
    rolled_up = TipDailyStat.objects.filter(website=a.website).aggregate(n=Sum("tip_count"))["n"]
    assert rolled_up == tips_before + 1
    assert invariants.violations() == []


@pytest.mark.django_db
@pytest.mark.parametrize("fault", sorted(REDIS_FAULTS))
def test_while_redis_is_down_throttling_is_off_and_requests_are_served(fault, client_as):
    world = build_world()
    admin = client_as(world.a.admin)
    with REDIS_FAULTS[fault]():
        responses = [admin.get("/api/v1/auth/me/") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    limit = int(responses[0]["X-RateLimit-Limit"])
    # Every request looks like the first of the window: nothing is counted, nothing refused.
    assert [int(r["X-RateLimit-Remaining"]) for r in responses] == [limit - 1] * 3


# The Celery broker -----------------------------------------------------------------------------------


def _tip_with_the_broker_down(a) -> tuple[int, dict, float, dict, str]:
    """Send a tip to a service whose Celery broker refuses connections (eager mode off)."""
    broker = f"redis://127.0.0.1:{free_port()}/0"
    with live_service(
        CELERY_BROKER_URL=broker,
        CELERY_TASK_ALWAYS_EAGER="false",
        CELERY_RESULT_BACKEND="cache+memory://",
    ) as service:
        started = time.monotonic()
        status, body = http(
            "POST",
            f"{service.url}/api/v1/writer-management/tips/",
            token=access_token(a.client),
            body={"writer_id": a.writer.pk, "tip_amount": "13.00", "tip_reason": "No broker"},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        seconds = time.monotonic() - started
        ready = http("GET", f"{service.url}/health/ready/")[1]
        return status, body, seconds, ready, service.log()


def _rolled_up(website) -> int:
    stats = TipDailyStat.objects.filter(website=website)
    return stats.aggregate(n=Sum("tip_count"))["n"] or 0


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_tip_sent_while_the_broker_is_down_is_stored_and_reconciled_later(client_as):
    a = build_world().a
    tips_before = Tip.objects.filter(website=a.website).count()
    _, _, seconds, ready, _ = _tip_with_the_broker_down(a)

    assert seconds < 15, f"the tip took {seconds:.1f} s with the broker down"
    assert ready["status"] == "degraded"
    assert ready["components"]["celery_broker"]["status"] == "down"
    tip = Tip.objects.filter(website=a.website).order_by("-id").first()
    assert Tip.objects.filter(website=a.website).count() == tips_before + 1
    assert (tip.tip_amount, tip.payment_status) == (Decimal("13.00"), "completed")
    assert _rolled_up(a.website) == tips_before, "no refresh can have run without a broker"

    tip_stats_reconcile_task.apply()

    assert _rolled_up(a.website) == tips_before + 1
    dashboard = client_as(a.admin).get("/api/v1/admin-management/tips/dashboard/").json()
    assert dashboard["summary"]["total_tips"] == tips_before + 1
    assert invariants.violations() == []


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_tip_sent_while_the_broker_is_down_answers_201():
    a = build_world().a
    status, body, _, _, log = _tip_with_the_broker_down(a)
    assert status == 201, (body, log[-3000:])


# The database drops the service's connections --------------------------------------------------------


def _service_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s",
            [APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


def _terminate_service_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            [APPLICATION_NAME],
        )
        return cursor.fetchone()[0]


@pytest.mark.slow
@pytest.mark.serial
@pytest.mark.django_db(transaction=True)
def test_after_the_database_kills_the_service_connections_the_next_requests_succeed():
    world = build_world()
    a = world.a
    token = access_token(a.admin)
    paths = ["/api/v1/orders/", "/api/v1/order-payments/wallets/", "/api/v1/auth/me/"]

    def burst(base: str, rounds: int) -> list[int]:
        return [
            http("GET", f"{base}{path}", token=token)[0] for _ in range(rounds) for path in paths
        ]

    with live_service() as service:
        base = service.url
        assert set(burst(base, 4)) == {200}
        assert _service_connections() > 0, "the service keeps no persistent connection"
        killed = _terminate_service_connections()
        deadline = time.monotonic() + 5
        while _service_connections() and time.monotonic() < deadline:
            time.sleep(0.1)
        after = burst(base, 6)
        status, body = http(
            "POST",
            f"{base}/api/v1/order-payments/wallets/{a.wallet.pk}/credit/",
            token=token,
            body={"amount": "1.00", "reason": "After the kill"},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        log = service.log()

    assert killed > 0
    assert set(after) == {200}, f"requests after the kill: {after}\n{log}"
    assert status == 201, (body, log)
    assert invariants.violations() == []
