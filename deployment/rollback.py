"""The rollback round trip: fill a scratch database, roll the release back, migrate forward again.

The rows of every table that survives the rollback must come back unchanged: the same rows
(by primary key) with the same values in every column that existed throughout. Tables the
rollback drops and columns it removes are reported as the information a rollback loses (that is
when restoring a backup is the only way back).

The scratch database is migrated by child `manage.py` processes that point at it and at nothing
else of the deployment: no Redis, no Celery broker (tasks run eagerly), no log file.
"""

import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from deployment import postgres
from deployment.migration_lint import (
    created_tables,
    operation_backwards_sql,
    operation_table,
    walk,
)
from deployment.processes import manage_py, tail
from deployment.release import (
    ROLLBACK_ACCEPTED_LOSSES,
    ROLLBACK_DOCUMENTED_CHANGES,
    ROLLBACK_NEW_ROWS_ALLOWED,
    ROLLBACK_TARGETS,
    DocumentedChange,
    RollbackTarget,
    TargetUnavailable,
    resolve_target,
)
from deployment.results import CheckResult

IGNORED_TABLES = frozenset({"django_migrations"})
MAX_DIFFERENCES_PER_TABLE = 5


class RoundTripError(RuntimeError):
    """A step of the round trip (a migrate or the fill) failed; the message has its output."""


@dataclass
class TableSnapshot:
    columns: list[str]
    rows: dict = field(default_factory=dict)  # primary key -> {column: value}


def snapshot(connection) -> dict[str, TableSnapshot]:
    """Read every table's rows (as JSON values) keyed by primary key."""
    result = {}
    with connection.cursor() as cursor:
        postgres.session_format(cursor)
        names = [t for t in postgres.tables(cursor) if t not in IGNORED_TABLES]
        for table in names:
            schema, _, bare = table.rpartition(".")
            cursor.execute(
                """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position
                """,
                [schema or "public", bare],
            )
            columns = [row[0] for row in cursor.fetchall()]
            key = postgres.primary_key(cursor, table)
            cursor.execute(
                f"SELECT row_to_json(t)::text FROM {postgres.qualified(table)} AS t"  # noqa: S608
            )
            rows = {}
            for (text,) in cursor.fetchall():
                row = json.loads(text)
                rows[tuple(row[c] for c in key) if key else text] = row
            result[table] = TableSnapshot(columns, rows)
    connection.rollback()
    return result


def compare_snapshots(
    before: dict[str, TableSnapshot],
    rolled_back: dict[str, TableSnapshot],
    after: dict[str, TableSnapshot],
    accepted_losses: dict[str, str] | None = None,
    documented_changes: dict[str, DocumentedChange] | None = None,
) -> tuple[list[str], list[str]]:
    """Return (problems, information lost) of a round trip.

    Problems: a surviving table's row count changed by the rollback, or a row missing, added or
    changed after migrating forward again (in a column that existed throughout). Changes a
    table's `documented_changes` entry allows are information, each with its reason; in a table
    of `accepted_losses` every difference is information lost, with the documented reason.
    """
    accepted_losses = ROLLBACK_ACCEPTED_LOSSES if accepted_losses is None else accepted_losses
    if documented_changes is None:
        documented_changes = ROLLBACK_DOCUMENTED_CHANGES
    problems: list[str] = []
    lost: list[str] = []
    for table in sorted(set(before) - set(rolled_back)):
        lost.append(f"{table}: dropped by the rollback ({len(before[table].rows)} rows)")
    for table in sorted(set(before) & set(rolled_back)):
        if table not in after:
            problems.append(f"{table}: missing after migrating forward again")
            continue
        old, mid, new = before[table], rolled_back[table], after[table]
        change = documented_changes.get(table, DocumentedChange(""))
        removed = [c for c in old.columns if c not in mid.columns]
        if removed and old.rows:
            lost.append(f"{table}: columns {', '.join(removed)} dropped ({len(old.rows)} rows)")
        differences = []
        added = [key for key in mid.rows if key not in old.rows]
        documented_added = [key for key in added if change.allows_new_row(mid.rows[key])]
        if len(mid.rows) - len(documented_added) != len(old.rows):
            differences.append(f"{len(old.rows)} rows before, {len(mid.rows)} rolled back")
        kept = [c for c in old.columns if c in mid.columns and c in new.columns]
        changed_rows, changed_columns = 0, set()
        for key, row in old.rows.items():
            other = new.rows.get(key)
            if other is None:
                differences.append(f"row {key} is gone")
                continue
            changed = [c for c in kept if row.get(c) != other.get(c)]
            undocumented = [c for c in changed if not change.allows_change(c, other.get(c))]
            if undocumented:
                differences.append(f"row {key}: {', '.join(undocumented)} changed")
            elif changed:
                changed_rows += 1
                changed_columns.update(changed)
        new_rows = 0
        if table not in ROLLBACK_NEW_ROWS_ALLOWED:
            for key in new.rows:
                if key in old.rows:
                    continue
                if change.allows_new_row(new.rows[key]):
                    new_rows += 1
                else:
                    differences.append(f"row {key} is new")
        if changed_rows or new_rows:
            what = []
            if changed_rows:
                what.append(f"{changed_rows} rows changed ({', '.join(sorted(changed_columns))})")
            if new_rows:
                what.append(f"{new_rows} rows added")
            lost.append(f"{table}: {', '.join(what)} - documented: {change.reason}")
        if differences:
            shown = differences[:MAX_DIFFERENCES_PER_TABLE]
            more = len(differences) - len(shown)
            text = f"{table}: {'; '.join(shown)}" + (f" (and {more} more)" if more else "")
            if table in accepted_losses:
                lost.append(f"{text} - accepted: {accepted_losses[table]}")
            else:
                problems.append(text)
    return problems, lost


@dataclass
class UnapplyEffects:
    """What unapplying some migrations does to the schema, read from the migrations alone."""

    dropped: set[str] = field(default_factory=set)
    altered: set[str] = field(default_factory=set)
    irreversible: list[str] = field(default_factory=list)
    unrendered: list[str] = field(default_factory=list)


def unapply_effects(migrations: list, loader: MigrationLoader, connection) -> UnapplyEffects:
    """Return the tables that unapplying `migrations` (in plan order) drops and alters.

    A migration's tables are dropped; a table is altered when an operation's reverse SQL (as
    `sqlmigrate --backwards` renders it) is not empty. `connection` is the database the
    migrations are applied to: rendering some operations reads its constraint names.
    """
    effects = UnapplyEffects()
    for migration in migrations:
        label = f"{migration.app_label}.{migration.name}"
        state = loader.project_state((migration.app_label, migration.name), at_end=False)
        effects.dropped |= created_tables(migration, state, connection)
        steps = list(walk(migration, state))
        for operation, before, after in reversed(steps):
            if not operation.reversible:
                effects.irreversible.append(f"{label}: {operation.describe()}")
                continue
            table = operation_table(operation, migration.app_label, before, after, connection)
            if table is None or not operation.reduces_to_sql:
                continue
            try:
                sql = operation_backwards_sql(migration, operation, before, after, connection)
            except (DatabaseError, ValueError, LookupError) as error:
                effects.unrendered.append(f"{label}: {operation.describe()} ({error})")
                continue
            if sql:
                effects.altered.add(table)
    effects.altered -= effects.dropped
    return effects


@dataclass
class ScratchDatabase:
    """A scratch database and how child processes reach it."""

    settings_dict: dict
    name: str
    overrides: dict

    def manage(self, *args: str, timeout: float = 1800) -> str:
        completed = manage_py(*args, overrides=self.overrides, timeout=timeout)
        if completed.returncode != 0:
            output = "\n".join(tail(completed.stdout + completed.stderr, lines=20))
            raise RoundTripError(f"manage.py {' '.join(args)} failed:\n{output}")
        return completed.stdout

    def connection(self):
        return postgres.raw_connection(self.settings_dict, self.name)

    def plan(self, key: tuple[str, str | None]) -> list:
        """Return what `migrate app target` would do on this database (migration, backwards)."""
        connection = self.connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT app, name FROM django_migrations")
                applied = set(cursor.fetchall())
        finally:
            connection.close()
        # The executor plans from the migration graph and the applied set alone.
        executor = MigrationExecutor(None)
        nodes = executor.loader.graph.nodes
        executor.loader.applied_migrations = {k: nodes[k] for k in applied if k in nodes}
        return executor.migration_plan([key])


@contextmanager
def scratch(
    settings_dict: dict, template: str | None = None, keep: bool = False
) -> Iterator[ScratchDatabase]:
    """A scratch database (a copy of `template`, or empty) and the children's environment."""
    with (
        postgres.scratch_database(settings_dict, "rollback", template, keep) as name,
        tempfile.TemporaryDirectory(prefix="rollback-") as directory,
    ):
        passfile = None
        if settings_dict.get("PASSWORD"):
            path = Path(directory) / "pgpass"
            path.write_text(postgres.pgpass_line(settings_dict, name) + "\n")
            path.chmod(0o600)
            passfile = str(path)
        overrides = {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": postgres.database_url(settings_dict, name, passfile),
            "REDIS_URL": "",
            "CELERY_BROKER_URL": "",
            "CELERY_RESULT_BACKEND": "cache+memory://",
            "CELERY_TASK_ALWAYS_EAGER": "True",
            "LOG_FILE": "",
        }
        yield ScratchDatabase(settings_dict, name, overrides)


def fill(database: ScratchDatabase) -> None:
    """Migrate to the latest migrations and load every app's demo data."""
    database.manage("migrate", "--noinput", "--skip-checks")
    database.manage("seed_demo", "--skip-checks", "--allow-production")  # a scratch copy


def applied_snapshot(database: ScratchDatabase) -> dict[str, TableSnapshot]:
    connection = database.connection()
    try:
        return snapshot(connection)
    finally:
        connection.close()


def roll_back(
    database: ScratchDatabase, targets: list[RollbackTarget], results: list[CheckResult]
) -> int:
    """Migrate each available target back, in order; add a result each; return how many ran."""
    done = 0
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for target in targets:
        try:
            resolved = resolve_target(target, loader)
        except TargetUnavailable as error:
            results.append(CheckResult.skipped(target.label, str(error)))
            continue
        plan = database.plan(
            (target.app, None if resolved.migration == "zero" else resolved.migration)
        )
        forwards = [f"{m.app_label}.{m.name}" for m, backwards in plan if not backwards]
        if forwards:
            results.append(
                CheckResult.skipped(
                    resolved.command,
                    "an earlier target already rolled this app back further "
                    f"(it would apply {', '.join(forwards)}); order the targets dependents first",
                )
            )
            continue
        unapplied = [f"{m.app_label}.{m.name}" for m, _ in plan]
        database.manage("migrate", target.app, resolved.migration, "--noinput", "--skip-checks")
        done += 1
        results.append(
            CheckResult.passed(
                resolved.command,
                f"unapplied {len(unapplied)} migrations" if unapplied else "nothing to unapply",
                lines=[f"unapplied {name}" for name in unapplied],
                data={"unapplied": unapplied},
            )
        )
    return done


def round_trip(
    settings_dict: dict,
    targets: list[RollbackTarget] | None = None,
    template: str | None = None,
    keep: bool = False,
) -> list[CheckResult]:
    """Run the whole round trip on a scratch database; return one result per step.

    A step that fails (a migrate, the fill) ends the run with its output as the last result.
    """
    targets = list(ROLLBACK_TARGETS if targets is None else targets)
    results: list[CheckResult] = []
    with scratch(settings_dict, template, keep) as database:
        try:
            _round_trip(database, targets, template, results)
        except (RoundTripError, postgres.DriverError) as error:
            first, *rest = str(error).splitlines() or ["failed"]
            results.append(CheckResult.failed("round trip", first, lines=rest))
    return results


def _round_trip(
    database: ScratchDatabase,
    targets: list[RollbackTarget],
    template: str | None,
    results: list[CheckResult],
) -> None:
    if template is None:
        fill(database)
        results.append(CheckResult.passed("scratch database filled", database.name))
    else:
        results.append(CheckResult.passed("scratch database copied", f"from {template}"))
    before = applied_snapshot(database)
    if not roll_back(database, targets, results):
        results.append(CheckResult.skipped("round trip", "no rollback target is available"))
        return
    rolled_back = applied_snapshot(database)
    database.manage("migrate", "--noinput", "--skip-checks")
    results.append(CheckResult.passed("migrate forward again", "all migrations applied"))
    after = applied_snapshot(database)
    problems, lost = compare_snapshots(before, rolled_back, after)
    surviving = set(before) & set(rolled_back)
    compared = {"compared": {table: len(before[table].rows) for table in sorted(surviving)}}
    if problems:
        results.append(
            CheckResult.failed(
                "surviving rows unchanged",
                f"{len(problems)} tables differ",
                lines=problems,
                data=compared,
            )
        )
    else:
        rows = sum(len(before[table].rows) for table in surviving)
        results.append(
            CheckResult.passed(
                "surviving rows unchanged",
                f"{len(surviving)} tables, {rows} rows identical",
                data=compared,
            )
        )
    if lost:
        results.append(
            CheckResult.warning("information the rollback loses", f"{len(lost)} tables", lines=lost)
        )
