"""API: the OpenAPI schema generates without warnings; the schema and docs pages answer."""

from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema

from deployment.checks.options import PreflightOptions
from deployment.inprocess import Caller
from deployment.results import CheckResult

TITLE = "API"
DOC_PAGES = (
    ("OpenAPI schema", "/api/v1/schema/"),
    ("Swagger UI", "/api/v1/docs/swagger/"),
    ("ReDoc", "/api/v1/docs/redoc/"),
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
    deployed = [e for e in options.endpoints if e.is_deployed()]
    missing = [e.path for e in deployed if e.path not in paths]
    if missing:
        return CheckResult.failed(name, f"{len(missing)} not in the schema", lines=missing)
    not_deployed = len(options.endpoints) - len(deployed)
    detail = f"{len(deployed)} documented"
    if not_deployed:
        detail += f" ({not_deployed} not deployed yet)"
    return CheckResult.passed(name, detail)


def pages_answer() -> list[CheckResult]:
    results = []
    caller = Caller()
    for title, path in DOC_PAGES:
        name = f"{title} answers ({path})"
        answer = caller.get(path)
        if answer.status == 200:
            results.append(CheckResult.passed(name, f"200 in {answer.elapsed_ms:.0f} ms"))
        else:
            results.append(CheckResult.failed(name, f"status {answer.status}"))
    return results


def run(options: PreflightOptions) -> list[CheckResult]:
    return [*schema_generates(options), *pages_answer()]
