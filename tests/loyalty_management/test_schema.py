"""Every loyalty endpoint is documented: tags, summary, examples, errors, idempotency header."""

import pytest
from drf_spectacular.generators import SchemaGenerator

PREFIX = "/api/v1/loyalty-management/"
IDEMPOTENT = {
    ("post", f"{PREFIX}redemption-requests/"),
    ("post", f"{PREFIX}award/"),
    ("post", f"{PREFIX}deduct/"),
    ("post", f"{PREFIX}redemption-requests/{{id}}/approve/"),
    ("post", f"{PREFIX}redemption-requests/{{id}}/reject/"),
    ("post", f"{PREFIX}redemption-requests/{{id}}/cancel/"),
}


@pytest.fixture(scope="module")
def operations() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (method, path): operation
        for path, item in schema["paths"].items()
        if path.startswith(PREFIX)
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    }


def _has_example(operation: dict) -> bool:
    bodies = [operation.get("requestBody", {}), *list(operation["responses"].values())]
    return any(
        media.get("examples") for body in bodies for media in body.get("content", {}).values()
    )


def test_the_contract_paths_exist(operations):
    paths = {path for _method, path in operations}
    for name in (
        "redemption-categories/",
        "redemption-items/",
        "redemption-requests/",
        "redemption-requests/{id}/approve/",
        "redemption-requests/{id}/fulfill/",
        "redemption-requests/{id}/reject/",
        "redemption-requests/{id}/cancel/",
        "summary/",
        "transactions/",
        "tiers/",
        "milestones/",
        "settings/",
        "award/",
        "deduct/",
        "analytics/",
    ):
        assert f"{PREFIX}{name}" in paths, name


def test_every_operation_has_tags_a_summary_errors_and_an_example(operations):
    for key, operation in operations.items():
        assert operation.get("tags"), key
        assert operation.get("summary"), key
        assert "401" in operation["responses"], key
        assert _has_example(operation), key


def test_points_moving_posts_declare_the_idempotency_key(operations):
    for key, operation in operations.items():
        headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
        assert ("Idempotency-Key" in headers) == (key in IDEMPOTENT), key


@pytest.mark.parametrize("resource", ["redemption-items", "tiers"])
@pytest.mark.parametrize("method", ["put", "patch"])
def test_changes_that_can_be_refused_as_in_use_document_their_409(operations, resource, method):
    operation = operations[(method, f"{PREFIX}{resource}/{{id}}/")]
    assert "409" in operation["responses"]
    assert "409 when" in operation["description"]


@pytest.mark.parametrize("resource", ["redemption-categories", "badges", "milestones"])
def test_changes_that_cannot_conflict_document_no_409(operations, resource):
    assert "409" not in operations[("patch", f"{PREFIX}{resource}/{{id}}/")]["responses"]
