"""API: the OpenAPI schema generates without warnings; static files collected; the pages answer."""

import json

from django.apps import apps
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from core.staticfiles import COLLECTSTATIC_COMMAND
from deployment.checks.options import PreflightOptions
from deployment.inprocess import Caller
from deployment.results import CheckResult

TITLE = "API"
DOC_PAGES = (
    ("OpenAPI schema", "/api/v1/schema/"),
    ("Swagger UI", "/api/v1/docs/swagger/"),
    ("ReDoc", "/api/v1/docs/redoc/"),
    ("Django admin", "/admin/login/"),
)


def generate_schema() -> tuple[dict | None, list[str], list[str]]:
    """Generate the schema as `spectacular` does; return (schema, warnings, errors)."""
    # drf-spectacular collects its warnings and errors in GENERATOR_STATS (what its
    # `--fail-on-warn` reads); reset it, generate silently, then read what was emitted.
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        schema = SchemaGenerator().get_schema(request=None, public=True)
    warnings = sorted(GENERATOR_STATS._warn_cache)
    errors = sorted(GENERATOR_STATS._error_cache)
    GENERATOR_STATS.reset()
    return schema, warnings, errors


def schema_generates(options: PreflightOptions) -> list[CheckResult]:
    name = "OpenAPI schema generates without warnings"
    try:
        schema, warnings, errors = generate_schema()
    except Exception as error:  # any failure of a view's schema is this check's finding
        return [CheckResult.failed(name, f"{type(error).__name__}: {error}")]
    if errors or warnings:
        result = CheckResult.failed(
            name, f"{len(errors)} errors, {len(warnings)} warnings", lines=[*errors, *warnings]
        )
    else:
        result = CheckResult.passed(name, f"{len(schema.get('paths', {}))} paths")
    results = [result]
    try:
        validate_schema(schema)
    except Exception as error:  # jsonschema's ValidationError and friends
        results.append(CheckResult.failed("schema is valid OpenAPI 3", str(error)[:500]))
    else:
        results.append(CheckResult.passed("schema is valid OpenAPI 3"))
    results.append(endpoints_documented(schema, options))
    return results


def endpoints_documented(schema: dict, options: PreflightOptions) -> CheckResult:
    name = "checklist endpoints documented"
    paths = set(schema.get("paths", {}))
    missing = [e.path for e in options.endpoints if e.path not in paths]
    if missing:
        return CheckResult.failed(name, f"{len(missing)} not in the schema", lines=missing)
    return CheckResult.passed(name, f"{len(options.endpoints)} documented")


def static_files_collected() -> CheckResult:
    """`collectstatic` has run: its manifest names every static file of the installed apps."""
    name = "static files collected (Swagger UI, ReDoc, admin)"
    storage = staticfiles_storage
    if not isinstance(storage, ManifestFilesMixin):
        return CheckResult.passed(name, "served from the apps' own directories (no manifest)")
    run_it = f"run `{COLLECTSTATIC_COMMAND}`"
    manifest = storage.read_manifest()
    if manifest is None:
        return CheckResult.failed(
            name, f"{storage.path(storage.manifest_name)} is missing: {run_it}"
        )
    collected = set(json.loads(manifest).get("paths", {}))
    missing = missing_static_files(collected)
    if missing:
        return CheckResult.failed(
            name, f"{len(missing)} files are not collected: {run_it}", lines=missing[:10]
        )
    return CheckResult.passed(name, f"{len(collected)} files in {storage.location}")


def missing_static_files(collected: set[str]) -> list[str]:
    """The installed apps' static files (as `collectstatic` finds them) not in `collected`."""
    ignore = apps.get_app_config("staticfiles").ignore_patterns
    found = {path for finder in finders.get_finders() for path, _ in finder.list(ignore)}
    return sorted(found - collected)


def pages_answer() -> list[CheckResult]:
    results = []
    caller = Caller()
    for title, path in DOC_PAGES:
        name = f"{title} answers ({path})"
        answer = caller.get(path)
        if answer.status == 200:
            results.append(CheckResult.passed(name, f"200 in {answer.elapsed_ms:.0f} ms"))
            continue
        detail = f"status {answer.status}"
        if isinstance(answer.body, dict) and answer.body.get("detail"):
            detail += f": {answer.body['detail']}"
        results.append(CheckResult.failed(name, detail))
    return results


def run(options: PreflightOptions) -> list[CheckResult]:
    return [*schema_generates(options), static_files_collected(), *pages_answer()]
