"""Configuration: required variables set, strong signing keys, `check --deploy` clean, DEBUG off."""

from django.conf import settings

from core.signing_keys import GENERATE_HINT, signing_key_problem
from deployment.checks.options import PreflightOptions
from deployment.processes import manage_py, tail
from deployment.results import CheckResult

TITLE = "Configuration"


def required_env() -> list[CheckResult]:
    """One line per required variable: set (non-empty) in the environment or `.env`."""
    present = settings.DEPLOYMENT_ENV_PRESENT
    results = []
    for name in settings.DEPLOYMENT_REQUIRED_ENV:
        if present.get(name):
            results.append(CheckResult.passed(f"{name} is set"))
        else:
            results.append(
                CheckResult.failed(
                    f"{name} is set", "not set (the settings fall back to a development default)"
                )
            )
    return results


def signing_keys() -> list[CheckResult]:
    """SECRET_KEY and the JWT signing key: long, random, and never published in the repository."""
    jwt_source = (
        "JWT_SIGNING_KEY"
        if settings.DEPLOYMENT_ENV_PRESENT.get("JWT_SIGNING_KEY")
        else "SECRET_KEY (JWT_SIGNING_KEY is not set)"
    )
    checks = (
        ("SECRET_KEY is a private, random key", "SECRET_KEY", settings.SECRET_KEY or ""),
        ("JWT signing key", jwt_source, settings.SIMPLE_JWT.get("SIGNING_KEY") or ""),
    )
    results = []
    for name, source, key in checks:
        problem = signing_key_problem(key)
        if problem:
            results.append(CheckResult.failed(name, f"{source} {problem}; {GENERATE_HINT}"))
        else:
            results.append(CheckResult.passed(name, f"from {source}"))
    return results


def debug_off() -> CheckResult:
    if settings.DEBUG:
        return CheckResult.failed("DEBUG off", "DEBUG is on: set DJANGO_ENV=production")
    return CheckResult.passed("DEBUG off")


def deploy_check() -> CheckResult:
    """Run `check --deploy --fail-level WARNING` with the production settings, in a child."""
    name = "check --deploy (production settings)"
    completed = manage_py(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        overrides={"DJANGO_ENV": "production", "DJANGO_SETTINGS_MODULE": "config.settings"},
        timeout=120,
    )
    output = tail(completed.stdout + completed.stderr, lines=8)
    if completed.returncode != 0:
        last = output[-1].strip() if output else "no output"
        return CheckResult.failed(name, f"exit {completed.returncode}: {last}", lines=output)
    return CheckResult.passed(name, output[-1] if output else "no issues")


def run(options: PreflightOptions) -> list[CheckResult]:
    return [*required_env(), *signing_keys(), deploy_check(), debug_off()]
