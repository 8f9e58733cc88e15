"""Preflight's configuration and dependencies sections."""

import json
import secrets

import pytest

from core.signing_keys import PUBLISHED_KEYS
from deployment.checks import configuration, dependencies
from deployment.checks.options import PreflightOptions
from deployment.results import Status
from tests.core.subprocesses import explain, manage, project_env

ALL_SET = {
    "DATABASE_URL": True,
    "REDIS_URL": True,
    "CELERY_BROKER_URL": True,
    "SECRET_KEY": True,
    "ALLOWED_HOSTS": True,
    "CORS_ALLOWED_ORIGINS": True,
    "JWT_SIGNING_KEY": False,
}
# Generated per run: a key written in the repository is refused.
STRONG_KEY = secrets.token_urlsafe(50)


def test_every_required_variable_set_passes(settings):
    settings.DEPLOYMENT_ENV_PRESENT = dict(ALL_SET)
    results = configuration.required_env()
    assert [r.status for r in results] == [Status.PASS] * len(settings.DEPLOYMENT_REQUIRED_ENV)


def test_a_missing_variable_fails_by_name(settings):
    settings.DEPLOYMENT_ENV_PRESENT = {**ALL_SET, "REDIS_URL": False}
    failed = [r.name for r in configuration.required_env() if r.status == Status.FAIL]
    assert failed == ["REDIS_URL is set"]


def _signing_key_results() -> dict:
    return {result.name: result for result in configuration.signing_keys()}


def test_a_short_jwt_signing_key_fails(settings):
    settings.SECRET_KEY = STRONG_KEY
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": "short"}
    result = _signing_key_results()["JWT signing key"]
    assert result.status == Status.FAIL
    assert "5 characters; use at least 50" in result.detail
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": secrets.token_urlsafe(50)}
    settings.DEPLOYMENT_ENV_PRESENT = {**ALL_SET, "JWT_SIGNING_KEY": True}
    result = _signing_key_results()["JWT signing key"]
    assert (result.status, result.detail) == (Status.PASS, "from JWT_SIGNING_KEY")


@pytest.mark.parametrize("key", sorted(PUBLISHED_KEYS))
def test_a_key_published_in_the_repository_fails_preflight(settings, key):
    settings.SECRET_KEY = key
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": key}
    results = _signing_key_results()
    for name in ("SECRET_KEY is a private, random key", "JWT signing key"):
        assert results[name].status == Status.FAIL
        assert "published in this repository" in results[name].detail
        assert "secrets.token_urlsafe" in results[name].detail


def test_random_signing_keys_pass_preflight(settings):
    settings.SECRET_KEY = STRONG_KEY
    settings.SIMPLE_JWT = {**settings.SIMPLE_JWT, "SIGNING_KEY": STRONG_KEY}
    settings.DEPLOYMENT_ENV_PRESENT = dict(ALL_SET)
    results = _signing_key_results()
    assert [r.status for r in results.values()] == [Status.PASS, Status.PASS]
    assert results["JWT signing key"].detail == "from SECRET_KEY (JWT_SIGNING_KEY is not set)"


def test_debug_on_fails(settings):
    settings.DEBUG = True
    assert configuration.debug_off().status == Status.FAIL
    settings.DEBUG = False
    assert configuration.debug_off().status == Status.PASS


@pytest.mark.slow
def test_check_deploy_runs_with_the_production_settings(monkeypatch):
    for name in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ENV", "DJANGO_SETTINGS_MODULE"):
        monkeypatch.delenv(name, raising=False)
    missing = configuration.deploy_check()
    assert missing.status == Status.FAIL
    assert "Set the SECRET_KEY environment variable" in missing.detail

    monkeypatch.setenv("SECRET_KEY", STRONG_KEY)
    monkeypatch.setenv("ALLOWED_HOSTS", "api.example.com")
    configured = configuration.deploy_check()
    # The production settings now load: the verdict is Django's own summary line.
    assert "SECRET_KEY" not in configured.detail
    assert "System check identified" in configured.detail


@pytest.mark.slow
def test_the_settings_read_which_variables_are_set_from_the_environment():
    env = project_env(DATABASE_URL="sqlite:///:memory:", CORS_ALLOWED_ORIGINS="https://a.example")
    code = (
        "from django.conf import settings; import json; "
        "print(json.dumps(settings.DEPLOYMENT_ENV_PRESENT))"
    )
    result = manage("shell", "-c", code, env=env)
    assert result.returncode == 0, explain(result)
    present = json.loads(result.stdout.strip().splitlines()[-1])
    assert present["DATABASE_URL"] is True
    assert present["CORS_ALLOWED_ORIGINS"] is True
    assert present["REDIS_URL"] is False
    assert present["SECRET_KEY"] is False


@pytest.mark.parametrize(("strict", "status"), [(False, Status.SKIP), (True, Status.FAIL)])
def test_pip_check_without_pip_fails_when_strict(monkeypatch, strict, status):
    monkeypatch.setattr(dependencies, "find_spec", lambda name: None)
    result = dependencies.pip_check(PreflightOptions(strict=strict))
    assert result.status == status
    assert result.detail.startswith("pip is not installed in this environment")


def test_requirements_are_parsed_with_includes_markers_and_extras(tmp_path):
    (tmp_path / "base.txt").write_text("# runtime\nDjango==5.2.19  # web\ncelery[redis]==5.7.0\n")
    (tmp_path / "dev.txt").write_text(
        '-r base.txt\n--index-url https://pypi.org/simple\npytest==9.2.0 ; python_version < "3"\n'
    )
    requirements = dependencies.read_requirements(tmp_path / "dev.txt")
    assert [str(r) for r in requirements] == [
        "Django==5.2.19",
        "celery[redis]==5.7.0",
        'pytest==9.2.0; python_version < "3"',
    ]


def test_the_project_pins_are_installed(settings):
    results = dependencies.pinned_requirements_installed(settings.DEPLOYMENT_REQUIREMENTS_FILES)
    assert [r.status for r in results] == [Status.PASS]


def test_a_pin_that_differs_from_the_installed_version_fails(tmp_path):
    pins = tmp_path / "requirements.txt"
    pins.write_text("Django==1.11.0\nredis==8.1.0\nno-such-package-xyz==1.0\n")
    [result] = dependencies.pinned_requirements_installed([pins])
    assert result.status == Status.FAIL
    assert result.detail == "2 of 3 differ"
    assert result.lines[0].startswith("Django: 5.2.")
    assert result.lines[0].endswith("installed, pinned Django==1.11.0")
    assert result.lines[1] == "no-such-package-xyz: not installed (wants no-such-package-xyz==1.0)"


def test_an_unreadable_requirements_line_fails(tmp_path):
    pins = tmp_path / "requirements.txt"
    pins.write_text("Django=5.2\n")
    [result] = dependencies.pinned_requirements_installed([pins])
    assert result.status == Status.FAIL
    assert result.detail.startswith("requirements.txt:1:")


@pytest.mark.slow
def test_pip_check_reports_on_this_environment():
    result = dependencies.pip_check(PreflightOptions())
    assert result.status == Status.PASS, result.lines
