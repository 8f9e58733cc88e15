"""Preflight's database section: the plan, pending-migration lint, and the schema comparison."""

import json

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython

from deployment import release
from deployment.checks import database
from deployment.checks.options import PreflightOptions
from deployment.results import Status
from tests.core.subprocesses import explain
from tests.deployment.conftest import run_manage


def by_name(results, prefix):
    found = [r for r in results if r.name.startswith(prefix)]
    assert len(found) == 1, [r.name for r in results]
    return found[0]


@pytest.mark.django_db
def test_the_test_database_matches_every_model():
    problems, checked = database.schema_problems(connection)
    assert problems == []
    assert checked > 10


@pytest.mark.django_db
def test_a_missing_column_index_constraint_and_table_are_each_reported():
    with connection.cursor() as cursor:
        cursor.execute('ALTER TABLE "orders_order" DROP COLUMN "title"')
        cursor.execute('DROP INDEX "order_website_status_idx"')
        cursor.execute(
            'ALTER TABLE "orders_order" DROP CONSTRAINT "order_total_price_not_negative"'
        )
        cursor.execute('DROP TABLE "websites_website" CASCADE')
    problems, _ = database.schema_problems(connection)
    assert "orders_order.title: column is missing" in problems
    assert "orders_order: index order_website_status_idx is missing" in problems
    assert "orders_order: constraint order_total_price_not_negative is missing" in problems
    assert "websites.Website: table websites_website is missing" in problems
    # CASCADE dropped the foreign keys that pointed at websites.
    assert "orders_order.website_id: foreign key constraint is missing" in problems


@pytest.mark.django_db
def test_a_fully_migrated_database_passes_the_database_section():
    results = database.run(PreflightOptions())
    failed = [(r.name, r.detail) for r in results if r.status == Status.FAIL]
    assert failed == []
    assert by_name(results, "migration plan").detail == "nothing to apply"


def test_a_release_migration_file_that_is_missing_fails(monkeypatch):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    monkeypatch.setattr(
        database, "RELEASE_MIGRATIONS", (("orders", "0001_initial"), ("orders", "0099_future"))
    )
    results = database.release_migrations_present(loader)
    assert [r.status for r in results] == [Status.PASS, Status.FAIL]
    assert (results[1].name, results[1].detail) == ("orders/migrations/0099_future.py", "missing")


def test_every_release_migration_file_is_present():
    results = database.release_migrations_present(MigrationLoader(None, ignore_no_migrations=True))
    assert [(r.name, r.status) for r in results if r.status != Status.PASS] == []


def test_the_release_table_names_real_apps():
    from django.apps import apps

    labels = {config.label for config in apps.get_app_configs()}
    assert {app for app, _ in release.RELEASE_MIGRATIONS} <= labels
    assert {target.app for target in release.ROLLBACK_TARGETS} <= labels


def leaf_with_parent() -> tuple[str, str, str]:
    """A schema migration of this project nothing depends on, and the one before it in its app.

    A data-only migration (RunPython) leaves the schema as it was, so it cannot show the
    schema check failing.
    """
    from django.apps import apps
    from django.conf import settings

    ours = {
        config.label
        for config in apps.get_app_configs()
        if config.path.startswith(str(settings.BASE_DIR)) and "site-packages" not in config.path
    }
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for app, name in sorted(key for key in loader.graph.leaf_nodes() if key[0] in ours):
        operations = loader.graph.nodes[(app, name)].operations
        if all(isinstance(operation, RunPython) for operation in operations):
            continue
        parents = [p.key for p in loader.graph.node_map[(app, name)].parents if p.key[0] == app]
        if len(parents) == 1:
            return app, name, parents[0][1]
    raise AssertionError("no app of this project has a leaf migration with one parent")


@pytest.fixture
def one_step_back(migrated_template, scratch_copy):
    """A scratch database whose newest migration of one leaf app is unapplied."""
    app, name, parent = leaf_with_parent()
    scratch = scratch_copy(migrated_template)
    result = run_manage("migrate", app, parent, "--noinput", "--skip-checks", database=scratch)
    assert result.returncode == 0, explain(result)
    return scratch, f"{app}.{name}"


def database_section(scratch: str, *options: str) -> tuple[int, dict[str, dict]]:
    """Run `preflight --section database --json` on `scratch`; return (exit code, results)."""
    result = run_manage("preflight", "--section", "database", "--json", *options, database=scratch)
    assert result.returncode in (0, 1), explain(result)
    report = json.loads(result.stdout)
    results = report["sections"][0]["results"]
    return result.returncode, {r["name"].split(" (")[0]: r for r in results}


@pytest.mark.slow
def test_an_unapplied_migration_fails_after_migrate_but_is_linted_before(one_step_back):
    scratch, pending = one_step_back
    code, results = database_section(scratch)
    assert code == 1
    plan = results["migration plan"]
    assert plan["status"] == "fail"
    assert plan["detail"] == "1 migrations to apply: run `manage.py migrate`"
    assert plan["data"]["apply"] == [pending]
    assert plan["lines"] == [f"apply {pending}"]
    assert results["tables, columns, indexes and constraints exist"]["status"] == "fail"

    _, before = database_section(scratch, "--before-migrate")
    assert before["migration plan"]["status"] == "pass"
    assert before["migration lint"]["data"]["linted"] == [pending]
    assert before["tables, columns, indexes and constraints exist"]["status"] == "skip"
