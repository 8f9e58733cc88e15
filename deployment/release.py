"""The release's migrations and its rollback targets (data only; update per release).

`RELEASE_MIGRATIONS` are the files the checklist verifies by path. `ROLLBACK_TARGETS` is where
each app goes back to undo the release: an explicit migration (`to`), or the migration before a
named one (`before`). Both are read by `preflight`, `rollback_check` and the rollback test.
"""

from dataclasses import dataclass, field

from django.db.migrations.exceptions import AmbiguityError
from django.db.migrations.loader import MigrationLoader

RELEASE_MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("accounts", "0002_staff_status_follows_role"),
    ("writer_management", "0002_add_tip_model"),
    ("loyalty_management", "0003_alter_clientbadge_unique_together_and_more"),
    ("loyalty_management", "0004_add_redemptionitem_missing_fields"),
    ("loyalty_management", "0005_add_min_tier_level"),
    ("class_management", "0005_alter_classinstallment_options_and_more"),
    ("order_payments_management", "0005_discountusage_and_more"),
    ("fines", "0005_alter_finetypeconfig_fields"),
)


@dataclass(frozen=True)
class RollbackTarget:
    """Where `app` goes back to: migration `to`, or the one before migration `before`."""

    app: str
    to: str | None = None
    before: str | None = None
    undoes: str = ""

    @property
    def label(self) -> str:
        return f"{self.app} {self.to}" if self.to else f"{self.app} (before {self.before})"


ROLLBACK_TARGETS: tuple[RollbackTarget, ...] = (
    RollbackTarget("writer_management", to="0001", undoes="the Tip model (0002_add_tip_model)"),
    RollbackTarget(
        "loyalty_management",
        to="0002",
        undoes="the redemption catalog and workflow (0003-0007)",
    ),
    RollbackTarget(
        "class_management", before="0005", undoes="installment numbering, due dates, paid flags"
    ),
    RollbackTarget(
        "order_payments_management",
        before="0005",
        undoes="DiscountUsage and the OrderPayment discount fields",
    ),
    RollbackTarget("fines", before="0005", undoes="FineTypeConfig base_amount and origin choices"),
    RollbackTarget(
        "accounts",
        before="0002",
        undoes=("the erasure time (0003); staff flags stay as 0002 set them (valid before it too)"),
    ),
    RollbackTarget("websites", before="0002", undoes="each website's own time zone (0002)"),
)


# Tables whose rows a rollback changes on purpose, as their migrations document: differences
# there are reported as information the rollback loses, not as failures. Review each entry.
ROLLBACK_ACCEPTED_LOSSES: dict[str, str] = {
    "class_management_classinstallment": (
        "rolling back class_management 0005 deletes unpaid installments and their schedule "
        "(docs/CLASS_MANAGEMENT.md)"
    ),
    "fines_finetypeconfig": (
        "rolling back fines 0005 forgets which base each percentage fine type used (docs/FINES.md)"
    ),
}


# Any value (for `DocumentedChange.columns`).
ANY = object()
_UNLISTED = object()


@dataclass(frozen=True)
class DocumentedChange:
    """What a rollback changes on purpose in a table that survives it, and nothing more.

    `columns`: the columns whose values may change in existing rows, each with the value it takes
    (or `ANY`). `new_rows`: the rollback may add rows whose columns have these values. Any other
    difference in the table is still a problem.
    """

    reason: str
    columns: dict = field(default_factory=dict)
    new_rows: dict | None = None

    def allows_change(self, column: str, value) -> bool:
        expected = self.columns.get(column, _UNLISTED)
        return expected is not _UNLISTED and (expected is ANY or expected == value)

    def allows_new_row(self, row: dict) -> bool:
        return self.new_rows is not None and all(
            row.get(column) == value for column, value in self.new_rows.items()
        )


# Changes to surviving rows that a rollback makes on purpose, as its migration documents.
ROLLBACK_DOCUMENTED_CHANGES: dict[str, DocumentedChange] = {
    "loyalty_management_loyaltyaccount": DocumentedChange(
        "rolling back loyalty_management 0003 drops the redemption requests, so the points they "
        "held are released (docs/LOYALTY_REDEMPTION.md)",
        columns={"points_held": 0, "updated_at": ANY},
    ),
    "loyalty_management_loyaltytransaction": DocumentedChange(
        "one `release` ledger row per account whose held points the rollback released",
        new_rows={"kind": "release", "points": 0, "held_after": 0},
    ),
}
# Django's bookkeeping: `migrate` adds rows for models it has not seen; existing rows must stay.
ROLLBACK_NEW_ROWS_ALLOWED = frozenset({"django_content_type", "auth_permission"})


class TargetUnavailable(Exception):
    """The app has no migration to roll back to (yet); the message says why."""


@dataclass(frozen=True)
class ResolvedTarget:
    target: RollbackTarget
    migration: str  # a migration name, or "zero"

    @property
    def command(self) -> str:
        return f"python manage.py migrate {self.target.app} {self.migration}"


def _by_prefix(loader: MigrationLoader, app: str, prefix: str):
    try:
        return loader.get_migration_by_prefix(app, prefix)
    except KeyError:
        raise TargetUnavailable(f"{app} has no migration {prefix} yet") from None
    except AmbiguityError:
        raise TargetUnavailable(f"{app} has more than one migration named {prefix}*") from None


def resolve_target(target: RollbackTarget, loader: MigrationLoader) -> ResolvedTarget:
    """Return the migration `target` names in `loader`'s graph; raise TargetUnavailable if none.

    A target at the app's latest migration is unavailable too: there is nothing to roll back.
    """
    if target.app not in loader.migrated_apps:
        raise TargetUnavailable(f"{target.app} has no migrations yet")
    if target.to:
        name = _by_prefix(loader, target.app, target.to).name
    else:
        named = _by_prefix(loader, target.app, target.before)
        parents = [
            parent.key[1]
            for parent in loader.graph.node_map[(target.app, named.name)].parents
            if parent.key[0] == target.app
        ]
        if len(parents) > 1:
            raise TargetUnavailable(
                f"{target.app} {named.name} merges {parents}; name the rollback target explicitly"
            )
        name = parents[0] if parents else "zero"
    leaves = [key[1] for key in loader.graph.leaf_nodes(target.app)]
    if name in leaves:
        raise TargetUnavailable(
            f"nothing to roll back: {target.app} {name} is the app's latest migration"
        )
    return ResolvedTarget(target, name)
