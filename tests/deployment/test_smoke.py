"""`manage.py smoke` and the checklist's two test scripts, against a live server."""

import configparser
import subprocess
import sys
import types

import pytest
from django.urls import path
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import Role, User
from core.views import json_not_found
from deployment import smoke
from deployment.endpoints import CHECKLIST_ENDPOINTS, EXISTING, Endpoint
from tests.core.subprocesses import REPO, explain, project_env, run
from tests.deployment.conftest import command

pytestmark = pytest.mark.slow
PASSWORD = "smoke-test-password-1"


@pytest.fixture(autouse=True)
def broker_configured(settings):
    """The live server has a Celery broker (the test Redis), as a deployed service does."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.REDIS_URL


@pytest.fixture
def superadmin(transactional_db):
    return User.objects.create_user(
        username="smoke_superadmin",
        email="smoke@example.com",
        password=PASSWORD,
        role=Role.SUPERADMIN,
        is_staff=True,
        is_superuser=True,
    )


def urlconf_without(endpoint: Endpoint) -> types.ModuleType:
    """The project's URLs, except that `endpoint` answers 404 (as if it were not deployed)."""
    from config.urls import urlpatterns

    urlconf = types.ModuleType("urls_without_endpoint")
    urlconf.urlpatterns = [path(endpoint.path.lstrip("/"), json_not_found), *urlpatterns]
    return urlconf


def run_smoke(live_server, *args: str) -> tuple[int, str, str]:
    return command("smoke", "--base-url", live_server.url, *args)


def as_superadmin(live_server, *args: str):
    return run_smoke(live_server, "--username", "smoke_superadmin", "--password", PASSWORD, *args)


def test_health_login_and_the_existing_endpoints_pass(live_server, superadmin):
    code, out, error = as_superadmin(live_server, "--group", EXISTING)
    assert code == 0, out + error
    assert "✓ health.live (/health/live/)" in out
    assert "✓ health.ready (/health/ready/)" in out
    assert "✓ login as smoke_superadmin: role superadmin" in out
    for key in ("auth.me", "websites.list", "users.list", "orders.list"):
        assert f"✓ {key} (" in out


def test_a_given_token_is_used_instead_of_logging_in(live_server, superadmin):
    token = str(RefreshToken.for_user(superadmin).access_token)
    code, out, error = run_smoke(live_server, "--token", token, "--group", EXISTING)
    assert code == 0, out + error
    assert "✓ access token: given with --token" in out


def test_a_wrong_password_fails_and_skips_the_endpoints(live_server, superadmin):
    code, out, error = run_smoke(
        live_server, "--username", "smoke_superadmin", "--password", "wrong", "--group", EXISTING
    )
    assert code == 1
    assert "✗ login as smoke_superadmin: status 401" in out
    assert "users.list (/api/v1/users/): skipped: no access token" in out
    assert "smoke test failed" in error


def test_an_endpoint_over_its_budget_fails(live_server, superadmin):
    code, out, _ = as_superadmin(live_server, "--group", EXISTING, "--budget-ms", "users.list=0")
    assert code == 1
    assert "✗ users.list (/api/v1/users/): over budget:" in out
    assert "(budget 0 ms)" in out


def test_a_client_is_refused_with_a_hint(live_server, superadmin):
    User.objects.create_user(
        username="smoke_client",
        email="c@example.com",
        password=PASSWORD,
        role=Role.CLIENT,
        website=_website(),
    )
    code, out, _ = run_smoke(
        live_server, "--username", "smoke_client", "--password", PASSWORD, "--group", EXISTING
    )
    assert code == 1
    assert "status 403" in out
    assert "(log in as an admin or superadmin)" in out


def _website():
    from websites.models import Website

    return Website.objects.create(name="Smoke", domain="smoke.example.com", slug="smoke")


def test_an_endpoint_that_answers_404_fails(live_server, superadmin, monkeypatch):
    missing = Endpoint("future.report", EXISTING, "/api/v1/future-report/", 1000, keys=("a",))
    monkeypatch.setattr(smoke, "CHECKLIST_ENDPOINTS", (missing,))
    code, out, error = as_superadmin(live_server, "--group", EXISTING)
    assert code == 1
    assert "✗ future.report (/api/v1/future-report/): 404: the endpoint is missing" in out
    assert "smoke test failed" in error


def test_a_service_without_a_broker_fails_the_readiness_check(live_server, superadmin, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_BROKER_URL = "memory://localhost/"
    code, out, _ = as_superadmin(live_server, "--group", EXISTING)
    assert code == 1
    assert (
        "✗ health.ready (/health/ready/): celery_broker is eager (no broker) "
        "(tasks run in the web process: set CELERY_BROKER_URL)"
    ) in out


def test_an_answer_without_the_documented_keys_fails():
    analytics = next(e for e in CHECKLIST_ENDPOINTS if e.key == "loyalty.analytics")
    assert smoke.shape_problems(analytics, {}) == [f"lacks {', '.join(analytics.keys)}"]
    assert smoke.shape_problems(analytics, []) == [f"lacks {', '.join(analytics.keys)}"]


def test_a_dependency_down_fails_the_readiness_check(live_server, superadmin, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6390/0"
    settings.HEALTH_CHECK_TIMEOUT = 0.5
    code, out, _ = as_superadmin(live_server, "--group", EXISTING)
    assert code == 1
    assert "✗ health.ready (/health/ready/): status is 'degraded'; celery_broker is down" in out


def test_no_server_fails_every_check(superadmin):
    code, out, _ = command(
        "smoke",
        "--base-url",
        "http://127.0.0.1:9",
        "--token",
        "x",
        "--timeout",
        "2",
        "--group",
        EXISTING,
    )
    assert code == 1
    assert "✗ health.live (/health/live/): " in out
    assert "✗ users.list (/api/v1/users/): " in out


def test_a_base_url_without_a_scheme_is_a_usage_error():
    code, _, error = command("smoke", "--base-url", "localhost:8000")
    assert code == 2
    assert "must start with http:// or https://" in error


@pytest.mark.parametrize(
    ("script", "group_title", "keys", "other_keys"),
    [
        (
            "test_tip_management_endpoints.py",
            "Tip management",
            ("tips.dashboard", "tips.list", "tips.analytics", "tips.earnings"),
            ("loyalty.items",),
        ),
        (
            "test_loyalty_redemption.py",
            "Loyalty redemption",
            ("loyalty.categories", "loyalty.items", "loyalty.requests", "loyalty.analytics"),
            ("tips.dashboard",),
        ),
    ],
)
def test_the_checklist_scripts_check_their_half(
    live_server, superadmin, script, group_title, keys, other_keys
):
    env = project_env(
        SMOKE_BASE_URL=live_server.url, SMOKE_USERNAME="smoke_superadmin", SMOKE_PASSWORD=PASSWORD
    )
    result = run([script], env=env)
    assert result.returncode == 0, explain(result)
    out = result.stdout
    assert "✓ login as smoke_superadmin" in out, explain(result)
    assert "✓ health.ready (/health/ready/)" in out
    assert group_title in out
    assert all(f"✓ {key} (" in out for key in keys), out
    assert not any(f" {key} (" in out for key in other_keys)
    assert out.rstrip().splitlines()[-1].startswith("OK: ")
    assert "0 failed, 0 warnings, 0 skipped" in out


@pytest.mark.parametrize(
    ("script", "missing"),
    [
        ("test_tip_management_endpoints.py", "tips.earnings"),
        ("test_loyalty_redemption.py", "loyalty.analytics"),
    ],
)
def test_the_checklist_scripts_fail_when_an_endpoint_is_missing(
    live_server, superadmin, script, missing, settings
):
    settings.ROOT_URLCONF = urlconf_without(
        next(e for e in CHECKLIST_ENDPOINTS if e.key == missing)
    )
    env = project_env(
        SMOKE_BASE_URL=live_server.url, SMOKE_USERNAME="smoke_superadmin", SMOKE_PASSWORD=PASSWORD
    )
    result = run([script], env=env)
    assert result.returncode == 1, explain(result)
    assert f"✗ {missing} (" in result.stdout
    assert "404: the endpoint is missing" in result.stdout


def test_pytest_does_not_collect_the_checklist_scripts():
    ini = configparser.ConfigParser()
    ini.read(REPO / "pytest.ini")
    assert ini["pytest"]["testpaths"].split() == ["tests"]
    collected = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            "test_tip_management_endpoints.py",
            "test_loyalty_redemption.py",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert collected.returncode == 5, collected.stdout + collected.stderr  # no tests collected


def test_a_redirect_is_reported_not_followed():
    import http.server
    import threading

    class Redirects(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            self.send_response(301)
            self.send_header("Location", "https://api.example.com/api/v1/auth/login/")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirects)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        options = smoke.SmokeOptions(
            base_url=f"http://127.0.0.1:{server.server_port}", username="u", password="p"
        )
        token, result = smoke.authenticate(options)
    finally:
        server.shutdown()
        server.server_close()
    assert token == ""
    assert result.detail == (
        "301 redirect to https://api.example.com/api/v1/auth/login/ "
        "(use the base URL it redirects to)"
    )
