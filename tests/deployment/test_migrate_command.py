"""`manage.py migrate --dry-run`, as the checklist writes it; every other option is Django's.

The partly migrated database is the one a deploy starts from: fully migrated, then rolled back
with the runbook's rollback commands, so the release's migrations are pending.
"""

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.commands import migrate as django_migrate
from django.db import connection, migrations
from django.db.migrations.state import ProjectState

from deployment import postgres
from deployment.rollback import unapply_effects
from tests.core.subprocesses import explain, python
from tests.deployment.conftest import (
    child_env,
    command,
    new_name,
    run_manage,
    server_settings,
    sql,
)
from tests.deployment.runbook import DOCUMENTED, EXPECTED_TABLE_CHANGES, migrate, schema_of


def test_manage_py_migrate_is_the_deployment_command_extending_djangos():
    assert get_commands()["migrate"] == "deployment"
    ours = load_command_class("deployment", "migrate")
    assert isinstance(ours, django_migrate.Command)


@pytest.mark.parametrize("option", ["--fake", "--fake-initial", "--prune", "--run-syncdb"])
def test_a_dry_run_refuses_options_that_write(option):
    code, _, error = command("migrate", "--dry-run", option)
    assert code == 2
    assert error == f"--dry-run applies nothing: it cannot be combined with {option}"


class EmptyStateLoader:
    def project_state(self, nodes, at_end=True):
        return ProjectState()


def test_unapplying_an_operation_without_a_reverse_is_flagged():
    migration = migrations.Migration("0099_irreversible", "orders")
    migration.operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
        migrations.RunPython(migrations.RunPython.noop),
    ]
    effects = unapply_effects([migration], EmptyStateLoader(), connection)
    assert effects.irreversible == ["orders.0099_irreversible: Raw Python operation"]
    assert (effects.dropped, effects.altered) == (set(), set())


@pytest.fixture(scope="module")
def previous_release(migrated_template):
    """A database at the previous release: migrated, then rolled back as the runbook says."""
    name = new_name("prev")
    postgres.database_create(server_settings(), name, template=migrated_template)
    try:
        for row in DOCUMENTED:
            migrate(name, row.app, row.target)
        yield name
    finally:
        postgres.database_drop(server_settings(), name)


def applied(database: str) -> list[tuple[str, str]]:
    return sql(database, "SELECT app, name FROM django_migrations ORDER BY id")


def pending(database: str) -> list[str]:
    done = set(applied(database))
    return [
        f"{app}.{name}"
        for row in DOCUMENTED
        for app, _, name in (label.partition(".") for label in row.unapplies)
        if (app, name) not in done
    ]


@pytest.mark.slow
def test_a_dry_run_prints_the_plan_and_the_lint_and_applies_nothing(previous_release):
    waiting = pending(previous_release)
    assert waiting
    history, schema = applied(previous_release), schema_of(previous_release)

    result = run_manage("migrate", "--dry-run", database=previous_release)

    assert result.returncode == 0, explain(result)
    out = result.stdout
    assert out.startswith("Planned operations:\n")
    assert all(f"\n{label}\n" in out for label in waiting)
    assert f"Migration lint ({len(waiting)} migrations; reviewed exceptions in " in out
    assert "allowed (reviewed)" in out
    assert "✓ nothing unsafe (" in out
    assert out.endswith("Dry run: nothing applied.\n")
    assert (applied(previous_release), schema_of(previous_release)) == (history, schema)


@pytest.mark.slow
def test_a_dry_run_exits_1_when_a_pending_operation_is_not_allow_listed(previous_release, tmp_path):
    empty = tmp_path / "allowlist.toml"
    empty.write_text("")
    history = applied(previous_release)
    code = (
        "from django.conf import settings\n"
        "from django.core.management import execute_from_command_line\n"
        f"settings.DEPLOYMENT_MIGRATION_LINT_ALLOWLIST = {str(empty)!r}\n"
        "execute_from_command_line(['manage.py', 'migrate', '--dry-run'])\n"
    )

    result = python(code, env=child_env(previous_release))

    assert result.returncode == 1, explain(result)
    assert "✗ fines.0005_alter_finetypeconfig_fields: DROP_COLUMN " in result.stdout
    assert "reviewed exceptions in allowlist.toml" in result.stdout
    assert "unsafe operations: review each, then change the migration or add" in result.stdout
    assert result.stderr.startswith("CommandError: dry run: nothing applied; ")
    assert "unsafe operations (see above)" in result.stderr
    assert applied(previous_release) == history


@pytest.mark.slow
def test_a_dry_run_of_each_documented_rollback_names_the_tables_it_would_change(
    migrated_template, scratch_copy
):
    database = scratch_copy(migrated_template)
    history = applied(database)
    for row in DOCUMENTED:
        result = run_manage("migrate", row.app, row.target, "--dry-run", database=database)
        assert result.returncode == 0, explain(result)
        expected = EXPECTED_TABLE_CHANGES[row.key]
        assert f"  drops tables: {', '.join(sorted(expected.dropped)) or '(none)'}\n" in (
            result.stdout
        )
        assert f"  alters tables: {', '.join(sorted(expected.altered)) or '(none)'}\n" in (
            result.stdout
        )
        assert all(f"\n{label}\n" in result.stdout for label in row.unapplies)
    assert applied(database) == history


@pytest.mark.slow
def test_a_dry_run_with_check_still_exits_1_when_migrations_are_pending(previous_release):
    result = run_manage("migrate", "--dry-run", "--check", database=previous_release)
    assert result.returncode == 1, explain(result)
    assert result.stdout.endswith("Dry run: nothing applied.\n")


def djangos_migrate(database: str, *args: str):
    """Run Django's own `migrate` command (not the project's) on `database`."""
    code = (
        "from django.core.management.commands.migrate import Command\n"
        f"Command().run_from_argv(['manage.py', 'migrate', *{list(args)!r}])\n"
    )
    return python(code, env=child_env(database))


def outcome(result) -> tuple[int, str, str]:
    return result.returncode, result.stdout, result.stderr


READ_ONLY = [
    ["--plan"],
    ["--check"],
    ["--plan", "--check"],
    ["fines", "zero", "--plan"],
    ["no_such_app"],
    ["fines", "9999"],
]


@pytest.mark.slow
@pytest.mark.parametrize("args", READ_ONLY, ids=" ".join)
def test_without_dry_run_migrate_answers_as_djangos_own(previous_release, args):
    ours = run_manage("migrate", *args, database=previous_release)
    assert outcome(ours) == outcome(djangos_migrate(previous_release, *args))


WRITING = [
    ["--noinput"],
    ["fines"],
    ["fines", "0005", "--fake"],
    ["class_management", "0003"],
    ["fines", "--prune"],
]


@pytest.mark.slow
@pytest.mark.parametrize("args", WRITING, ids=" ".join)
def test_without_dry_run_migrate_changes_the_database_as_djangos_own(
    previous_release, scratch_copy, args
):
    mine, theirs = scratch_copy(previous_release), scratch_copy(previous_release)
    ours = run_manage("migrate", *args, database=mine)
    django = djangos_migrate(theirs, *args)
    assert outcome(ours) == outcome(django)
    assert ours.returncode == 0, explain(ours)
    assert applied(mine) == applied(theirs)
    assert schema_of(mine) == schema_of(theirs)
