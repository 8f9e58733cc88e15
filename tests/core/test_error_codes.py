"""Error codes never drift: each app lists its codes in one place, the docs list them all, and
the schema lists each endpoint's own."""

import ast
import importlib
import re
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator

from core.schema_codes import GENERIC_CODES

REPO = Path(__file__).resolve().parents[2]
APPS_WITH_CODES = (
    "core",
    "accounts",
    "orders",
    "order_payments_management",
    "class_management",
    "fines",
    "writer_management",
    "loyalty_management",
    "webhooks",
    "approvals",
)
# Apps that raise only other apps' errors (or none); a literal code in them must be core's.
OTHER_APPS = ("websites", "tip_stats", "admin_management", "deployment", "perf", "audit")
_CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


def enum_codes(app: str) -> set[str]:
    return {member.value for member in importlib.import_module(f"{app}.error_codes").ErrorCode}


def literal_codes(app: str) -> dict[str, str]:
    """Every `code="..."` argument and `code = "..."` attribute in an app's code: {code: file}."""
    found = {}
    for path in sorted((REPO / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            value = None
            if (isinstance(node, ast.keyword) and node.arg == "code") or (
                isinstance(node, ast.Assign)
                and any(
                    isinstance(target, ast.Name) and target.id == "code" for target in node.targets
                )
            ):
                value = node.value
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                found[value.value] = str(path.relative_to(REPO))
    return found


@pytest.mark.parametrize("app", APPS_WITH_CODES + OTHER_APPS)
def test_every_code_an_app_writes_is_listed_in_its_error_codes(app):
    listed = enum_codes("core") | (enum_codes(app) if app in APPS_WITH_CODES else set())
    unlisted = {code: path for code, path in literal_codes(app).items() if code not in listed}
    assert unlisted == {}, f"add these codes to {app}/error_codes.py (never rename one)"


@pytest.mark.parametrize("app", APPS_WITH_CODES)
def test_codes_are_machine_readable(app):
    assert all(_CODE_PATTERN.match(code) for code in enum_codes(app))


def test_the_docs_table_lists_exactly_the_codes_of_every_app():
    table = re.findall(
        r"^\| (\w+) \| `([a-z0-9_]+)` \|", (REPO / "docs/ERROR_CODES.md").read_text(), re.M
    )
    documented = set(table)
    listed = {(app, code) for app in APPS_WITH_CODES for code in enum_codes(app)}
    assert documented == listed
    assert len(table) == len(documented), "a code is listed twice"


@pytest.fixture(scope="module")
def operations() -> dict[str, dict]:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        operation["operationId"]: operation
        for path in schema["paths"].values()
        for operation in path.values()
    }


def test_each_endpoint_lists_its_own_codes_in_the_schema(operations):
    tip = operations["writer_management_tips_create"]
    assert {"self_tip", "tip_amount_below_minimum", "insufficient_funds"} <= set(
        tip["x-error-codes"]
    )
    assert "`self_tip`" in tip["description"]
    pay = operations["orders_pay_create"]["x-error-codes"]
    assert {"order_not_unpaid", "insufficient_funds", "idempotency_key_reused"} <= set(pay)
    level_delete = operations["writer_management_writer_level_configs_destroy"]
    assert level_delete["x-error-codes"] == ["writer_level_in_use"]


def test_the_schema_lists_only_known_codes_and_never_the_generic_ones(operations):
    known = set().union(*(enum_codes(app) for app in APPS_WITH_CODES))
    listed = {code for op in operations.values() for code in op.get("x-error-codes", [])}
    assert listed
    assert listed <= known
    assert not listed & GENERIC_CODES


def test_a_read_only_report_lists_no_codes_of_its_own(operations):
    assert "x-error-codes" not in operations["admin_management_tips_dashboard_retrieve"]
