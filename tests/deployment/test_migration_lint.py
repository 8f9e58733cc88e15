"""The migration lint: crafted migrations on real tables, the release exemption, the allow-list."""

import pytest
from django.db import connection, migrations, models
from django.db.migrations.loader import MigrationLoader

from deployment.migration_lint import (
    AllowEntry,
    AllowlistError,
    MigrationLint,
    created_tables,
    load_allowlist,
)

pytestmark = pytest.mark.django_db


def migration(app: str, *operations, name: str = "0999_release", atomic: bool = True):
    """A migration that exists only in this test, on top of the app's latest one."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    parent = loader.graph.leaf_nodes(app)[0]
    attrs = {"dependencies": [parent], "operations": list(operations), "atomic": atomic}
    return type("Migration", (migrations.Migration,), attrs)(name, app)


def lint(crafted, release_tables=frozenset(), allowlist=()):
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    return MigrationLint(connection, list(allowlist)).lint_migration(
        crafted, state, set(release_tables)
    )


def codes(issues):
    return sorted({issue.code for issue in issues})


def test_dropping_a_column_of_an_existing_table_is_blocking():
    issues, exempt = lint(migration("orders", migrations.RemoveField("order", "title")))
    assert codes(issues) == ["DROP_COLUMN"]
    assert issues[0].table == "orders_order"
    assert issues[0].blocking
    assert exempt == []


def test_renaming_a_column_and_deleting_a_table_are_blocking():
    issues, _ = lint(
        migration("orders", migrations.RenameField("order", "title", "subject")),
    )
    assert codes(issues) == ["RENAME_COLUMN"]
    issues, _ = lint(migration("orders", migrations.DeleteModel("order")))
    assert "DROP_TABLE" in codes(issues)


def test_a_not_null_column_without_a_database_default_is_blocking():
    add = migrations.AddField(
        "order", "priority", models.IntegerField(default=0), preserve_default=True
    )
    issues, _ = lint(migration("orders", add))
    assert codes(issues) == ["NOT_NULL"]


def test_a_database_default_makes_a_not_null_column_safe():
    add = migrations.AddField("order", "priority", models.IntegerField(db_default=0))
    issues, _ = lint(migration("orders", add))
    assert issues == []


def test_a_nullable_column_is_safe():
    add = migrations.AddField("order", "note", models.TextField(null=True))
    issues, _ = lint(migration("orders", add))
    assert issues == []


def test_a_non_concurrent_index_on_an_existing_table_is_flagged():
    index = models.Index(fields=["title"], name="order_title_idx")
    issues, _ = lint(migration("orders", migrations.AddIndex("order", index)))
    assert "CREATE_INDEX" in codes(issues)
    assert all(issue.blocking for issue in issues)


def test_operations_on_a_table_created_by_the_same_release_are_exempt():
    crafted = migration("orders", migrations.RemoveField("order", "title"))
    issues, exempt = lint(crafted, release_tables={"orders_order"})
    assert issues == []
    assert exempt == [
        "orders.0999_release: Remove field title from order (table orders_order is new in "
        "this release)"
    ]


def test_created_tables_lists_the_new_table_and_its_many_to_many_table():
    create = migrations.CreateModel(
        "ProbeThing",
        [
            ("id", models.BigAutoField(primary_key=True)),
            ("writers", models.ManyToManyField("accounts.user")),
        ],
    )
    crafted = migration("orders", create)
    state = MigrationLoader(None, ignore_no_migrations=True).project_state()
    assert created_tables(crafted, state, connection) == {
        "orders_probething",
        "orders_probething_writers",
    }


def test_an_allow_list_entry_accepts_exactly_the_reviewed_code():
    crafted = migration("orders", migrations.RemoveField("order", "title"))
    reviewed = AllowEntry(
        "orders.0999_release", frozenset({"DROP_COLUMN"}), "the column was unused since 1.2"
    )
    issues, _ = lint(crafted, allowlist=[reviewed])
    assert [issue.blocking for issue in issues] == [False]
    assert issues[0].allowed_because == "the column was unused since 1.2"
    other_code = AllowEntry("orders.0999_release", frozenset({"NOT_NULL"}), "unrelated")
    issues, _ = lint(crafted, allowlist=[other_code])
    assert [issue.blocking for issue in issues] == [True]
    other_table = AllowEntry(
        "orders.0999_release", frozenset({"DROP_COLUMN"}), "other table", table="orders_x"
    )
    issues, _ = lint(crafted, allowlist=[other_table])
    assert [issue.blocking for issue in issues] == [True]


def test_an_irreversible_data_migration_is_blocking():
    def fill(apps, schema_editor):
        apps.get_model("orders", "Order")

    issues, _ = lint(migration("orders", migrations.RunPython(fill)))
    assert codes(issues) == ["RUNPYTHON_REVERSIBLE"]
    assert issues[0].blocking


def test_raw_sql_is_analysed_too():
    drop = migrations.RunSQL(
        'ALTER TABLE "orders_order" DROP COLUMN "title";', reverse_sql=migrations.RunSQL.noop
    )
    issues, _ = lint(migration("orders", drop))
    assert "DROP_COLUMN" in codes(issues)


def test_the_allow_list_file_is_read_and_checked(tmp_path):
    path = tmp_path / "allow.toml"
    path.write_text(
        '[[allow]]\nmigration = "fines.0005_x"\ncodes = ["ALTER_COLUMN"]\n'
        'table = "fines_finetypeconfig"\nreason = "small table"\ncontract = "none: additive"\n'
    )
    assert load_allowlist(path) == [
        AllowEntry(
            "fines.0005_x",
            frozenset({"ALTER_COLUMN"}),
            "small table",
            "none: additive",
            "fines_finetypeconfig",
        )
    ]
    path.write_text('[[allow]]\nmigration = "fines.0005_x"\ncodes = ["ALTER_COLUMN"]\n')
    with pytest.raises(AllowlistError, match="entry 1 lacks reason, contract"):
        load_allowlist(path)
    path.write_text(
        '[[allow]]\nmigration = "fines.0005_x"\ncodes = ["ALTER_COLUMN"]\nreason = "small"\n'
    )
    with pytest.raises(AllowlistError, match="entry 1 lacks contract"):
        load_allowlist(path)
    path.write_text("[[allow]\n")
    with pytest.raises(AllowlistError):
        load_allowlist(path)
    assert load_allowlist(tmp_path / "missing.toml") == []


def test_the_shipped_allow_list_parses():
    from django.conf import settings

    entries = load_allowlist(settings.DEPLOYMENT_MIGRATION_LINT_ALLOWLIST)
    assert all(entry.reason for entry in entries)
    # Each says which release completes its contract step, or that there is none.
    assert all(entry.contract.startswith(("none:", "this release:")) for entry in entries)
