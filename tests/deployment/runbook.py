"""The runbook's rollback table (docs/DEPLOYMENT.md, "Rollback commands per app"), parsed.

Tests read the documented commands from the runbook itself, so the documentation and the tests
cannot drift; what each command must change is spelled out here, table by table.
"""

import re
from dataclasses import dataclass, field

from tests.core.subprocesses import REPO, explain
from tests.deployment.conftest import run_manage, scratch_connection

DEPLOYMENT_DOC = REPO / "docs" / "DEPLOYMENT.md"
ROW = re.compile(
    r"^\| (?P<step>\d+) \| `python manage\.py migrate (?P<app>\w+) (?P<target>\w+)` "
    r"\| (?P<unapplies>[^|]+) \| (?P<tables>[^|]+) \|"
)


@dataclass(frozen=True)
class TableChanges:
    dropped: frozenset = frozenset()
    altered: frozenset = frozenset()
    created: frozenset = frozenset()


def _names(*tables: str) -> frozenset:
    return frozenset(tables)


# Exactly what each documented command changes on a fully migrated database, explicitly.
EXPECTED_TABLE_CHANGES: dict[str, TableChanges] = {
    "writer_management 0001": TableChanges(
        dropped=_names(
            "writer_management_tip",
            "writer_management_tipsettings",
            "writer_management_tipstatsstate",
            "writer_management_tipclientmonthlystat",
            "writer_management_tipdailystat",
            "writer_management_tipmonthlystat",
            "writer_management_tipwritermonthlystat",
            "writer_management_tipdaytotalstat",
            "writer_management_tiptotalstat",
            "tip_stats_tipwritersincestat",
            "tip_stats_tipclientsincestat",
            "tip_stats_tipamountdailystat",
            "tip_stats_tipamountmonthlystat",
        )
    ),
    "loyalty_management 0002": TableChanges(
        dropped=_names(
            "loyalty_management_redemptioncategory",
            "loyalty_management_redemptionitem",
            "loyalty_management_redemptionrequest",
            "loyalty_management_redemptionpolicy",
        ),
        altered=_names(
            "loyalty_management_loyaltysettings",
            "loyalty_management_loyaltyaccount",
            "loyalty_management_loyaltytier",
            "loyalty_management_loyaltytransaction",
            "loyalty_management_clientbadge",
        ),
    ),
    "class_management 0004": TableChanges(altered=_names("class_management_classinstallment")),
    "order_payments_management 0004": TableChanges(
        dropped=_names("order_payments_management_discountusage"),
        altered=_names(
            "order_payments_management_orderpayment", "order_payments_management_discount"
        ),
    ),
    "fines 0004": TableChanges(altered=_names("fines_finetypeconfig")),
    "accounts 0001": TableChanges(altered=_names("accounts_user")),
    "websites 0001": TableChanges(altered=_names("websites_website")),
}


@dataclass(frozen=True)
class DocumentedRollback:
    step: int
    app: str
    target: str
    unapplies: tuple[str, ...]  # app.migration, in the documented order
    tables: TableChanges = field(default_factory=TableChanges)

    @property
    def key(self) -> str:
        return f"{self.app} {self.target}"


def _backticked(text: str) -> frozenset:
    return frozenset(re.findall(r"`(\w+)`", re.sub(r"\([^)]*\)", "", text)))


def documented_rollbacks() -> list[DocumentedRollback]:
    """The rows of the runbook's rollback table, in order."""
    text = DEPLOYMENT_DOC.read_text()
    section = text.split("### Rollback commands per app", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        match = ROW.match(line)
        if not match:
            continue
        unapplies = []
        for app, names in re.findall(r"`(\w+)` ([\w, ]+)", match["unapplies"]):
            unapplies += [f"{app}.{name.strip()}" for name in names.split(",") if name.strip()]
        dropped, _, altered = match["tables"].partition("alters")
        rows.append(
            DocumentedRollback(
                int(match["step"]),
                match["app"],
                match["target"],
                tuple(unapplies),
                TableChanges(dropped=_backticked(dropped), altered=_backticked(altered)),
            )
        )
    return rows


DOCUMENTED = documented_rollbacks()


def tables_of(database: str) -> set[str]:
    return set(schema_of(database))


def schema_of(database: str) -> dict[str, frozenset]:
    """Each table's columns, constraints and indexes, as the catalog describes them."""
    connection = scratch_connection(database)
    schema: dict[str, set] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
            )
            for (name,) in cursor.fetchall():
                schema[name] = set()
            cursor.execute(
                "SELECT table_name, column_name, data_type, character_maximum_length, "
                "numeric_precision, numeric_scale, is_nullable, column_default, is_identity "
                "FROM information_schema.columns WHERE table_schema = 'public'"
            )
            for name, *column in cursor.fetchall():
                schema[name].add(("column", *column))
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                "FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace "
                "WHERE n.nspname = 'public' AND c.conrelid <> 0"
            )
            for name, *constraint in cursor.fetchall():
                schema[name].add(("constraint", *constraint))
            cursor.execute(
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'"
            )
            for name, *index in cursor.fetchall():
                schema[name].add(("index", *index))
    finally:
        connection.close()
    return {name: frozenset(parts) for name, parts in schema.items()}


def changes(before: dict[str, frozenset], after: dict[str, frozenset]) -> TableChanges:
    return TableChanges(
        dropped=frozenset(set(before) - set(after)),
        altered=frozenset(t for t in set(before) & set(after) if before[t] != after[t]),
        created=frozenset(set(after) - set(before)),
    )


def migrate(database: str, *args: str) -> None:
    result = run_manage("migrate", *args, "--noinput", "--skip-checks", database=database)
    assert result.returncode == 0, explain(result)
