"""Preflight's API section: schema warnings, schema validity, documented endpoints, doc pages."""

import json

import pytest
from drf_spectacular.drainage import warn

from core.staticfiles import ManifestStaticFilesStorage
from deployment.checks import api
from deployment.checks.options import PreflightOptions
from deployment.endpoints import CHECKLIST_ENDPOINTS, Endpoint
from deployment.results import Status

MINIMAL = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}


def schema_returning(schema, warning=None):
    def get_schema(self, request=None, public=False):
        if warning:
            warn(warning)
        return schema

    return get_schema


def test_a_schema_warning_fails_with_the_message(monkeypatch):
    monkeypatch.setattr(
        api.SchemaGenerator, "get_schema", schema_returning(MINIMAL, "could not resolve field")
    )
    generated, *_ = api.schema_generates(PreflightOptions(endpoints=()))
    assert generated.status == Status.FAIL
    assert generated.detail == "0 errors, 1 warnings"
    assert "could not resolve field" in generated.lines[0]


def test_a_clean_schema_passes_and_the_warning_cache_starts_empty(monkeypatch):
    warn("left over from an earlier generation")
    monkeypatch.setattr(api.SchemaGenerator, "get_schema", schema_returning(MINIMAL))
    generated, valid, documented = api.schema_generates(PreflightOptions(endpoints=()))
    assert generated.status == Status.PASS
    assert valid.status == Status.PASS
    assert documented.status == Status.PASS


def test_an_invalid_schema_fails_validation(monkeypatch):
    broken = {**MINIMAL, "paths": {"/x/": {"get": {"responses": "not a mapping"}}}}
    monkeypatch.setattr(api.SchemaGenerator, "get_schema", schema_returning(broken))
    _, valid, _ = api.schema_generates(PreflightOptions(endpoints=()))
    assert valid.status == Status.FAIL


@pytest.mark.django_db
def test_a_deployed_endpoint_missing_from_the_schema_fails():
    orders = Endpoint("orders.list", "existing", "/api/v1/orders/", 1000, keys=("count",))
    missing = api.endpoints_documented(MINIMAL, PreflightOptions(endpoints=(orders,)))
    assert missing.status == Status.FAIL
    assert missing.lines == ["/api/v1/orders/"]
    documented = {**MINIMAL, "paths": {"/api/v1/orders/": {}}}
    result = api.endpoints_documented(documented, PreflightOptions(endpoints=(orders,)))
    assert result.status == Status.PASS


def test_every_deployed_checklist_endpoint_is_in_the_generated_schema():
    schema, _, _ = api.generate_schema()
    result = api.endpoints_documented(schema, PreflightOptions(endpoints=CHECKLIST_ENDPOINTS))
    assert result.status == Status.PASS, result.lines


@pytest.mark.django_db
def test_the_schema_swagger_redoc_and_admin_pages_answer():
    results = api.pages_answer()
    assert [r.status for r in results] == [Status.PASS] * 4
    assert [r.name.split(" (")[0] for r in results] == [
        "OpenAPI schema answers",
        "Swagger UI answers",
        "ReDoc answers",
        "Django admin answers",
    ]


def manifest_storage(tmp_path, paths: dict | None):
    """A production (manifest) storage in `tmp_path`, with a manifest naming `paths` if given."""
    if paths is not None:
        manifest = {"paths": paths, "version": "1.1", "hash": "x"}
        (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return ManifestStaticFilesStorage(location=str(tmp_path))


def test_static_files_never_collected_fail_with_the_command_to_run(monkeypatch, tmp_path):
    monkeypatch.setattr(api, "staticfiles_storage", manifest_storage(tmp_path, None))
    result = api.static_files_collected()
    assert result.status == Status.FAIL
    assert result.detail == (
        f"{tmp_path}/staticfiles.json is missing: run `python manage.py collectstatic --noinput`"
    )


def test_static_files_collected_before_new_ones_arrived_fail_naming_them(monkeypatch, tmp_path):
    monkeypatch.setattr(
        api, "staticfiles_storage", manifest_storage(tmp_path, {"admin/css/base.css": "x.css"})
    )
    result = api.static_files_collected()
    assert result.status == Status.FAIL
    assert result.detail.endswith(
        "files are not collected: run `python manage.py collectstatic --noinput`"
    )
    assert "admin/css/base.css" not in result.lines
    assert "admin/css/login.css" in api.missing_static_files(set())
