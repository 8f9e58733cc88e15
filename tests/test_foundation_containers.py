"""Dockerfile and docker-compose.yml, checked statically (no container engine runs the tests)."""

import re
import shlex

import pytest
import yaml
from django.conf import settings

from tests.core.subprocesses import REPO, settings_variables


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((REPO / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def dockerfile() -> list[str]:
    """The Dockerfile's instructions, continuation lines joined and comments dropped."""
    text = (REPO / "Dockerfile").read_text()
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    return [i.strip() for i in re.sub(r"\\\n", " ", "\n".join(lines)).splitlines() if i.strip()]


def _instructions(dockerfile, keyword: str) -> list[str]:
    return [line[len(keyword) :].strip() for line in dockerfile if line.upper().startswith(keyword)]


def test_the_image_is_slim_python_311(dockerfile):
    assert _instructions(dockerfile, "FROM ") == ["python:3.11-slim"]


def test_the_image_installs_the_pinned_requirements(dockerfile):
    assert "requirements.txt ." in _instructions(dockerfile, "COPY ")
    assert any(
        "pip install -r requirements.txt" in run for run in _instructions(dockerfile, "RUN ")
    )
    for line in (REPO / "requirements.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            assert "==" in line, f"not pinned: {line}"


def test_the_image_collects_static_files_in_production_mode(dockerfile):
    collect = next(run for run in _instructions(dockerfile, "RUN ") if "collectstatic" in run)
    assert "DJANGO_ENV=production" in collect
    # A throwaway key generated for this step (a key written here would be refused).
    assert re.search(r"SECRET_KEY=\"\$\(python -c '.*secrets\.token_urlsafe\(50\).*'\)\"", collect)
    assert "ALLOWED_HOSTS=" in collect
    assert "--noinput" in collect


def test_the_image_runs_as_a_user_that_is_not_root(dockerfile):
    users = _instructions(dockerfile, "USER ")
    assert users
    assert users[-1] not in {"root", "0", "0:0"}
    last_user = max(i for i, line in enumerate(dockerfile) if line.upper().startswith("USER "))
    assert not any(line.upper().startswith("RUN ") for line in dockerfile[last_user:])


def test_the_image_serves_gunicorn_on_port_8000(dockerfile):
    assert "8000" in _instructions(dockerfile, "EXPOSE ")
    cmd = _instructions(dockerfile, "CMD ")[-1]
    assert cmd.startswith('["gunicorn", "config.wsgi')
    assert "0.0.0.0:8000" in cmd


def test_the_build_context_leaves_out_local_state():
    ignored = (REPO / ".dockerignore").read_text().split()
    for entry in (".git", ".venv", ".env", "db.sqlite3", "staticfiles", "logs"):
        assert entry in ignored


APP_SERVICES = ("web", "celery-money", "celery-background", "celery-beat")


def test_compose_has_the_app_and_its_engines(compose):
    assert set(compose["services"]) == {*APP_SERVICES, "db", "pgbouncer", "redis", "rabbitmq"}


def test_the_app_reaches_postgres_through_pgbouncer_in_transaction_mode(compose):
    pgbouncer = compose["services"]["pgbouncer"]
    assert pgbouncer["environment"]["POOL_MODE"] == "transaction"
    assert pgbouncer["environment"]["DB_HOST"] == "db"
    assert pgbouncer["depends_on"]["db"]["condition"] == "service_healthy"


def test_the_broker_is_rabbitmq_with_a_required_password(compose):
    rabbitmq = compose["services"]["rabbitmq"]
    assert rabbitmq["image"].startswith("rabbitmq:")
    assert rabbitmq["environment"]["RABBITMQ_DEFAULT_PASS"].startswith("${RABBITMQ_PASSWORD:?")
    assert "ping" in rabbitmq["healthcheck"]["test"]


def test_the_database_is_postgres_15_named_writing_system_on_a_named_volume(compose):
    db = compose["services"]["db"]
    assert db["image"] == "postgres:15"
    assert db["environment"]["POSTGRES_DB"] == "writing_system"
    assert db["environment"]["POSTGRES_USER"] == "postgres"
    volume, target = db["volumes"][0].split(":")
    assert target == "/var/lib/postgresql/data"
    assert volume in compose["volumes"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_redis_has_a_healthcheck(compose):
    redis = compose["services"]["redis"]
    assert redis["image"].startswith("redis:")
    assert "ping" in redis["healthcheck"]["test"]


@pytest.mark.parametrize("name", APP_SERVICES)
def test_app_services_get_the_settings_they_need(compose, name):
    service = compose["services"][name]
    env = service["environment"]
    assert service["build"] == "."
    assert env["DJANGO_ENV"] == "production"
    assert env["DATABASE_URL"] == "postgres://postgres:postgres@pgbouncer:5432/writing_system"
    assert env["DB_TRANSACTION_POOLING"] == "true"
    assert env["REDIS_URL"].startswith("redis://redis:6379/")
    assert env["CELERY_BROKER_URL"].startswith("amqp://writing:${RABBITMQ_PASSWORD:?")
    assert env["CELERY_BROKER_URL"].endswith("@rabbitmq:5672//")
    assert env["SECURE_SSL_REDIRECT"] == "${SECURE_SSL_REDIRECT:-true}"
    assert env["CORS_ALLOWED_ORIGINS"].startswith("${CORS_ALLOWED_ORIGINS:?")
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")  # required, no default
    assert "localhost" in env["ALLOWED_HOSTS"]
    assert set(env) <= settings_variables()
    assert service["depends_on"]["db"]["condition"] == "service_healthy"
    assert service["depends_on"]["redis"]["condition"] == "service_healthy"
    assert service["depends_on"]["rabbitmq"]["condition"] == "service_healthy"


def test_each_app_service_runs_its_process(compose):
    commands = {name: shlex.split(compose["services"][name]["command"]) for name in APP_SERVICES}
    assert commands["web"][:2] == ["gunicorn", "config.wsgi:application"]
    assert "0.0.0.0:8000" in commands["web"]
    assert commands["celery-beat"][:4] == ["celery", "-A", "config", "beat"]
    queues = []
    for name in ("celery-money", "celery-background"):
        command = commands[name]
        assert command[:4] == ["celery", "-A", "config", "worker"]
        queues += command[command.index("--queues") + 1].split(",")
    # Every queue a task is routed to has exactly one worker group.
    assert sorted(queues) == sorted(settings.WORKER_QUEUES.split(","))
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed <= set(queues)
    assert "8000:8000" in compose["services"]["web"]["ports"]
