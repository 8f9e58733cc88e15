"""The release's rollback: targets from one table, the commands the runbook documents, and a
round trip that keeps the surviving rows.

The runbook's rollback table (docs/DEPLOYMENT.md, "Rollback commands per app") is read here, so
the documented commands, what they unapply and which tables they change cannot drift from the
migrations: each command runs on a migrated database with data, and the tables it creates, drops
and alters (read from information_schema and the catalog) must be exactly the expected ones.
"""

import json
import re

import pytest
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from deployment import postgres
from deployment.release import (
    ANY,
    ROLLBACK_TARGETS,
    DocumentedChange,
    RollbackTarget,
    TargetUnavailable,
    resolve_target,
)
from deployment.rollback import TableSnapshot, compare_snapshots
from tests.core.subprocesses import explain
from tests.deployment.conftest import (
    command,
    databases_named,
    new_name,
    run_manage,
    server_settings,
)
from tests.deployment.runbook import (
    DOCUMENTED,
    EXPECTED_TABLE_CHANGES,
    changes,
    migrate,
    schema_of,
    tables_of,
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


ACCOUNTS = {
    "points_account": table(
        ["id", "held", "balance", "updated_at"],
        {"id": 1, "held": 30, "balance": 100, "updated_at": "t0"},
        {"id": 2, "held": 0, "balance": 5, "updated_at": "t0"},
    ),
    "points_ledger": table(["id", "kind", "points"], {"id": 1, "kind": "award", "points": 100}),
}
RELEASE = {
    "points_account": DocumentedChange(
        "held points released", columns={"held": 0, "updated_at": ANY}
    ),
    "points_ledger": DocumentedChange("one release row", new_rows={"kind": "release", "points": 0}),
}


def test_documented_changes_are_information_not_problems():
    account = table(
        ["id", "held", "balance", "updated_at"],
        {"id": 1, "held": 0, "balance": 100, "updated_at": "t1"},
        {"id": 2, "held": 0, "balance": 5, "updated_at": "t0"},
    )
    ledger = table(
        ["id", "kind", "points"],
        {"id": 1, "kind": "award", "points": 100},
        {"id": 2, "kind": "release", "points": 0},
    )
    rolled_back = after = {"points_account": account, "points_ledger": ledger}
    problems, lost = compare_snapshots(
        ACCOUNTS, rolled_back, after, accepted_losses={}, documented_changes=RELEASE
    )
    assert problems == []
    assert lost == [
        "points_account: 1 rows changed (held, updated_at) - documented: held points released",
        "points_ledger: 1 rows added - documented: one release row",
    ]


def test_a_change_beyond_the_documented_one_is_a_problem():
    account = table(
        ["id", "held", "balance", "updated_at"],
        {"id": 1, "held": 10, "balance": 100, "updated_at": "t1"},
        {"id": 2, "held": 0, "balance": 6, "updated_at": "t0"},
    )
    ledger = table(
        ["id", "kind", "points"],
        {"id": 1, "kind": "award", "points": 100},
        {"id": 2, "kind": "adjust", "points": 1},
    )
    rolled_back = after = {"points_account": account, "points_ledger": ledger}
    problems, _ = compare_snapshots(
        ACCOUNTS, rolled_back, after, accepted_losses={}, documented_changes=RELEASE
    )
    assert problems == [
        "points_account: row (1,): held changed; row (2,): balance changed",
        "points_ledger: 1 rows before, 2 rolled back; row (2,) is new",
    ]


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
    # The loyalty program survives every rollback but its redemption catalog: its rows are
    # compared, and the held points released by step 2 are the only documented change.
    compared = by_name["surviving rows unchanged"]["data"]["compared"]
    loyalty = {t for t in tables_of(seeded_template) if t.startswith("loyalty_management_")}
    redemption = {t for t in loyalty if t.startswith("loyalty_management_redemption")}
    assert set(compared) & loyalty == loyalty - redemption
    assert compared["loyalty_management_loyaltyaccount"] > 0
    assert compared["loyalty_management_loyaltytransaction"] > 0
    information = by_name["information the rollback loses"]["lines"]
    loyalty_information = sorted(
        re.sub(r"\d+", "N", line.split(" - ")[0])
        for line in information
        if line.startswith(tuple(loyalty - redemption))
    )
    assert loyalty_information == [
        "loyalty_management_loyaltyaccount: N rows changed (points_held, updated_at)",
        "loyalty_management_loyaltyaccount: columns points_debt dropped (N rows)",
        "loyalty_management_loyaltysettings: columns review_sla_hours dropped (N rows)",
        "loyalty_management_loyaltytransaction: N rows added",
        "loyalty_management_loyaltytransaction: columns redemption_id, debt_after, debt_change "
        "dropped (N rows)",
    ]
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


# --- The runbook's rollback commands ------------------------------------------------------------


def test_the_runbook_documents_the_release_targets_in_order():
    graph_loader = loader()
    resolved = [resolve_target(target, graph_loader) for target in ROLLBACK_TARGETS]
    assert [row.step for row in DOCUMENTED] == list(range(1, len(DOCUMENTED) + 1))
    assert [
        (row.app, graph_loader.get_migration_by_prefix(row.app, row.target).name)
        for row in DOCUMENTED
    ] == [(r.target.app, r.migration) for r in resolved]


def test_the_runbook_lists_every_migration_each_command_unapplies_in_order():
    executor = MigrationExecutor(None)
    nodes = executor.loader.graph.nodes
    executor.loader.applied_migrations = dict(nodes)
    for row in DOCUMENTED:
        target = executor.loader.get_migration_by_prefix(row.app, row.target).name
        plan = executor.migration_plan([(row.app, target)])
        assert all(backwards for _, backwards in plan)
        assert row.unapplies == tuple(f"{m.app_label}.{m.name}" for m, _ in plan), row.key
        for migration, _ in plan:
            del executor.loader.applied_migrations[(migration.app_label, migration.name)]


def test_the_runbook_lists_exactly_the_tables_each_command_changes():
    assert {row.key: row.tables for row in DOCUMENTED} == EXPECTED_TABLE_CHANGES


@pytest.mark.slow
@pytest.mark.parametrize("row", DOCUMENTED, ids=lambda row: row.key)
def test_each_documented_rollback_changes_exactly_its_tables_and_migrates_forward_again(
    row, seeded_template, scratch_copy
):
    database = scratch_copy(seeded_template)
    before = schema_of(database)
    migrate(database, row.app, row.target)
    assert changes(before, schema_of(database)) == EXPECTED_TABLE_CHANGES[row.key]
    migrate(database)
    assert schema_of(database) == before


@pytest.mark.slow
def test_the_runbook_rollback_in_its_order_changes_exactly_the_documented_tables(
    seeded_template, scratch_copy
):
    database = scratch_copy(seeded_template)
    original = before = schema_of(database)
    for row in DOCUMENTED:
        migrate(database, row.app, row.target)
        after = schema_of(database)
        assert changes(before, after) == EXPECTED_TABLE_CHANGES[row.key], row.key
        before = after
    migrate(database)
    assert schema_of(database) == original
