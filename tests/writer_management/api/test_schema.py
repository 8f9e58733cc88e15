"""The OpenAPI schema documents every writer-management endpoint with its errors and examples."""

import pytest

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1/writer-management/"
IDEMPOTENT_POSTS = {
    f"{PREFIX}tips/",
    f"{PREFIX}tips/{{id}}/process_payment/",
    f"{PREFIX}tips/{{id}}/confirm_payment/",
    f"{PREFIX}tips/{{id}}/refund/",
}


@pytest.fixture(scope="module")
def operations(django_db_blocker):
    from rest_framework.test import APIClient

    with django_db_blocker.unblock():
        schema = (
            APIClient()
            .get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
            .json()
        )
    return {
        (path, method): operation
        for path, item in schema["paths"].items()
        if path.startswith(PREFIX)
        for method, operation in item.items()
    }


def test_every_endpoint_of_the_issue_is_documented(operations):
    assert {
        (f"{PREFIX}tips/", "get"),
        (f"{PREFIX}tips/", "post"),
        (f"{PREFIX}tips/{{id}}/", "get"),
        (f"{PREFIX}tips/{{id}}/process_payment/", "post"),
        (f"{PREFIX}tips/{{id}}/confirm_payment/", "post"),
        (f"{PREFIX}tips/{{id}}/refund/", "post"),
        (f"{PREFIX}tips/earnings/", "get"),
        (f"{PREFIX}writer-level-configs/", "get"),
        (f"{PREFIX}writer-level-configs/", "post"),
        (f"{PREFIX}writer-level-configs/{{id}}/", "patch"),
        (f"{PREFIX}writer-level-configs/{{id}}/", "delete"),
        (f"{PREFIX}writer-profiles/", "get"),
        (f"{PREFIX}writer-profiles/{{id}}/assign_level/", "post"),
        (f"{PREFIX}tip-settings/", "get"),
        (f"{PREFIX}tip-settings/", "patch"),
    } <= set(operations)
    assert (f"{PREFIX}tips/{{id}}/", "put") not in operations
    assert (f"{PREFIX}tips/{{id}}/", "delete") not in operations


def test_each_operation_has_a_tag_a_summary_errors_and_an_example(operations):
    for (path, method), operation in operations.items():
        where = f"{method.upper()} {path}"
        assert operation.get("tags"), where
        assert operation.get("summary"), where
        responses = operation["responses"]
        assert {"401"} <= set(responses), where
        has_example = any(
            "examples" in content
            for response in responses.values()
            for content in response.get("content", {}).values()
        ) or any(
            "examples" in content
            for content in operation.get("requestBody", {}).get("content", {}).values()
        )
        assert has_example, where


def test_money_posts_document_the_idempotency_key(operations):
    for path in IDEMPOTENT_POSTS:
        parameters = operations[(path, "post")].get("parameters", [])
        header = next(p for p in parameters if p["name"] == "Idempotency-Key")
        assert (header["in"], header["required"]) == ("header", True)
        assert "422" in operations[(path, "post")]["responses"]


def test_the_tip_list_documents_the_admin_filters(operations):
    names = {p["name"] for p in operations[(f"{PREFIX}tips/", "get")]["parameters"]}
    assert {
        "tip_type",
        "payment_status",
        "date_from",
        "date_to",
        "order_id",
        "class_bundle_id",
        "website_id",
    } <= names


def test_the_tip_shapes_are_told_apart_by_their_audience(operations):
    from tests.hardening.api import schema

    components = schema()["components"]["schemas"]
    by_role = components["TipOutputByRole"]
    assert by_role["discriminator"] == {
        "propertyName": "audience",
        "mapping": {
            "client": "#/components/schemas/TipClientOutput",
            "writer": "#/components/schemas/TipWriterOutput",
            "admin": "#/components/schemas/TipAdminOutput",
        },
    }
    for audience in ("client", "writer", "admin"):
        shape = components[f"Tip{audience.title()}Output"]
        assert "audience" in shape["required"]
        enum_ref = shape["properties"]["audience"]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
        assert components[enum_ref]["enum"] == [audience]
