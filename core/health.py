"""Liveness and readiness: each dependency checked with a short timeout, reported per component."""

import logging
import socket
import time
import uuid
from urllib.parse import urlparse

from django.conf import settings
from django.core.cache import cache
from django.db import connection

from core.replica_health import replicas_report

logger = logging.getLogger(__name__)

# The broker's status when Celery tasks run inside the web process: nothing to reach, and nothing
# runs in the background. Fine for the embedded default; a production service needs a broker.
BROKER_EAGER = "eager (no broker)"


def _timed(check) -> dict:
    started = time.monotonic()
    try:
        detail = check()
    except Exception as error:
        logger.warning("Health check %s failed: %s", check.__name__, error)
        return {
            "status": "down",
            "error": f"{type(error).__name__}: {error}"[:300],
            "ms": _ms(started),
        }
    result = {"status": "ok", "ms": _ms(started)}
    if isinstance(detail, dict):
        result.update(detail)
        result["ms"] = _ms(started)
    return result


def _ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000, 1)


def check_database():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            timeout_ms = int(settings.HEALTH_CHECK_TIMEOUT * 1000)
            cursor.execute(f"SET LOCAL statement_timeout = {timeout_ms}")
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def check_cache():
    """Write and read a probe key; a cache that swallows errors shows up as a failed read."""
    backend = settings.CACHES["default"]["BACKEND"]
    key, value = f"health:{uuid.uuid4().hex}", "1"
    cache.set(key, value, timeout=10)
    if cache.get(key) != value:
        raise ConnectionError("cache did not return the probe value")
    cache.delete(key)
    return {"backend": backend.rsplit(".", 1)[-1]}


def check_broker():
    broker = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER or broker.startswith("memory://"):
        return {"status": BROKER_EAGER, "mode": "eager"}
    parsed = urlparse(broker)
    default_port = {"redis": 6379, "rediss": 6379, "amqp": 5672, "pyamqp": 5672}.get(
        parsed.scheme, 5672
    )
    with socket.create_connection(
        (parsed.hostname or "127.0.0.1", parsed.port or default_port),
        timeout=settings.HEALTH_CHECK_TIMEOUT,
    ):
        pass
    return {"mode": "broker"}


def check_replicas():
    """Each read replica's status and replay lag; any not serving makes the service degraded."""
    replicas = replicas_report()
    if any(replica["status"] != "ok" for replica in replicas.values()):
        return {"status": "degraded", "replicas": replicas}
    return {"replicas": replicas}


# Components apps add (the webhook outbox): name -> a check returning details, with
# `"status": "degraded"` when the component is behind. Soft: they never make the service down.
_registered: dict = {}


def register_component(name: str, check) -> None:
    _registered[name] = check


def registered_components() -> dict:
    return dict(_registered)


def readiness() -> tuple[dict, bool]:
    """Return the per-component report and whether the service can serve (the database is up).

    Redis, the broker and the read replicas are soft dependencies: when they are down the
    service is `degraded` (the primary serves every read). So is a production service whose
    tasks run in-process (no broker).
    """
    components = {
        "database": _timed(check_database),
        "cache": _timed(check_cache),
        "celery_broker": _timed(check_broker),
    }
    if settings.DATABASE_REPLICAS:
        components["database_replicas"] = _timed(check_replicas)
    if components["database"]["status"] == "ok":
        for name, check in _registered.items():
            components[name] = _timed(check)
    database_up = components["database"]["status"] == "ok"
    fine = {"ok"} if settings.DJANGO_ENV == "production" else {"ok", BROKER_EAGER}
    all_up = all(component["status"] in fine for component in components.values())
    overall = "ok" if all_up else ("degraded" if database_up else "down")
    return {"status": overall, "components": components}, database_up


def readiness_summary(report: dict) -> dict:
    """The report without details: the overall status and each component's status."""
    components = {name: {"status": c["status"]} for name, c in report["components"].items()}
    return {"status": report["status"], "components": components}
