"""Preflight's services section: Redis, the Celery broker, workers, the beat schedule."""

import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings as django_settings

from deployment.checks import services
from deployment.checks.options import PreflightOptions
from deployment.results import Status
from tests.core.subprocesses import REPO, project_env

CLOSED_PORT = "redis://127.0.0.1:6390/0"


def my_redis() -> str:
    """This test run's own Redis database (the one the test settings use)."""
    return django_settings.REDIS_URL


def test_redis_answering_passes(settings):
    settings.REDIS_URL = my_redis()
    assert services.redis_answers(timeout=1).status == Status.PASS


def test_redis_down_fails_fast(settings):
    settings.REDIS_URL = CLOSED_PORT
    started = time.monotonic()
    result = services.redis_answers(timeout=0.5)
    assert result.status == Status.FAIL
    assert "ConnectionError" in result.detail
    assert time.monotonic() - started < 3


def test_no_redis_configured_fails(settings):
    settings.REDIS_URL = ""
    result = services.redis_answers(timeout=0.5)
    assert result.status == Status.FAIL
    assert "REDIS_URL is not set" in result.detail


def test_credentials_never_reach_the_report():
    assert services._redacted("redis://:secret@cache:6379/1") == "redis://cache:6379/1"


def test_eager_celery_has_no_broker(settings):
    settings.CELERY_BROKER_URL = "memory://"
    broker, workers = services.broker_and_workers(PreflightOptions())
    assert broker.status == Status.FAIL
    assert "tasks run eagerly" in broker.detail
    assert workers.status == Status.SKIP


def test_a_broker_that_does_not_answer_fails(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = CLOSED_PORT
    broker, workers = services.broker_and_workers(PreflightOptions(service_timeout=0.5))
    assert broker.status == Status.FAIL
    assert workers.status == Status.SKIP


def test_no_worker_fails_unless_workers_are_optional(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = my_redis()
    # The broker is real; no worker answering is simulated, as a parallel test may run one.
    monkeypatch.setattr(services.celery_app.control, "ping", lambda **kwargs: [])
    broker, workers = services.broker_and_workers(PreflightOptions(service_timeout=0.5))
    assert broker.status == Status.PASS
    assert workers.status == Status.FAIL
    options = PreflightOptions(service_timeout=0.5, workers_required=False)
    _, optional = services.broker_and_workers(options)
    assert optional.status == Status.WARN
    assert "--no-workers-required" in optional.detail


@pytest.mark.slow
def test_a_running_worker_replies(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = my_redis()
    name = f"preflight-test-{uuid.uuid4().hex[:6]}"
    env = project_env(
        CELERY_BROKER_URL=my_redis(), REDIS_URL=my_redis(), DATABASE_URL="sqlite:///:memory:"
    )
    worker = subprocess.Popen(  # noqa: S603 - fixed argument list
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--loglevel=WARNING",
            "-n",
            f"{name}@%h",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            _, workers = services.broker_and_workers(PreflightOptions(service_timeout=1))
            if workers.status == Status.PASS or time.monotonic() > deadline:
                break
        assert workers.status == Status.PASS, workers.detail
        assert name in workers.detail
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_a_scheduled_task_that_is_not_registered_fails(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        "prune": {"task": "core.idempotency_keys_prune_task", "schedule": 60.0},
        "typo": {"task": "core.idempotency_keys_prnue_task", "schedule": 60.0},
    }
    result = services.beat_tasks_registered()
    assert result.status == Status.FAIL
    assert result.lines == ["typo: core.idempotency_keys_prnue_task is not registered"]


def test_a_scheduled_task_of_an_app_without_tasks_fails(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        "prune": {"task": "core.idempotency_keys_prune_task", "schedule": 60.0},
        "later": {"task": "deployment.reports_send_task", "schedule": 60.0},
    }
    result = services.beat_tasks_registered()
    assert result.status == Status.FAIL
    assert result.lines == ["later: deployment.reports_send_task is not registered"]


def test_every_scheduled_task_registered_passes(settings):
    settings.CELERY_BEAT_SCHEDULE = {
        "prune": {"task": "core.idempotency_keys_prune_task", "schedule": 60.0},
    }
    result = services.beat_tasks_registered()
    assert result.status == Status.PASS
