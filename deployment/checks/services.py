"""Services: Redis answers, the broker answers, a worker replies, beat's tasks exist, outbox drains."""

import redis
from celery import Celery
from django.conf import settings
from django.db import DatabaseError
from kombu.exceptions import OperationalError

from config.celery import app as celery_app
from core.health import registered_components
from deployment.checks.options import PreflightOptions
from deployment.results import CheckResult

TITLE = "Services"


def redis_answers(timeout: float) -> CheckResult:
    name = "Redis answers (PING)"
    if not settings.REDIS_URL:
        return CheckResult.failed(name, "REDIS_URL is not set: the cache is process-local")
    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_connect_timeout=timeout, socket_timeout=timeout
    )
    try:
        client.ping()
    except redis.RedisError as error:
        return CheckResult.failed(name, f"{type(error).__name__}: {error}")
    finally:
        client.close()
    return CheckResult.passed(name, _redacted(settings.REDIS_URL))


def _redacted(url: str) -> str:
    """Drop credentials from a URL before it goes into a report."""
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        rest = rest.rsplit("@", 1)[1]
    return f"{scheme}{sep}{rest}"


def _broker_url() -> str | None:
    broker = settings.CELERY_BROKER_URL
    if settings.CELERY_TASK_ALWAYS_EAGER or broker.startswith("memory://"):
        return None
    return broker


def broker_and_workers(options: PreflightOptions) -> list[CheckResult]:
    broker_name, workers_name = "Celery broker answers", "a Celery worker replies to ping"
    broker = _broker_url()
    if broker is None:
        return [
            CheckResult.failed(
                broker_name, "no broker: CELERY_BROKER_URL is unset, tasks run eagerly in-process"
            ),
            CheckResult.skipped(workers_name, "no broker to reach workers through"),
        ]
    timeout = options.service_timeout
    # A Celery app of its own: the project app's control messages go out through its producer
    # pool, which stays bound to whichever broker it first connected to in this process.
    probe = Celery("preflight-probe", broker=broker, set_as_current=False)
    probe.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    try:
        with probe.connection_for_write(connect_timeout=timeout) as connection:
            try:
                connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            except (OperationalError, OSError) as error:
                return [
                    CheckResult.failed(broker_name, f"{_redacted(broker)}: {error}"),
                    CheckResult.skipped(workers_name, "the broker does not answer"),
                ]
            broker_result = CheckResult.passed(broker_name, _redacted(broker))
            replies = probe.control.ping(timeout=timeout, connection=connection)
    finally:
        probe.close()
    workers = sorted(name for reply in replies for name in reply)
    if workers:
        return [broker_result, CheckResult.passed(workers_name, ", ".join(workers))]
    detail = f"no worker replied within {timeout:g}s (start `celery -A config worker`)"
    if options.workers_required:
        return [broker_result, CheckResult.failed(workers_name, detail)]
    return [broker_result, CheckResult.warning(workers_name, f"{detail}; --no-workers-required")]


def beat_tasks_registered() -> CheckResult:
    """Every task in the beat schedule is registered (a typo or a missing app fails here)."""
    name = "beat schedule tasks registered"
    celery_app.loader.import_default_modules()
    registered = set(celery_app.tasks)
    missing = [
        f"{entry}: {spec['task']} is not registered"
        for entry, spec in settings.CELERY_BEAT_SCHEDULE.items()
        if spec["task"] not in registered
    ]
    total = len(settings.CELERY_BEAT_SCHEDULE)
    if missing:
        return CheckResult.failed(name, f"{len(missing)} of {total} missing", lines=missing)
    return CheckResult.passed(name, f"{total} scheduled tasks")


def components_draining() -> list[CheckResult]:
    """Each component an app reports to readiness (the webhook outbox): behind is a failure.

    The outbox is behind when an event has waited longer than `WEBHOOK_OUTBOX_MAX_AGE_SECONDS`
    for work that is due (no worker on the `webhooks` queue, or no beat). Before its tables
    exist (a first deploy, before `migrate`) there is nothing to drain.
    """
    results = []
    for name, check in registered_components().items():
        title = f"{name.replace('_', ' ')} is draining"
        try:
            report = check()
        except DatabaseError as error:
            results.append(CheckResult.skipped(title, f"not readable yet: {error}"[:200]))
            continue
        detail = ", ".join(f"{key} {value}" for key, value in report.items() if key != "status")
        if report.get("status") == "degraded":
            results.append(CheckResult.failed(title, detail, data=report))
        else:
            results.append(CheckResult.passed(title, detail, data=report))
    return results


def run(options: PreflightOptions) -> list[CheckResult]:
    return [
        redis_answers(options.service_timeout),
        *broker_and_workers(options),
        beat_tasks_registered(),
        *components_draining(),
    ]
