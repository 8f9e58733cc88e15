"""The settings docker-compose.yml ships pass `preflight --strict`, which CI runs with them."""

import secrets

import pytest

from deployment.compose import MissingVariable, interpolate, service_environment
from tests.core.subprocesses import REPO, explain, manage, project_env

# What docs/DEPLOYMENT.md says to set before `docker-compose up` (the key generated, as it says).
DOCUMENTED = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "CORS_ALLOWED_ORIGINS": "https://admin.example.com",
    "RABBITMQ_PASSWORD": secrets.token_urlsafe(24),
}


def preflight_configuration(**overrides: str):
    compose = service_environment("web", {**DOCUMENTED, **overrides})
    return manage("preflight", "--strict", "--section", "configuration", env=project_env(**compose))


@pytest.mark.parametrize(
    ("value", "environ", "expected"),
    [
        ("${A:-x}", {}, "x"),
        ("${A:-x}", {"A": ""}, "x"),
        ("${A-x}", {"A": ""}, ""),
        ("${A:-x}", {"A": "set"}, "set"),
        ("$A and ${B}", {"A": "1", "B": "2"}, "1 and 2"),
        ("$${A}", {"A": "1"}, "${A}"),
        ("${A?}", {"A": ""}, ""),
    ],
)
def test_compose_variables_are_interpolated_as_compose_does(value, environ, expected):
    assert interpolate(value, environ) == expected


def test_compose_refuses_to_start_without_the_admin_frontends_origins():
    with pytest.raises(MissingVariable, match=r"CORS_ALLOWED_ORIGINS: the admin frontend origins"):
        service_environment(
            "web",
            {"SECRET_KEY": DOCUMENTED["SECRET_KEY"], "RABBITMQ_PASSWORD": "a-broker-password"},
        )


def test_compose_refuses_to_start_without_a_broker_password():
    with pytest.raises(MissingVariable, match=r"RABBITMQ_PASSWORD: set RABBITMQ_PASSWORD"):
        service_environment(
            "web",
            {key: value for key, value in DOCUMENTED.items() if key != "RABBITMQ_PASSWORD"},
        )


def test_compose_redirects_plain_http_to_https_by_default():
    environment = service_environment("web", DOCUMENTED)
    assert environment["SECURE_SSL_REDIRECT"] == "true"
    assert environment["CORS_ALLOWED_ORIGINS"] == "https://admin.example.com"


@pytest.mark.slow
def test_preflight_strict_passes_with_the_compose_defaults_and_the_documented_variables():
    result = preflight_configuration()
    assert result.returncode == 0, explain(result)
    assert "✓ CORS_ALLOWED_ORIGINS is set" in result.stdout
    assert "✓ HTTP redirected to HTTPS (SECURE_SSL_REDIRECT)" in result.stdout
    assert "✓ check --deploy (production settings)" in result.stdout


@pytest.mark.slow
def test_plain_http_fails_preflight_saying_what_to_set():
    result = preflight_configuration(SECURE_SSL_REDIRECT="false")
    assert result.returncode == 1, explain(result)
    assert (
        "✗ HTTP redirected to HTTPS (SECURE_SSL_REDIRECT): off: set SECURE_SSL_REDIRECT=true"
    ) in result.stdout


@pytest.mark.slow
def test_empty_cors_origins_fail_preflight_saying_what_to_set():
    result = preflight_configuration(CORS_ALLOWED_ORIGINS=" ")
    assert result.returncode == 1, explain(result)
    assert (
        "✗ CORS_ALLOWED_ORIGINS is set: not set: set CORS_ALLOWED_ORIGINS (the admin frontend's "
        "origins, e.g. https://admin.example.com)"
    ) in result.stdout


def test_ci_runs_preflight_strict_with_the_compose_settings():
    script = (REPO / "deployment" / "deploy_checks.sh").read_text()
    assert '"$PY" manage.py preflight --strict $PREFLIGHT_ARGS' in script
    assert '"$PY" -m deployment.compose web' in script
    assert "make deploy-checks" in (REPO / ".ci" / "run").read_text()
