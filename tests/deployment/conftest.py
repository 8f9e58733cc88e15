"""Scratch PostgreSQL databases and child processes for the deployment command tests.

Commands that dump, restore or migrate a database run as child `manage.py` processes pointed at
a scratch database (`ws_scratch_deploy_*`), never at the test database or the default one.
"""

import io
import uuid

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connections

from deployment import postgres
from tests.core.subprocesses import explain, manage, project_env


def server_settings() -> dict:
    """Connection settings of the local PostgreSQL server (any database name)."""
    return dict(settings.DATABASES["default"])


def scratch_url(name: str) -> str:
    return postgres.database_url(server_settings(), name)


def child_env(database: str, **overrides: str) -> dict[str, str]:
    """The environment of a child `manage.py` that works on scratch database `database`."""
    return project_env(DATABASE_URL=scratch_url(database), **overrides)


def run_manage(*args: str, database: str, timeout: float = 600, **overrides: str):
    return manage(*args, env=child_env(database, **overrides), timeout=timeout)


def new_name(purpose: str) -> str:
    return f"ws_scratch_deploy_{purpose}_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="session")
def migrated_template():
    """A scratch database at the latest migrations (no rows), to copy per test."""
    name = new_name("tmpl")
    postgres.database_create(server_settings(), name)
    try:
        result = run_manage("migrate", "--noinput", "--skip-checks", database=name)
        assert result.returncode == 0, explain(result)
        yield name
    finally:
        postgres.database_drop(server_settings(), name)


@pytest.fixture
def scratch_copy():
    """Return a function that copies a template into a new scratch database (dropped after)."""
    created = []

    def copy(template: str | None) -> str:
        name = new_name("db")
        postgres.database_create(server_settings(), name, template=template)
        created.append(name)
        return name

    yield copy
    for name in created:
        postgres.database_drop(server_settings(), name)


def scratch_connection(name: str):
    """A raw autocommit connection to a scratch database (close it after use)."""
    connection = postgres.raw_connection(server_settings(), name)
    connection.autocommit = True
    return connection


def sql(name: str, statement: str, params=None):
    """Run one statement on a scratch database; return its rows (or None)."""
    connection = scratch_connection(name)
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            return cursor.fetchall() if cursor.description else None
    finally:
        connection.close()


def databases_named(prefix: str) -> list[str]:
    rows = sql("postgres", "SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"])
    return [row[0] for row in rows]


@pytest.fixture
def alias_for():
    """Return a function that registers a scratch database as a connection alias (removed after).

    The commands' `--database` option then points them at it in this process.
    """
    added = []

    def register(name: str, **overrides) -> str:
        alias = f"scratch_{name}"
        connections.settings[alias] = {
            **connections.settings["default"],
            "NAME": name,
            **overrides,
        }
        added.append(alias)
        return alias

    yield register
    for alias in added:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


def command(*args: str) -> tuple[int, str, str]:
    """Run a management command in-process; return (exit code, stdout, the error message)."""
    out = io.StringIO()
    try:
        call_command(*args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue(), str(error)
    return 0, out.getvalue(), ""
