"""`manage.py preflight`: sections, options, the JSON report and exit codes."""

import json

import pytest

from accounts.models import User
from deployment.management.commands import preflight
from orders.models import Order
from tests.deployment.conftest import command
from websites.models import Website

pytestmark = pytest.mark.django_db


def results_of(report: dict, section: str) -> dict[str, dict]:
    found = next(s for s in report["sections"] if s["title"] == section)
    return {r["name"]: r for r in found["results"]}


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("orders.list", "expected KEY=MILLISECONDS"),
        ("orders.list=fast", "expected KEY=MILLISECONDS"),
        ("tips.nope=5", "unknown endpoint 'tips.nope'"),
    ],
)
def test_a_bad_budget_option_exits_2(option, message):
    code, _, error = command("preflight", "--budget-ms", option)
    assert code == 2
    assert message in error


def test_the_checklist_endpoints_pass_performance_and_security_and_change_nothing():
    before = (Website.objects.count(), User.objects.count(), Order.objects.count())
    code, out, error = command("preflight", "--section", "performance", "--section", "security")
    assert code == 0, out + error
    assert "Performance and N+1" in out
    assert "Security" in out
    assert out.rstrip().splitlines()[-1].startswith("OK: ")
    assert (Website.objects.count(), User.objects.count(), Order.objects.count()) == before


def test_an_endpoint_over_budget_fails_the_run_with_exit_1():
    code, out, error = command(
        "preflight", "--section", "performance", "--budget-ms", "orders.list=0", "--json"
    )
    assert code == 1
    assert "preflight failed" in error
    report = json.loads(out)
    assert report["ok"] is False
    orders = results_of(report, "Performance and N+1")["orders.list"]
    assert orders["status"] == "fail"
    assert orders["data"]["budget_ms"] == 0


def test_redis_down_fails_the_services_section(settings):
    settings.REDIS_URL = "redis://127.0.0.1:6390/0"
    code, out, _ = command("preflight", "--section", "services", "--timeout", "0.5", "--json")
    assert code == 1
    redis = results_of(json.loads(out), "Services")["Redis answers (PING)"]
    assert redis["status"] == "fail"
    assert "6390" in redis["detail"]


@pytest.mark.slow
def test_a_missing_environment_variable_fails_the_configuration_section(settings):
    settings.DEPLOYMENT_ENV_PRESENT = {
        **dict.fromkeys(settings.DEPLOYMENT_REQUIRED_ENV, True),
        "CORS_ALLOWED_ORIGINS": False,
    }
    code, out, _ = command("preflight", "--section", "configuration", "--json")
    assert code == 1
    results = results_of(json.loads(out), "Configuration")
    assert results["CORS_ALLOWED_ORIGINS is set"]["status"] == "fail"
    assert results["DATABASE_URL is set"]["status"] == "pass"


def test_skipped_sections_are_reported_as_skipped():
    code, out, _ = command("preflight", "--section", "performance", "--skip-performance", "--json")
    assert code == 0
    result = results_of(json.loads(out), "Performance and N+1")["Performance and N+1"]
    assert result == {
        "name": "Performance and N+1",
        "status": "skip",
        "detail": "--skip-performance",
        "lines": [],
        "data": {},
    }


def test_the_endpoint_checks_need_the_migrations_applied(monkeypatch):
    class PendingPlan:
        def __init__(self, connection):
            self.loader = type("Loader", (), {"graph": type("Graph", (), {})()})()
            self.loader.graph.leaf_nodes = list

        def migration_plan(self, targets):
            return [("orders.0002_future", False)]

    monkeypatch.setattr(preflight, "MigrationExecutor", PendingPlan)
    code, out, _ = command("preflight", "--section", "security", "--before-migrate", "--json")
    assert code == 0
    result = results_of(json.loads(out), "Security")["endpoint checks"]
    assert result["status"] == "skip"
    assert result["detail"] == "1 migrations are not applied: run after `migrate`"
    code, out, _ = command("preflight", "--section", "security", "--json")
    assert code == 1
    result = results_of(json.loads(out), "Security")["endpoint checks"]
    assert result["detail"] == "1 migrations are not applied: run `manage.py migrate` first"
