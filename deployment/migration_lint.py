"""Lint the migrations a deploy will apply, with django-migration-linter's SQL analysers.

Each operation's SQL is rendered the way `sqlmigrate` renders it, then analysed for operations
that break the code still running during a deploy or lock a busy table. Unlike the linter's
own command, issues are attributed to one table per operation, so operations on tables that
this release creates (no running code reads them yet) are exempt; reviewed exceptions come from
an allow-list file.
"""

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError
from django.db.backends.utils import truncate_name
from django.db.migrations import Migration
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import CreateModel
from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.fields import AddField
from django.db.migrations.operations.models import ModelOperation
from django.db.migrations.state import ProjectState
from django_migration_linter import MigrationLinter
from django_migration_linter.sql_analyser import analyse_sql_statements, get_sql_analyser_class

# Django's own apps: their migrations ship with Django (the linter skips them as well).
DJANGO_OWN_APPS = ("admin", "auth", "contenttypes", "sessions")
# Style warnings about data migrations: reported, never blocking.
NON_BLOCKING_CODES = frozenset(
    {"RUNPYTHON_ARGS_NAMING_CONVENTION", "RUNPYTHON_MODEL_VARIABLE_NAME"}
)


class AllowlistError(ValueError):
    """The allow-list file cannot be read or an entry is incomplete."""


@dataclass(frozen=True)
class AllowEntry:
    migration: str
    codes: frozenset[str]
    reason: str
    contract: str = ""  # which release completes the contract step ("none": additive)
    table: str | None = None

    def covers(self, issue: "LintIssue") -> bool:
        return (
            issue.migration == self.migration
            and issue.code in self.codes
            and (self.table is None or self.table == issue.table)
        )


@dataclass
class LintIssue:
    migration: str
    code: str
    message: str
    operation: str
    table: str | None = None
    allowed_because: str | None = None

    @property
    def blocking(self) -> bool:
        return self.allowed_because is None and self.code not in NON_BLOCKING_CODES

    def describe(self) -> str:
        where = f" on {self.table}" if self.table else ""
        text = f"{self.migration}: {self.code} {self.message}{where} ({self.operation})"
        if self.allowed_because:
            text += f" - allowed: {self.allowed_because}"
        return text


@dataclass
class LintResult:
    linted: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    exempt: list[str] = field(default_factory=list)
    issues: list[LintIssue] = field(default_factory=list)

    @property
    def blocking(self) -> list[LintIssue]:
        return [issue for issue in self.issues if issue.blocking]


def load_allowlist(path: Path) -> list[AllowEntry]:
    """Read the allow-list; a missing file means no exceptions."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        document = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise AllowlistError(f"{path.name}: {error}") from None
    entries = []
    for number, raw in enumerate(document.get("allow", []), start=1):
        missing = [key for key in ("migration", "codes", "reason", "contract") if not raw.get(key)]
        if missing:
            raise AllowlistError(f"{path.name}: entry {number} lacks {', '.join(missing)}")
        if "." not in raw["migration"] or not isinstance(raw["codes"], list):
            raise AllowlistError(
                f"{path.name}: entry {number}: migration is 'app.name' and codes is a list"
            )
        entries.append(
            AllowEntry(
                migration=raw["migration"],
                codes=frozenset(raw["codes"]),
                reason=raw["reason"],
                contract=raw["contract"],
                table=raw.get("table"),
            )
        )
    return entries


def model_table(app_label: str, model_state, connection) -> str:
    """Return the table of a model in a migration state, as `Options` would name it."""
    return model_state.options.get("db_table") or truncate_name(
        f"{app_label}_{model_state.name_lower}", connection.ops.max_name_length()
    )


def _m2m_table(model_table_name: str, field_name: str, field, connection) -> str | None:
    if not field.many_to_many or field.remote_field.through is not None:
        return None
    return field.db_table or truncate_name(
        f"{model_table_name}_{field_name}", connection.ops.max_name_length()
    )


def operation_table(
    operation: Operation, app_label: str, before: ProjectState, after: ProjectState, connection
) -> str | None:
    """Return the table an operation changes, or None (data migrations, raw SQL)."""
    model = getattr(operation, "model_name_lower", None)
    if model is None and isinstance(operation, ModelOperation):
        model = operation.name_lower
    if model is None:
        return None
    model_state = before.models.get((app_label, model)) or after.models.get((app_label, model))
    if model_state is None:
        return None
    return model_table(app_label, model_state, connection)


def walk(
    migration: Migration, state: ProjectState
) -> Iterator[tuple[Operation, ProjectState, ProjectState]]:
    """Yield each operation with the project state before and after it."""
    for operation in migration.operations:
        after = state.clone()
        operation.state_forwards(migration.app_label, after)
        yield operation, state, after
        state = after


def created_tables(migration: Migration, state: ProjectState, connection) -> set[str]:
    """Return the tables (and many-to-many tables) this migration creates."""
    tables = set()
    app_label = migration.app_label
    for operation, before, after in walk(migration, state):
        if isinstance(operation, CreateModel):
            table = model_table(
                app_label, after.models[(app_label, operation.name_lower)], connection
            )
            tables.add(table)
            for field_name, model_field in operation.fields:
                through = _m2m_table(table, field_name, model_field, connection)
                if through:
                    tables.add(through)
        elif isinstance(operation, AddField):
            table = operation_table(operation, app_label, before, after, connection)
            through = table and _m2m_table(table, operation.name, operation.field, connection)
            if through:
                tables.add(through)
    return tables


def operation_sql(
    migration: Migration, operation: Operation, before: ProjectState, after, connection
) -> list[str]:
    """Render one operation's SQL without running it, as `sqlmigrate` does."""
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        operation.database_forwards(migration.app_label, editor, before, after)
    statements = [sql for sql in editor.collected_sql if sql.strip()]
    if migration.atomic and connection.features.can_rollback_ddl:
        # The analyser looks for long index builds inside the migration's transaction.
        statements = ["BEGIN;", *statements, "COMMIT;"]
    return statements


def operation_backwards_sql(
    migration: Migration, operation: Operation, before: ProjectState, after, connection
) -> list[str]:
    """Render the SQL that unapplying one operation runs, without running it."""
    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        operation.database_backwards(migration.app_label, editor, after, before)
    return [sql for sql in editor.collected_sql if sql.strip()]


class MigrationLint:
    """Lint migrations against one database connection (its SQL dialect and schema)."""

    def __init__(self, connection, allowlist: list[AllowEntry]):
        self.connection = connection
        self.allowlist = allowlist
        self.analyser = get_sql_analyser_class(connection.settings_dict["ENGINE"])
        # Only its data-migration analysis is used (RunPython/RunSQL reversibility, imports).
        self.data_linter = MigrationLinter(database=connection.alias, no_cache=True, no_output=True)

    def _allow(self, issue: LintIssue) -> LintIssue:
        for entry in self.allowlist:
            if entry.covers(issue):
                issue.allowed_because = entry.reason
                break
        return issue

    def lint_migration(
        self, migration: Migration, state: ProjectState, release_tables: set[str]
    ) -> tuple[list[LintIssue], list[str]]:
        """Return (issues, exempt operation descriptions) for one migration."""
        label = f"{migration.app_label}.{migration.name}"
        issues: list[LintIssue] = []
        exempt: list[str] = []
        for operation, before, after in walk(migration, state):
            table = operation_table(operation, migration.app_label, before, after, self.connection)
            description = operation.describe()
            if table is not None and table in release_tables:
                exempt.append(f"{label}: {description} (table {table} is new in this release)")
                continue
            if not operation.reduces_to_sql:
                continue  # RunPython: analysed below with the data-migration rules
            try:
                statements = operation_sql(migration, operation, before, after, self.connection)
            except (DatabaseError, ValueError, LookupError) as error:
                issues.append(
                    LintIssue(
                        label,
                        "SQL_UNAVAILABLE",
                        f"its SQL could not be rendered ({type(error).__name__}: {error})",
                        description,
                        table,
                    )
                )
                continue
            errors, _ignored, warnings = analyse_sql_statements(self.analyser, statements, [])
            for found in [*errors, *warnings]:
                issues.append(
                    LintIssue(label, found.code, found.message, description, table or found.table)
                )
        errors, _ignored, warnings = self.data_linter.analyse_data_migration(migration)
        for found in [*errors, *warnings]:
            issues.append(LintIssue(label, found.code, found.message, "data migration"))
        return [self._allow(issue) for issue in issues], exempt

    def lint_plan(self, migrations: list[Migration], loader: MigrationLoader) -> LintResult:
        """Lint the migrations a `migrate` would apply, in plan order."""
        result = LintResult()
        states = {
            (m.app_label, m.name): loader.project_state((m.app_label, m.name), at_end=False)
            for m in migrations
        }
        release_tables: set[str] = set()
        for migration in migrations:
            state = states[(migration.app_label, migration.name)]
            release_tables |= created_tables(migration, state, self.connection)
        for migration in migrations:
            label = f"{migration.app_label}.{migration.name}"
            if migration.app_label in DJANGO_OWN_APPS:
                result.skipped.append(f"{label} (ships with Django)")
                continue
            issues, exempt = self.lint_migration(
                migration, states[(migration.app_label, migration.name)], release_tables
            )
            result.linted.append(label)
            result.issues += issues
            result.exempt += exempt
        return result
