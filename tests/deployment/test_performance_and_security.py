"""The in-process endpoint checks: probe data, budgets, N+1, roles and website scoping."""

import pytest

from accounts.models import User
from deployment import probing
from deployment.checks import performance, security
from deployment.checks.options import PreflightOptions
from deployment.endpoints import CHECKLIST_ENDPOINTS, EXISTING, Endpoint
from deployment.probing import probe_environment
from deployment.results import Status
from orders.models import Order
from websites.models import Website

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.deployment.urls_probes")]

EXISTING_ENDPOINTS = tuple(e for e in CHECKLIST_ENDPOINTS if e.group == EXISTING)


def endpoint(key: str, path: str, **kwargs) -> Endpoint:
    keys = ("count", "results") if kwargs.get("paginated") else ("orders",)
    return Endpoint(key, "test", f"/probe-tests/{path}/", 1000, **{"keys": keys, **kwargs})


def run_performance(*endpoints: Endpoint, **options):
    with probe_environment() as environment:
        return performance.run(PreflightOptions(endpoints=endpoints, **options), environment)


def run_security(*endpoints: Endpoint):
    with probe_environment() as environment:
        return security.run(PreflightOptions(endpoints=endpoints), environment)


def named(results, name):
    found = [r for r in results if r.name == name]
    assert len(found) == 1, [(r.name, r.detail) for r in results]
    return found[0]


def test_probe_data_is_rolled_back():
    websites, users, orders = Website.objects.count(), User.objects.count(), Order.objects.count()
    with probe_environment() as environment:
        assert len(environment.sites) == 2
        site_a, site_b = environment.sites
        assert Order.objects.filter(website=site_a.website).count() == probing.ROWS_SMALL
        assert Order.objects.filter(website=site_b.website).count() == 1
        assert environment.hook_for("orders") is probing.probe_orders_create
        environment.grow(5)
        assert environment.rows_per_site == probing.ROWS_SMALL + 5
        assert Order.objects.filter(website=site_b.website).count() == 1 + 2
    assert (Website.objects.count(), User.objects.count(), Order.objects.count()) == (
        websites,
        users,
        orders,
    )
    assert not User.objects.filter(username__startswith="preflight-").exists()


def test_nothing_is_cached_while_probing(settings):
    from django.core.cache import cache

    with probe_environment():
        cache.set("probe-key", "value")
        assert cache.get("probe-key") is None
    assert settings.CACHES["default"]["BACKEND"] != probing.NO_CACHE["default"]["BACKEND"]


def test_the_existing_endpoints_meet_their_budgets_with_flat_query_counts():
    results = run_performance(*EXISTING_ENDPOINTS)
    assert [(r.name, r.detail) for r in results if r.status == Status.FAIL] == []
    orders = named(results, "orders.list queries flat in rows")
    assert orders.status == Status.PASS
    assert orders.data["few_rows"] == orders.data["many_rows"]
    assert orders.data["limit_5"] == orders.data["limit_50"]
    assert named(results, "users.list queries flat in rows").status == Status.PASS


def test_an_endpoint_over_its_budget_fails():
    orders = next(e for e in EXISTING_ENDPOINTS if e.key == "orders.list")
    results = run_performance(orders, budgets={"orders.list": 0})
    timing = named(results, "orders.list")
    assert timing.status == Status.FAIL
    assert timing.detail.startswith("over budget:")
    assert timing.data["budget_ms"] == 0


def test_a_list_with_a_query_per_row_fails_the_n_plus_one_check():
    n_plus_one = endpoint(
        "test.n_plus_one", "n-plus-one", paginated=True, model="orders.Order", probe_app="orders"
    )
    result = named(run_performance(n_plus_one), "test.n_plus_one queries flat in rows")
    assert result.status == Status.FAIL
    assert "more rows, more queries" in result.detail
    assert "a larger page makes more queries (N+1)" in result.detail
    assert result.data["limit_50"] > result.data["limit_5"]


def test_a_response_without_the_contract_keys_fails():
    orders = Endpoint(
        "orders.extra", "test", "/api/v1/orders/", 1000, keys=("count", "results", "summary")
    )
    result = named(run_performance(orders), "orders.extra")
    assert result.status == Status.FAIL
    assert "response lacks summary" in result.detail


def test_an_endpoint_that_does_not_resolve_fails_with_or_without_strict():
    missing = endpoint("test.missing", "not-there")
    for result in (
        named(run_performance(missing), "test.missing"),
        named(run_performance(missing, strict=True), "test.missing"),
        named(run_security(missing), "test.missing"),
    ):
        assert (result.status, result.detail) == (
            Status.FAIL,
            "missing: /probe-tests/not-there/ does not resolve",
        )


def test_every_endpoint_of_the_table_gets_its_query_count_compared():
    results = run_performance(*EXISTING_ENDPOINTS)
    growth = [r for r in results if r.name.endswith(" queries flat in rows")]
    assert [(r.name, r.status) for r in growth] == [
        (f"{e.key} queries flat in rows", Status.PASS) for e in EXISTING_ENDPOINTS
    ]


@pytest.mark.parametrize(("strict", "status"), [(False, Status.SKIP), (True, Status.FAIL)])
def test_a_query_comparison_with_nothing_to_compare_fails_when_strict(strict, status):
    single = endpoint("test.single", "scoped-total", admin_only=True)
    with probe_environment() as environment:
        result = performance.query_growth(
            single, environment, None, 3, PreflightOptions(strict=strict)
        )
    assert result.status == status
    assert result.detail.startswith("nothing to compare: no answer with few probe rows")


def test_a_failing_probe_hook_is_reported(monkeypatch):
    def broken(*, site, count):
        raise ValueError("cannot make rows")

    monkeypatch.setattr(probing, "discover_hooks", lambda: ({"orders": broken}, []))
    orders = next(e for e in EXISTING_ENDPOINTS if e.key == "orders.list")
    result = named(run_performance(orders), "probe hooks")
    assert result.status == Status.FAIL
    assert result.detail == "orders probe hook failed: ValueError: cannot make rows"


def test_hooks_are_found_in_each_apps_probes_module(monkeypatch, tmp_path):
    good, bad = tmp_path / "goodapp", tmp_path / "badapp"
    for package in (good, bad):
        package.mkdir()
        (package / "__init__.py").write_text("")
    (good / "probes.py").write_text("def create_probe_rows(*, site, count):\n    return count\n")
    (bad / "probes.py").write_text("ROWS = 3\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    class Config:
        def __init__(self, name):
            self.name = self.label = name

    monkeypatch.setattr(
        probing.apps, "get_app_configs", lambda: [Config("goodapp"), Config("badapp")]
    )
    hooks, problems = probing.discover_hooks()
    assert list(hooks) == ["goodapp"]
    assert hooks["goodapp"](site=None, count=4) == 4
    assert problems == ["badapp.probes has no create_probe_rows(*, site, count)"]


def test_the_installed_apps_hooks_are_all_well_formed():
    hooks, problems = probing.discover_hooks()
    assert problems == []
    assert {"accounts", "orders"} <= set(hooks)


def test_the_existing_endpoints_enforce_roles_and_websites():
    results = run_security(*EXISTING_ENDPOINTS)
    assert [(r.name, r.detail) for r in results if r.status != Status.PASS] == []
    orders = named(results, "orders.list")
    assert "client/writer own rows only" in orders.detail
    assert any(line.startswith("client: ") for line in orders.lines)


def test_a_list_that_ignores_the_tenancy_layer_fails():
    leaky = endpoint("test.leaky", "leaky", paginated=True, model="orders.Order")
    result = named(run_security(leaky), "test.leaky")
    assert result.status == Status.FAIL
    assert "client sees" in result.detail
    assert "rows not theirs" in result.detail
    assert "admin sees" in result.detail


def test_an_admin_only_endpoint_open_to_clients_fails():
    report = endpoint("test.report", "report-for-anyone", admin_only=True)
    result = named(run_security(report), "test.report")
    assert result.status == Status.FAIL
    assert "client got 200, expected 403" in result.detail
    assert "writer got 200, expected 403" in result.detail


def test_an_endpoint_anonymous_callers_can_read_fails():
    public = endpoint("test.public", "public", admin_only=True)
    assert "anonymous got 200, expected 401" in named(run_security(public), "test.public").detail


def test_an_aggregate_that_ignores_the_admins_website_fails():
    unscoped = endpoint("test.unscoped", "unscoped-total", admin_only=True, probe_app="orders")
    result = named(run_security(unscoped), "test.unscoped")
    assert result.status == Status.FAIL
    assert "same answer for two websites with different rows" in result.detail
    scoped = endpoint("test.scoped", "scoped-total", admin_only=True, probe_app="orders")
    assert named(run_security(scoped), "test.scoped").status == Status.PASS


def test_an_endpoint_that_crashes_on_hostile_input_fails():
    crashes = endpoint("test.crashes", "crashes", admin_only=True)
    result = named(run_security(crashes), "test.crashes")
    assert result.status == Status.FAIL
    assert "500 for {'days': '30;DROP TABLE x'" in result.detail
