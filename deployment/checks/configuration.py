"""Configuration: required variables set, strong signing keys, `check --deploy` clean, DEBUG off."""

from django.conf import settings

from core.signing_keys import GENERATE_HINT, signing_key_problem
from deployment.checks.options import PreflightOptions
from deployment.processes import manage_py, tail
from deployment.results import CheckResult

TITLE = "Configuration"
# What to set, for each required variable that is missing.
REQUIRED_ENV_HINTS = {
    "DATABASE_URL": "e.g. postgres://USER:PASSWORD@HOST:5432/writing_system",
    "REDIS_URL": "e.g. redis://HOST:6379/0",
    "CELERY_BROKER_URL": "e.g. redis://HOST:6379/1 (without it tasks run in the web process)",
    "SECRET_KEY": f"50+ random characters: {GENERATE_HINT}",
    "ALLOWED_HOSTS": "the host names the service answers to, e.g. api.example.com",
    "CORS_ALLOWED_ORIGINS": "the admin frontend's origins, e.g. https://admin.example.com",
}


def required_env() -> list[CheckResult]:
    """One line per required variable: set (non-empty) in the environment or `.env`."""
    present = settings.DEPLOYMENT_ENV_PRESENT
    results = []
    for name in settings.DEPLOYMENT_REQUIRED_ENV:
        if present.get(name):
            results.append(CheckResult.passed(f"{name} is set"))
        else:
            hint = REQUIRED_ENV_HINTS.get(name, "")
            results.append(
                CheckResult.failed(
                    f"{name} is set",
                    f"not set: set {name} ({hint})" if hint else f"not set: set {name}",
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


def https_redirect() -> CheckResult:
    """Plain HTTP is redirected to HTTPS: production serves only over TLS (at the proxy)."""
    name = "HTTP redirected to HTTPS (SECURE_SSL_REDIRECT)"
    if not getattr(settings, "SECURE_SSL_REDIRECT", False):
        return CheckResult.failed(
            name,
            "off: set SECURE_SSL_REDIRECT=true, with TLS ending at a proxy that sends "
            "X-Forwarded-Proto (false only to try the service over plain HTTP)",
        )
    return CheckResult.passed(name, "behind a proxy that sends X-Forwarded-Proto")


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
    return [*required_env(), *signing_keys(), https_redirect(), deploy_check(), debug_off()]
