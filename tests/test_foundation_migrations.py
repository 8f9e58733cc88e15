"""Migrations: every model change has one, and each depends only on what it really needs.

A migration that depends on a later migration of another app than it needs makes rolling that
app back unapply it too (`migrate order_payments_management 0004` used to drop every loyalty
table). So each cross-app dependency must be the earliest migration that provides what the
migration references: the models its relations point to (and their `to_field`), and for data
migrations that read another app's models, a reviewed entry in `DATA_NEEDS`.
"""

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import migrations
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations.fields import FieldOperation
from django.db.migrations.operations.models import CreateModel

from tests.core.subprocesses import REPO, explain, manage, project_env

# Data migrations that read another app's rows: the migration that provides what they read
# (the models and every field they use), reviewed by hand. {(app, migration): {(app, name)}}
DATA_NEEDS: dict[tuple[str, str], set[tuple[str, str]]] = {
    # The tip statistics' state-only handover: their tables are created by writer_management
    # 0003 and 0004, so tip_stats 0001 needs them to exist although it names no model of them.
    ("tip_stats", "0001_initial"): {("writer_management", "0004_tip_stats_totals")},
    # The amount statistics are filled from the tips' amount, level name, status and time.
    ("tip_stats", "0004_tip_amount_stats"): {("writer_management", "0002_add_tip_model")},
}

_GET_MODEL = re.compile(
    r"get_model\(\s*[\"'](\w+)[\"']\s*,\s*[\"'](\w+)[\"']|get_model\(\s*[\"'](\w+)\.(\w+)[\"']"
)


@pytest.mark.slow
def test_every_model_change_has_a_migration(tmp_path):
    env = project_env(DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}")
    result = manage("makemigrations", "--check", "--dry-run", env=env)
    assert result.returncode == 0, explain(result)
    assert "No changes detected" in result.stdout


def loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


def project_apps(graph_loader: MigrationLoader) -> set[str]:
    """The labels of the repository's own apps that have migrations."""
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(REPO)
        and ".venv" not in Path(config.path).relative_to(REPO).parts
        and config.label in graph_loader.migrated_apps
    }


def _label(model) -> tuple[str, str] | None:
    if not isinstance(model, str):
        return None
    if model == "__setting__":  # a swappable model (the user model)
        model = settings.AUTH_USER_MODEL
    app, _, name = model.partition(".")
    return app, name.lower()


def relations(migration) -> set[tuple[str, str, str | None]]:
    """The (app, model, to_field) every relation field of the migration points to."""
    found = set()
    for operation in migration.operations:
        if isinstance(operation, CreateModel):
            fields = [field for _, field in operation.fields]
        elif isinstance(operation, FieldOperation) and getattr(operation, "field", None):
            fields = [operation.field]
        else:
            continue
        for field in fields:
            remote = field.remote_field
            if remote is None:
                continue
            target = _label(remote.model)
            if target:
                found.add((*target, getattr(remote, "field_name", None)))
            through = _label(getattr(remote, "through", None))
            if through:
                found.add((*through, None))
    return found


def data_reads(migration) -> set[str]:
    """The apps whose models (or tables) the migration's data steps read."""
    found = set()
    for operation in migration.operations:
        if isinstance(operation, migrations.RunPython):
            for code in (operation.code, operation.reverse_code):
                if code is None or code is migrations.RunPython.noop:
                    continue
                for match in _GET_MODEL.finditer(inspect.getsource(code)):
                    found.add(match.group(1) or match.group(3))
        elif isinstance(operation, migrations.RunSQL):
            text = f"{operation.sql} {operation.reverse_sql}"
            found |= {app for app in project_apps(loader()) if f"{app}_" in text}
    return found


def chain(graph_loader: MigrationLoader, app: str) -> list[str]:
    """An app's migrations in order (each app's history is a line)."""
    (leaf,) = graph_loader.graph.leaf_nodes(app)
    return [name for label, name in graph_loader.graph.forwards_plan(leaf) if label == app]


def earliest_provider(graph_loader, app: str, model: str, to_field: str | None) -> str:
    """The first migration of `app` after which `model` (with `to_field`) exists."""
    for name in chain(graph_loader, app):
        state = graph_loader.project_state((app, name))
        model_state = state.models.get((app, model))
        if model_state and (to_field is None or to_field in model_state.fields):
            return name
    raise AssertionError(f"no migration of {app} provides {model}")


def dependency_problems(graph_loader: MigrationLoader) -> list[str]:
    own = project_apps(graph_loader)
    graph = graph_loader.graph
    problems = []
    for app, name in sorted(graph_loader.disk_migrations):
        if app not in own:
            continue
        migration = graph_loader.disk_migrations[(app, name)]
        needs: dict[str, set[str]] = {}
        for target_app, model, to_field in relations(migration):
            if target_app != app and target_app in own:
                provider = earliest_provider(graph_loader, target_app, model, to_field)
                needs.setdefault(target_app, set()).add(provider)
        reviewed = DATA_NEEDS.get((app, name), set())
        for read in data_reads(migration) - {app}:
            if not any(need_app == read for need_app, _ in reviewed):
                problems.append(
                    f"{app}.{name} reads {read} in a data step: record the migration it needs "
                    "in DATA_NEEDS"
                )
        for need_app, need in reviewed:
            needs.setdefault(need_app, set()).add(need)
        for parent in graph.node_map[(app, name)].parents:
            dep_app, dep = parent.key
            if dep_app == app or dep_app not in own:
                continue
            order = chain(graph_loader, dep_app)
            needed = max(needs.get(dep_app, set()), key=order.index, default=None)
            if needed is None and dep != order[0]:
                problems.append(f"{app}.{name} depends on {dep_app}.{dep} but needs nothing of it")
            elif needed is not None and dep != needed:
                problems.append(
                    f"{app}.{name} depends on {dep_app}.{dep} but needs only {dep_app}.{needed}"
                )
    return problems


def test_each_migration_depends_on_the_earliest_migration_it_really_needs():
    assert dependency_problems(loader()) == []


def test_a_dependency_later_than_the_referenced_model_is_reported(monkeypatch):
    module = importlib.import_module("loyalty_management.migrations.0001_initial")
    later = chain(loader(), "order_payments_management")[-1]
    dependencies = [
        ("order_payments_management", later) if app == "order_payments_management" else (app, name)
        for app, name in module.Migration.dependencies
    ]
    monkeypatch.setattr(module.Migration, "dependencies", dependencies)
    assert dependency_problems(loader()) == [
        f"loyalty_management.0001_initial depends on order_payments_management.{later} "
        "but needs only order_payments_management.0001_initial"
    ]


def test_the_analysis_sees_relations_to_swappable_and_other_apps_models():
    first = loader().disk_migrations[("loyalty_management", "0001_initial")]
    targets = {(app, model) for app, model, _ in relations(first)}
    assert {("accounts", "user"), ("websites", "website")} <= targets
    assert ("order_payments_management", "orderpayment") in targets
