"""The API documentation and the OpenAPI schema show what the endpoints really return."""

import json
import re
from pathlib import Path

import pytest

from admin_management.api import examples
from tests.admin_management.conftest import BASE

pytestmark = pytest.mark.django_db

DOC = Path(__file__).resolve().parents[2] / "docs" / "TIP_MANAGEMENT_API_DOCUMENTATION.md"
_BLOCK = re.compile(r"<!-- example: (\w+) -->\n```(\w+)\n(.*?)\n```", re.DOTALL)
_PATTERNS = [
    re.compile(r"^\d{4}-\d{2}$"),
    re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"),
]
# What each documented example was requested with.
REQUESTS = {
    "dashboard": ("dashboard", {"days": 30}),
    "list_tips": ("list_tips", {"limit": 2}),
    "analytics": ("analytics", {"days": 7}),
    "earnings": ("earnings", {}),
    "what_if": (
        "what-if",
        {"level": "Senior", "percentage": "45", "date_from": "2020-01-01", "date_to": "2030-12-31"},
    ),
}
IN_CODE = {
    "dashboard": examples.DASHBOARD,
    "list_tips": examples.LIST_TIPS,
    "analytics": examples.ANALYTICS,
    "earnings": examples.EARNINGS,
    "what_if": examples.WHAT_IF,
}


def _documented() -> dict[str, str]:
    return {name: body for name, _language, body in _BLOCK.findall(DOC.read_text())}


def _conforms(example, live, path="$") -> None:
    """Assert that `live` has the example's shape: keys, types, list items, date formats."""
    if example is None or live is None:  # nullable: a name, an order, a class bundle, a percentage
        nullable = str | dict | int | float | type(None)
        for value in (example, live):
            assert isinstance(value, nullable), path
            assert not isinstance(value, bool), path
        return
    if isinstance(example, dict):
        assert isinstance(live, dict), path
        assert list(live) == list(example), path
        for key, value in example.items():
            _conforms(value, live[key], f"{path}.{key}")
    elif isinstance(example, list):
        assert isinstance(live, list), path
        assert bool(live) == bool(example), f"{path}: the seeded response should have items"
        for item in example:
            for live_item in live:
                _conforms(item, live_item, f"{path}[]")
    elif isinstance(example, bool):
        assert isinstance(live, bool), path
    elif isinstance(example, int | float):
        assert not isinstance(live, bool), path
        assert isinstance(live, int | float), path
    else:
        assert isinstance(example, str), path
        assert isinstance(live, str), path
        for pattern in _PATTERNS:
            assert bool(pattern.match(live)) == bool(pattern.match(example)), (path, live)


def test_every_endpoint_has_a_documented_example_identical_to_the_schemas():
    documented = _documented()
    assert set(documented) == {*IN_CODE, "export", "error"}
    for name, example in IN_CODE.items():
        assert json.loads(documented[name]) == example, name
    assert documented["export"] + "\n" == examples.EXPORT_CSV


@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_the_documented_examples_have_the_live_responses_shape(api_client_for, world, name):
    endpoint, params = REQUESTS[name]
    live = api_client_for(world.alpha.admin).get(f"{BASE}{endpoint}/", params).json()
    _conforms(json.loads(_documented()[name]), live)


def test_the_documented_error_is_what_the_service_answers(api_client_for, world):
    response = api_client_for(world.alpha.admin).get(
        f"{BASE}list_tips/", {"date_from": "2026-13-01", "tip_type": "bonus"}
    )
    assert response.status_code == 400
    assert response.json() == json.loads(_documented()["error"])


def test_the_documented_csv_has_the_live_header_and_columns(api_client_for, world):
    response = api_client_for(world.alpha.admin).get(f"{BASE}export/")
    live = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    documented = _documented()["export"].splitlines()
    assert live[0] == documented[0]
    assert {len(line.split(",")) for line in documented[1:]} == {len(live[0].split(","))}


def test_the_schema_documents_every_parameter_response_and_example(api_client):
    schema = api_client.get(
        "/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
    ).json()
    expected_parameters = {
        "dashboard": {"website_id", "days"},
        "analytics": {"website_id", "days"},
        "earnings": {"website_id", "date_from", "date_to"},
        "export": {
            "website_id",
            "tip_type",
            "payment_status",
            "writer_id",
            "client_id",
            "date_from",
            "date_to",
        },
        "list_tips": {
            "website_id",
            "tip_type",
            "payment_status",
            "writer_id",
            "client_id",
            "date_from",
            "date_to",
            "limit",
            "offset",
        },
    }
    for endpoint, parameters in expected_parameters.items():
        operation = schema["paths"][f"{BASE}{endpoint}/"]["get"]
        assert {parameter["name"] for parameter in operation["parameters"]} == parameters
        assert all(parameter.get("description") for parameter in operation["parameters"])
        assert set(operation["responses"]) == {"200", "400", "401", "403", "404"}
        assert operation["tags"] == ["admin-management: tips"]
        content = operation["responses"]["200"]["content"]
        media = "text/csv" if endpoint == "export" else "application/json"
        assert next(iter(content[media]["examples"].values()))["value"]
    dashboard = schema["paths"][f"{BASE}dashboard/"]["get"]["responses"]["200"]["content"]
    assert dashboard["application/json"]["examples"]["Dashboard"]["value"] == examples.DASHBOARD
    components = schema["components"]["schemas"]
    assert set(components["TipAdminTipOutput"]["properties"]) == set(
        examples.LIST_TIPS["results"][0]
    )
