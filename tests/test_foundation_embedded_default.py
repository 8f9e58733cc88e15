"""The embedded default `make run` uses: SQLite, a local-memory cache and eager Celery."""

import json
import sqlite3

import pytest

from tests.core.subprocesses import explain, manage, project_env, python

pytestmark = pytest.mark.slow

# What this foundation seeds; later apps add their own rows (and may add people).
DEMO_MINIMUM = {"websites_website": 2, "accounts_user": 23, "orders_order": 24}


def test_with_nothing_configured_the_service_uses_sqlite_locmem_and_eager_celery():
    result = python(
        "import json\n"
        "from django.conf import settings\n"
        "print(json.dumps({\n"
        "    'engine': settings.DATABASES['default']['ENGINE'],\n"
        "    'name': str(settings.DATABASES['default']['NAME']),\n"
        "    'cache': settings.CACHES['default']['BACKEND'],\n"
        "    'eager': settings.CELERY_TASK_ALWAYS_EAGER,\n"
        "    'debug': settings.DEBUG,\n"
        "}))\n",
        env=project_env(),
    )
    assert result.returncode == 0, explain(result)
    config = json.loads(result.stdout.strip().splitlines()[-1])
    assert config["engine"] == "django.db.backends.sqlite3"
    assert config["name"].endswith("db.sqlite3")
    assert config["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert config["eager"] is True
    assert config["debug"] is True


def _row_counts(database) -> dict[str, int]:
    """Count the rows of every table, so a second seed that adds anything anywhere shows."""
    with sqlite3.connect(database) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }


def test_a_fresh_sqlite_file_migrates_and_seeds_twice_to_the_same_data(tmp_path):
    database = tmp_path / "embedded.sqlite3"
    env = project_env(DATABASE_URL=f"sqlite:///{database}")

    migrate = manage("migrate", "--noinput", env=env)
    assert migrate.returncode == 0, explain(migrate)

    first = manage("seed_demo", env=env)
    assert first.returncode == 0, explain(first)
    assert "admin_alpha" in first.stdout
    assert "demo-pass-123" in first.stdout
    counts = _row_counts(database)
    assert counts["websites_website"] == DEMO_MINIMUM["websites_website"]
    assert all(counts[table] >= minimum for table, minimum in DEMO_MINIMUM.items()), counts

    second = manage("seed_demo", env=env)
    assert second.returncode == 0, explain(second)
    assert _row_counts(database) == counts

    # The money rules compare exact decimal sums: on SQLite the command says why it cannot.
    invariants = manage("check_invariants", env=env)
    assert invariants.returncode == 1, explain(invariants)
    assert "needs PostgreSQL" in invariants.stderr, explain(invariants)

    # The seeded demo admin logs in and calls the API; Celery tasks run in-process.
    session = python(
        "from django.test import Client\n"
        "from core.tasks import ping_task\n"
        "client = Client()\n"
        "login = client.post('/api/v1/auth/login/',\n"
        "    {'username': 'admin_alpha', 'password': 'demo-pass-123'},\n"
        "    content_type='application/json')\n"
        "assert login.status_code == 200, login.content\n"
        "me = client.get('/api/v1/auth/me/',\n"
        "    HTTP_AUTHORIZATION='Bearer ' + login.json()['access'])\n"
        "assert me.status_code == 200, me.content\n"
        "assert me.json()['role'] == 'admin', me.content\n"
        "orders = client.get('/api/v1/orders/',\n"
        "    HTTP_AUTHORIZATION='Bearer ' + login.json()['access'])\n"
        "assert orders.json()['count'] >= 12, orders.content\n"
        "assert client.get('/health/ready/').json()['status'] == 'ok'\n"
        "missing = client.get('/api/v1/no-such-endpoint/')\n"
        "assert missing.status_code == 404 and missing.json()['code'] == 'not_found'\n"
        "assert ping_task.delay().get(timeout=5) == 'pong'\n"
        "print('session ok')\n",
        env=env,
    )
    assert session.returncode == 0, explain(session)
    assert "session ok" in session.stdout
