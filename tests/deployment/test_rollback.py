"""The release's rollback round trip: targets from one table, and surviving rows unchanged."""

import json

import pytest
from django.db.migrations.loader import MigrationLoader

from deployment import postgres
from deployment.release import ROLLBACK_TARGETS, RollbackTarget, TargetUnavailable, resolve_target
from deployment.rollback import TableSnapshot, compare_snapshots
from tests.core.subprocesses import explain
from tests.deployment.conftest import (
    command,
    databases_named,
    new_name,
    run_manage,
    server_settings,
)


def loader() -> MigrationLoader:
    return MigrationLoader(None, ignore_no_migrations=True)


@pytest.mark.parametrize("target", ROLLBACK_TARGETS, ids=lambda t: t.app)
def test_each_release_target_resolves_to_a_migration_before_the_release(target):
    resolved = resolve_target(target, loader())
    graph = loader().graph
    latest = graph.leaf_nodes(target.app)
    assert resolved.migration not in [name for _, name in latest]
    if target.to:
        assert resolved.migration.startswith(target.to)
    else:
        named = loader().get_migration_by_prefix(target.app, target.before)
        parents = {p.key[1] for p in graph.node_map[(target.app, named.name)].parents}
        assert resolved.migration in parents | {"zero"}
    assert resolved.command == f"python manage.py migrate {target.app} {resolved.migration}"


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        (RollbackTarget("deployment", to="0001"), "deployment has no migrations yet"),
        (RollbackTarget("orders", to="0042"), "orders has no migration 0042 yet"),
        (RollbackTarget("orders", before="0042"), "orders has no migration 0042 yet"),
    ],
)
def test_a_target_without_its_migration_is_unavailable_with_the_reason(target, reason):
    with pytest.raises(TargetUnavailable, match=reason):
        resolve_target(target, loader())


def test_a_target_at_the_apps_latest_migration_has_nothing_to_roll_back():
    app, name = sorted(loader().graph.leaf_nodes("websites"))[0]
    with pytest.raises(TargetUnavailable, match="nothing to roll back"):
        resolve_target(RollbackTarget(app, to=name[:4]), loader())


def test_the_migration_before_an_apps_first_one_is_zero():
    first = loader().get_migration_by_prefix("orders", "0001")
    resolved = resolve_target(RollbackTarget("orders", before="0001"), loader())
    assert first.name.startswith("0001")
    assert resolved.migration == "zero"


def table(columns, *rows, key="id"):
    return TableSnapshot(list(columns), {(row[key],): dict(row) for row in rows})


BEFORE = {
    "shop_item": table(
        ["id", "name", "price", "badge"], {"id": 1, "name": "a", "price": "1.00", "badge": "x"}
    ),
    "shop_new": table(["id"], {"id": 1}),
}


def test_a_lossless_round_trip_reports_only_what_the_rollback_drops():
    rolled_back = {
        "shop_item": table(["id", "name", "price"], {"id": 1, "name": "a", "price": "1.00"})
    }
    after = {
        "shop_item": table(
            ["id", "name", "price", "badge"], {"id": 1, "name": "a", "price": "1.00", "badge": None}
        ),
        "shop_new": table(["id"]),
    }
    problems, lost = compare_snapshots(BEFORE, rolled_back, after, accepted_losses={})
    assert problems == []
    assert lost == [
        "shop_new: dropped by the rollback (1 rows)",
        "shop_item: columns badge dropped (1 rows)",
    ]


def test_a_changed_value_a_lost_row_and_a_new_row_are_problems():
    rolled_back = {
        "shop_item": table(["id", "name", "price"], {"id": 1, "name": "a", "price": "1.00"})
    }
    after = {
        "shop_item": table(
            ["id", "name", "price", "badge"],
            {"id": 2, "name": "b", "price": "2.00", "badge": None},
        ),
    }
    problems, _ = compare_snapshots(BEFORE, rolled_back, after, accepted_losses={})
    assert problems == ["shop_item: row (1,) is gone; row (2,) is new"]

    after = {
        "shop_item": table(
            ["id", "name", "price", "badge"], {"id": 1, "name": "a", "price": "9.99", "badge": "x"}
        )
    }
    problems, _ = compare_snapshots(BEFORE, rolled_back, after, accepted_losses={})
    assert problems == ["shop_item: row (1,): price changed"]


def test_rows_deleted_by_the_rollback_are_a_problem_unless_the_loss_is_accepted():
    rolled_back = {"shop_item": table(["id", "name", "price"])}
    after = {"shop_item": table(["id", "name", "price", "badge"])}
    problems, _ = compare_snapshots(BEFORE, rolled_back, after, accepted_losses={})
    assert problems == ["shop_item: 1 rows before, 0 rolled back; row (1,) is gone"]
    problems, lost = compare_snapshots(
        BEFORE, rolled_back, after, accepted_losses={"shop_item": "documented in SHOP.md"}
    )
    assert problems == []
    assert lost[-1].endswith("- accepted: documented in SHOP.md")


def test_a_surviving_table_missing_after_migrating_forward_is_a_problem():
    rolled_back = {"shop_item": BEFORE["shop_item"]}
    problems, _ = compare_snapshots(BEFORE, rolled_back, {}, accepted_losses={})
    assert problems == ["shop_item: missing after migrating forward again"]


def test_new_bookkeeping_rows_are_allowed():
    before = {"django_content_type": table(["id", "model"], {"id": 1, "model": "a"})}
    after = {
        "django_content_type": table(
            ["id", "model"], {"id": 1, "model": "a"}, {"id": 2, "model": "b"}
        )
    }
    problems, _ = compare_snapshots(before, before, after, accepted_losses={})
    assert problems == []


@pytest.fixture(scope="session")
def seeded_template(migrated_template):
    """A scratch database at the latest migrations with every app's demo data."""
    name = new_name("seeded")
    postgres.database_create(server_settings(), name, template=migrated_template)
    try:
        result = run_manage("seed_demo", "--skip-checks", database=name, timeout=900)
        assert result.returncode == 0, explain(result)
        yield name
    finally:
        postgres.database_drop(server_settings(), name)


@pytest.mark.slow
def test_the_release_rolls_back_and_forward_keeping_the_surviving_rows(seeded_template):
    code, out, error = command("rollback_check", "--template", seeded_template, "--json")
    report = json.loads(out)
    results = report["sections"][0]["results"]
    by_name = {r["name"]: r for r in results}
    failed = [(r["name"], r["detail"], r["lines"]) for r in results if r["status"] == "fail"]
    assert failed == [], error
    assert code == 0
    assert by_name["surviving rows unchanged"]["status"] == "pass"
    ran = [r for r in results if r["name"].startswith("python manage.py migrate ")]
    assert [(r["name"], r["detail"]) for r in results if r["status"] == "skip"] == []
    assert len(ran) == len(ROLLBACK_TARGETS)


@pytest.mark.django_db
def test_a_step_that_fails_ends_the_round_trip_with_its_error(scratch_copy):
    not_migrated = scratch_copy(None)
    code, out, _ = command("rollback_check", "--template", not_migrated)
    assert code == 1
    assert "✓ scratch database copied: from " in out
    assert '✗ round trip: relation "django_migrations" does not exist' in out
    assert databases_named(f"{server_settings()['NAME']}_rollback_") == []
