"""The money and points invariants: rules every row of the ledgers must keep, checked in SQL.

Each app that owns money or points rows lists its rules in `<app>/invariants.py` as
`INVARIANTS`, a tuple of `Invariant`s; this module finds them through the app registry (core
imports no app by name). A rule's SQL returns one row per violation and names tables as
`{app_label.Model}`, which become the models' own table names. The checks read the tables
directly, never through the apps' services, so a bug in a service cannot hide its own damage.

`manage.py check_invariants` runs them all (operators after an incident, the load test after its
run); the hardening suite calls `violations()`.
"""

import importlib
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib.util import find_spec

from django.apps import apps
from django.db import connection

MODULE = "invariants"
_TABLE = re.compile(r"\{(\w+)\.(\w+)\}")


@dataclass(frozen=True)
class Invariant:
    """A rule and the SQL that returns one row per violation of it."""

    description: str
    sql: str

    def rendered_sql(self) -> str:
        """The SQL with each `{app_label.Model}` replaced by that model's table."""
        return _TABLE.sub(
            lambda match: connection.ops.quote_name(
                apps.get_model(match[1], match[2])._meta.db_table
            ),
            self.sql,
        )


@dataclass(frozen=True)
class Violation:
    app: str
    invariant: str
    row: tuple

    def __str__(self) -> str:
        return f"{self.invariant}: {self.row}"


def registered_invariants() -> list[tuple[str, Invariant]]:
    """Every app's invariants, as (app label, invariant), in INSTALLED_APPS order."""
    found = []
    for app_config in apps.get_app_configs():
        module_name = f"{app_config.name}.{MODULE}"
        if find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        found += [(app_config.label, invariant) for invariant in module.INVARIANTS]
    return found


def check_invariants(*, app_labels: set[str] | None = None) -> list[Violation]:
    """Run the invariants (of the given apps, or all); return every violating row."""
    found: list[Violation] = []
    with connection.cursor() as cursor:
        for app_label, invariant in registered_invariants():
            if app_labels and app_label not in app_labels:
                continue
            cursor.execute(invariant.rendered_sql())
            found += [
                Violation(app_label, invariant.description, tuple(_plain(v) for v in row))
                for row in cursor.fetchall()
            ]
    return found


def violations() -> list[str]:
    """One line per violating row (an empty list: every invariant holds)."""
    return [str(violation) for violation in check_invariants()]


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value


# Core's own rows.
INVARIANTS = (
    Invariant(
        "idempotency key stored more than once",
        """
            SELECT user_id, endpoint, key, COUNT(*) FROM {core.IdempotencyKey}
            GROUP BY user_id, endpoint, key HAVING COUNT(*) > 1
            """,
    ),
)
