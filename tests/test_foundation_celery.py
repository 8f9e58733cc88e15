"""A real Celery worker, started from the project's Celery app, runs a task through RabbitMQ and
through Redis; every task is routed to the queue of its kind."""

import subprocess
import sys
import uuid
from urllib.parse import urlparse

import pytest
from django.conf import settings

from tests.core.subprocesses import REPO, explain, project_env, python

pytestmark = pytest.mark.slow

BROKER_DB = 2


# RabbitMQ is the documented production broker; Redis stays possible.
RABBITMQ = "amqp://guest:guest@127.0.0.1:5672//"


@pytest.fixture(params=["rabbitmq", "redis"])
def worker_env(request, tmp_path) -> dict[str, str]:
    redis = urlparse(settings.REDIS_URL)
    results = f"redis://{redis.hostname}:{redis.port or 6379}/{BROKER_DB}"
    return project_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        REDIS_URL=results,
        CELERY_BROKER_URL=RABBITMQ if request.param == "rabbitmq" else results,
        CELERY_RESULT_BACKEND=results,
        CELERY_TASK_ALWAYS_EAGER="false",
    )


@pytest.fixture
def worker(worker_env, tmp_path):
    """Start `celery -A config worker` on a queue of its own; always stop it afterwards."""
    queue = f"foundation-test-{uuid.uuid4().hex[:12]}"
    log = (tmp_path / "worker.log").open("w")
    process = subprocess.Popen(  # noqa: S603 - a fixed command line
        [
            sys.executable, "-m", "celery", "-A", "config", "worker",
            "--pool=solo", "--loglevel=INFO", "--queues", queue,
            "--hostname", f"{queue}@%h", "--without-gossip", "--without-mingle",
        ],
        cwd=REPO,
        env=worker_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield queue, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def test_a_real_worker_runs_the_ping_task_and_returns_its_result(worker, worker_env, tmp_path):
    queue, process = worker
    result = python(
        "from django.conf import settings\n"
        "from core.tasks import ping_task\n"
        "assert not settings.CELERY_TASK_ALWAYS_EAGER\n"
        f"print('result:', ping_task.apply_async(queue={queue!r}).get(timeout=45))\n",
        env=worker_env,
        timeout=90,
    )
    worker_log = (tmp_path / "worker.log").read_text()
    assert result.returncode == 0, explain(result) + "\n--- worker\n" + worker_log
    assert "result: pong" in result.stdout
    assert process.poll() is None, worker_log
    assert "core.ping" in worker_log


def test_every_project_task_is_routed_to_a_queue_of_its_kind():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    project_tasks = {name for name in app.tasks if not name.startswith("celery.")}
    assert project_tasks == set(settings.CELERY_TASK_ROUTES)
    queues = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert queues == set(settings.WORKER_QUEUES.split(","))
    money = {
        name for name, route in settings.CELERY_TASK_ROUTES.items() if route["queue"] == "money"
    }
    assert "loyalty_management.points_earn_for_payment_task" in money
    assert settings.CELERY_TASK_ACKS_LATE
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST
