"""Database: reachable, migrations complete and linted, and the schema matches the models."""

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, connections, router
from django.db.migrations.autodetector import MigrationAutodetector
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.questioner import NonInteractiveMigrationQuestioner
from django.db.migrations.state import ProjectState

from core.replica_health import replicas_report
from deployment.checks.options import PreflightOptions
from deployment.migration_lint import AllowlistError, MigrationLint, load_allowlist
from deployment.release import RELEASE_MIGRATIONS
from deployment.results import CheckResult

TITLE = "Database"


def reachable(connection) -> CheckResult:
    name = "database reachable"
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return CheckResult.failed(name, f"{type(error).__name__}: {error}".strip())
    where = connection.settings_dict.get("HOST") or "local"
    version = ".".join(str(part) for part in connection.get_database_version())
    return CheckResult.passed(
        name, f"{connection.vendor} {version}, {connection.settings_dict['NAME']} at {where}"
    )


def release_migrations_present(loader) -> list[CheckResult]:
    """The migration files the checklist names exist."""
    results = []
    for app, migration in RELEASE_MIGRATIONS:
        name = f"{app}/migrations/{migration}.py"
        if (app, migration) in loader.disk_migrations:
            results.append(CheckResult.passed(name, "present"))
        else:
            results.append(CheckResult.failed(name, "missing"))
    return results


def no_missing_migrations(loader) -> CheckResult:
    """Every model change has a migration (what `makemigrations --check` verifies)."""
    name = "models match their migrations"
    autodetector = MigrationAutodetector(
        loader.project_state(),
        ProjectState.from_apps(apps),
        NonInteractiveMigrationQuestioner(specified_apps=None, dry_run=True),
    )
    changes = autodetector.changes(graph=loader.graph)
    if changes:
        lines = [
            f"{app}: {operation.describe()}"
            for app, migrations in changes.items()
            for migration in migrations
            for operation in migration.operations
        ]
        return CheckResult.failed(
            name, f"changes in {', '.join(sorted(changes))} have no migration", lines=lines
        )
    return CheckResult.passed(name)


def migration_plan(executor, options: PreflightOptions) -> tuple[CheckResult, list]:
    """Print what `migrate` would apply; pending migrations fail unless `--before-migrate`."""
    name = "migration plan (migrate --plan)"
    conflicts = executor.loader.detect_conflicts()
    if conflicts:
        lines = [f"{app}: {', '.join(names)}" for app, names in conflicts.items()]
        return CheckResult.failed(name, "conflicting migrations: merge them", lines=lines), []
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    backwards = [m for m, is_backwards in plan if is_backwards]
    forwards = [m for m, is_backwards in plan if not is_backwards]
    lines = [f"apply {m.app_label}.{m.name}" for m in forwards]
    lines += [f"UNAPPLY {m.app_label}.{m.name}" for m in backwards]
    data = {"apply": [f"{m.app_label}.{m.name}" for m in forwards]}
    if backwards:
        return CheckResult.failed(name, "the plan unapplies migrations", lines=lines), forwards
    if not forwards:
        return CheckResult.passed(name, "nothing to apply", data=data), forwards
    detail = f"{len(forwards)} migrations to apply"
    if options.before_migrate:
        return CheckResult.passed(name, detail, lines=lines, data=data), forwards
    return (
        CheckResult.failed(name, f"{detail}: run `manage.py migrate`", lines=lines, data=data),
        forwards,
    )


def lint(connection, loader, pending: list) -> CheckResult:
    name = "migration lint (pending migrations)"
    if not pending:
        return CheckResult.passed(name, "no pending migrations")
    try:
        allowlist = load_allowlist(settings.DEPLOYMENT_MIGRATION_LINT_ALLOWLIST)
    except AllowlistError as error:
        return CheckResult.failed(name, f"allow-list: {error}")
    result = MigrationLint(connection, allowlist).lint_plan(pending, loader)
    lines = [issue.describe() for issue in result.issues]
    lines += [f"exempt: {text}" for text in result.exempt]
    lines += [f"not linted: {text}" for text in result.skipped]
    data = {
        "linted": result.linted,
        "issues": [
            {
                "migration": issue.migration,
                "code": issue.code,
                "table": issue.table,
                "operation": issue.operation,
                "blocking": issue.blocking,
                "allowed_because": issue.allowed_because,
            }
            for issue in result.issues
        ],
    }
    blocking = result.blocking
    if blocking:
        return CheckResult.failed(
            name,
            f"{len(blocking)} unsafe operations in {len(result.linted)} migrations "
            f"(review, then allow-list in {settings.DEPLOYMENT_MIGRATION_LINT_ALLOWLIST.name})",
            lines=lines,
            data=data,
        )
    return CheckResult.passed(
        name, f"{len(result.linted)} migrations linted, nothing unsafe", lines=lines, data=data
    )


def _has_index(constraints: dict, columns: list[str], *, unique: bool = False) -> bool:
    """Whether an index (a unique one, if asked) leads with `columns`."""
    for info in constraints.values():
        if unique and not (info["unique"] or info["primary_key"]):
            continue
        if not (info["index"] or info["unique"] or info["primary_key"]):
            continue
        if list(info["columns"] or [])[: len(columns)] == columns:
            return True
    return False


def _has_foreign_key(constraints: dict, column: str) -> bool:
    return any(info["foreign_key"] and info["columns"] == [column] for info in constraints.values())


def field_problems(table: str, field, columns: set[str], constraints: dict) -> list[str]:
    """What the database lacks for one model field: its column, index, uniqueness, FK."""
    column = field.column
    if column not in columns:
        return [f"{table}.{column}: column is missing"]
    problems = []
    if field.primary_key and not _has_index(constraints, [column], unique=True):
        problems.append(f"{table}.{column}: primary key is missing")
    elif not field.primary_key and field.unique:
        if not _has_index(constraints, [column], unique=True):
            problems.append(f"{table}.{column}: unique constraint is missing")
    elif not field.primary_key and field.db_index and not _has_index(constraints, [column]):
        problems.append(f"{table}.{column}: index is missing")
    wants_fk = field.remote_field is not None and getattr(field, "db_constraint", False)
    if wants_fk and not _has_foreign_key(constraints, column):
        problems.append(f"{table}.{column}: foreign key constraint is missing")
    return problems


def model_problems(meta, cursor, introspection) -> list[str]:
    """What the database lacks for one model whose table exists."""
    table = meta.db_table
    columns = {c.name for c in introspection.get_table_description(cursor, table)}
    constraints = introspection.get_constraints(cursor, table)
    problems = []
    for field in meta.local_concrete_fields:
        problems += field_problems(table, field, columns, constraints)
    problems += [
        f"{table}: index {index.name} is missing"
        for index in meta.indexes
        if index.name not in constraints
    ]
    problems += [
        f"{table}: constraint {constraint.name} is missing"
        for constraint in meta.constraints
        if constraint.name not in constraints
    ]
    for fields in meta.unique_together:
        unique_columns = sorted(meta.get_field(name).column for name in fields)
        if not any(
            info["unique"] and sorted(info["columns"] or []) == unique_columns
            for info in constraints.values()
        ):
            problems.append(f"{table}: unique ({', '.join(unique_columns)}) is missing")
    return problems


def schema_problems(connection) -> tuple[list[str], int]:
    """Compare every model with the database; return (problems, number of tables checked)."""
    problems: list[str] = []
    checked = 0
    introspection = connection.introspection
    with connection.cursor() as cursor:
        tables = set(introspection.table_names(cursor))
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if not meta.managed or meta.proxy or meta.swapped:
                continue
            if not router.allow_migrate_model(connection.alias, model):
                continue
            if meta.db_table not in tables:
                problems.append(f"{meta.label}: table {meta.db_table} is missing")
                continue
            checked += 1
            problems += model_problems(meta, cursor, introspection)
    return problems, checked


def schema_matches(connection, options: PreflightOptions, pending: list) -> CheckResult:
    name = "tables, columns, indexes and constraints exist"
    if pending and options.before_migrate:
        return CheckResult.skipped(name, "run after `migrate` (pending migrations change it)")
    problems, checked = schema_problems(connection)
    if problems:
        return CheckResult.failed(
            name, f"{len(problems)} differences in {checked} tables", lines=problems
        )
    return CheckResult.passed(name, f"{checked} tables match their models")


def replicas() -> list[CheckResult]:
    """Each configured read replica answers as a standby; its replay lag is reported.

    A replica that does not answer (or accepts writes) fails: it is configured, so it was meant
    to serve. One lagging past `REPLICA_MAX_LAG_SECONDS` is a warning: the primary serves its
    reads until it catches up.
    """
    results = []
    for alias, replica in replicas_report().items():
        name = f"read replica {alias}"
        where = settings.DATABASES[alias].get("HOST") or "local"
        if replica["status"] == "ok":
            detail = f"standby at {where}, replay lag {replica['lag_seconds']} s"
            results.append(CheckResult.passed(name, detail, data=replica))
        elif replica["status"] == "lagging":
            results.append(CheckResult.warning(name, replica["error"], data=replica))
        else:
            results.append(CheckResult.failed(name, replica["error"], data=replica))
    return results


def run(options: PreflightOptions) -> list[CheckResult]:
    connection = connections[options.database]
    first = reachable(connection)
    if first.status.value == "fail":
        return [first]
    executor = MigrationExecutor(connection)
    loader = executor.loader
    plan_result, pending = migration_plan(executor, options)
    return [
        first,
        *release_migrations_present(loader),
        no_missing_migrations(loader),
        plan_result,
        lint(connection, loader, pending),
        schema_matches(connection, options, pending),
        *replicas(),
    ]
