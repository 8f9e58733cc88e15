"""Migrations under load: one at a time, timed, with PostgreSQL's lock and statement timeouts.

A sampler watches how long any request waits on a lock meanwhile.

A migration fails the rehearsal when PostgreSQL cancels it (it waited longer than
`MIGRATION_LOCK_TIMEOUT_MS` for a lock, or a statement ran longer than
`MIGRATION_STATEMENT_TIMEOUT_MS`), or when a request waited on a lock longer than
`REHEARSAL_LOCK_WAIT_BUDGET_MS` while it ran: either way the migration and its operations are
named.
"""

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from deployment.processes import tail
from deployment.rehearsal.releases import Release

MIGRATION_APPLICATION = "rehearsal-migrate"
PLAN_LINE = re.compile(r"^\s*(?P<app>[a-z_]+)\.(?P<name>\d{4}_\w+)\s*$")
OPERATION_LINE = re.compile(r"^\s{4,}(?P<operation>\S.*)$")


@dataclass
class MigrationRun:
    migration: str  # app.name
    direction: str  # "forward" or "backward"
    operations: list[str] = field(default_factory=list)
    seconds: float = 0.0
    worst_lock_wait_ms: float = 0.0
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error)


def timeouts_env(env: dict) -> dict:
    """The environment of a migrating process: libpq passes the timeouts to its session."""
    return {
        **env,
        "PGOPTIONS": (
            f"-c lock_timeout={settings.MIGRATION_LOCK_TIMEOUT_MS} "
            f"-c statement_timeout={settings.MIGRATION_STATEMENT_TIMEOUT_MS}"
        ),
        "PGAPPNAME": MIGRATION_APPLICATION,
    }


def plan(release: Release, env: dict) -> list[tuple[str, list[str]]]:
    """The migrations `release` would apply, in order, each with its operations."""
    out = release.manage("migrate", "--plan", env=env)
    steps: list[tuple[str, list[str]]] = []
    for line in out.splitlines():
        if match := PLAN_LINE.match(line):
            steps.append((f"{match['app']}.{match['name']}", []))
        elif steps and (match := OPERATION_LINE.match(line)):
            steps[-1][1].append(match["operation"].strip())
    return steps


class LockWaitSampler:
    """Every 50 ms, the longest current lock wait of any session but the migration's."""

    def __init__(self, connect: Callable, database: str):
        self.connect, self.database = connect, database
        self.worst_ms = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "LockWaitSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        with self.connect() as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                while not self._stop.is_set():
                    cursor.execute(
                        "SELECT COALESCE(max(EXTRACT(EPOCH FROM clock_timestamp() - query_start)), 0) "
                        "FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' "
                        "AND application_name <> %s AND pid <> pg_backend_pid()",
                        [self.database, MIGRATION_APPLICATION],
                    )
                    self.worst_ms = max(self.worst_ms, float(cursor.fetchone()[0]) * 1000)
                    time.sleep(0.05)


def apply_one(
    release: Release,
    env: dict,
    *,
    app: str,
    target: str,
    run: MigrationRun,
    connect: Callable,
    database: str,
) -> MigrationRun:
    """Run `migrate app target` with the timeouts while sampling lock waits; fill `run`."""
    started = time.monotonic()
    with LockWaitSampler(connect, database) as sampler:
        result = release.run("migrate", app, target, "--noinput", env=timeouts_env(env))
    run.seconds = time.monotonic() - started
    run.worst_lock_wait_ms = sampler.worst_ms
    if result.returncode != 0:
        output = result.stdout + "\n" + result.stderr
        cause = "its lock or statement budget" if "timeout" in output else "an error"
        run.error = f"{run.migration} failed on {cause}: " + " | ".join(tail(output, 4))
    elif sampler.worst_ms > settings.REHEARSAL_LOCK_WAIT_BUDGET_MS:
        run.error = (
            f"{run.migration} made a request wait {sampler.worst_ms:.0f} ms on a lock "
            f"(budget {settings.REHEARSAL_LOCK_WAIT_BUDGET_MS} ms)"
        )
    if run.error and run.operations:
        run.error += f"; operations: {'; '.join(run.operations)}"
    return run


def _apply_in_turn(
    release: Release, env: dict, steps: list[tuple[str, str, MigrationRun]], **sampling
) -> list[MigrationRun]:
    """Run each `(app, target, run)` step; stop at the first that fails."""
    runs = []
    for app, target, run in steps:
        runs.append(apply_one(release, env, app=app, target=target, run=run, **sampling))
        if run.failed:
            break
    return runs


def migrate_forward(
    release: Release, env: dict, *, connect: Callable, database: str
) -> list[MigrationRun]:
    """Apply `release`'s pending migrations one at a time; stop at the first that fails."""
    steps = [
        (*migration.split(".", 1), MigrationRun(migration, "forward", operations))
        for migration, operations in plan(release, env)
    ]
    return _apply_in_turn(release, env, steps, connect=connect, database=database)


def rollback_commands(
    applied: dict[str, str], previous: dict[str, str], project_apps: set[str]
) -> list[tuple[str, str]]:
    """`migrate APP TARGET` commands that bring the project's apps back to the previous release.

    Only the project's own apps (their migrations are in the repository); the migrations of
    installed packages (Django's, simplejwt's) follow the requirements, not a rollback.
    """
    commands = []
    for app in sorted(set(applied) & project_apps):
        target = previous.get(app, "zero")
        if target != applied[app]:
            commands.append((app, target))
    return commands


def migrate_backward(
    release: Release,
    env: dict,
    commands: list[tuple[str, str]],
    *,
    connect: Callable,
    database: str,
) -> list[MigrationRun]:
    """Run the rollback commands one at a time; stop at the first that fails."""
    steps = [
        (app, target, MigrationRun(f"{app} -> {target}", "backward")) for app, target in commands
    ]
    return _apply_in_turn(release, env, steps, connect=connect, database=database)
