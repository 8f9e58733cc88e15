"""Contract fuzzing: Schemathesis drives every operation of the live OpenAPI schema.

Each operation gets a bounded number of generated requests (valid and invalid), derandomized so
a run is repeatable, sent in process to the Django WSGI application as an admin and as a client
of website A. Path parameters mostly name website A's real rows (the hardening world), so the
requests reach real objects. Every response must be no server error, use a documented status
code and content type, match its documented schema, and refuse input the schema forbids.

Boundary values: generated days include far ones, and every integer, number and day of every
request body and query is also sent, one at a time, inside an otherwise valid request (the
access matrix's `REQUESTS`), set to values no column or date holds and to digits of other
scripts: each must be answered without a server error, and the other scripts refused.

Each request runs in a savepoint rolled back afterwards, so every example sees the same world.
"""

import copy
import re
from dataclasses import dataclass
from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.hardening.access_table import MATRIX, REQUESTS
from tests.hardening.api import call, operation, rolled_back
from tests.hardening.api import schema as published_schema
from tests.hardening.world import access_token

MAX_EXAMPLES = 8


@dataclass(frozen=True)
class Gap:
    """A known contract gap, reported to the endpoint's owner and tolerated until it is fixed."""

    operations: tuple[str, ...]  # "METHOD /path/" keys, or ("*",) for every operation
    code: str  # the Schemathesis failure code, e.g. ST103 (undocumented status)
    text: str  # what the failure's message contains

    def matches(self, key: str, failure) -> bool:
        in_scope = self.operations == ("*",) or key in self.operations
        return in_scope and failure.code == self.code and self.text in str(failure)


def _undocumented(status: int, *operations: str) -> Gap:
    return Gap(operations, "ST103", f"Received: {status}")


# Statuses these operations answer without documenting them (their owners add the missing
# `error_responses(...)`); `test_every_known_status_gap_is_still_open` says when one is fixed.
STATUS_GAPS: dict[int, tuple[str, ...]] = {}

KNOWN_GAPS = [
    *(_undocumented(status, *operations) for status, operations in STATUS_GAPS.items()),
]

POSITIVE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CHECKS = [*POSITIVE_CHECKS, negative_data_rejection]

# Days of the far past and future (no date arithmetic survives them) among the generated ones.
FAR_DAYS = [date(1, 1, 1), date(1899, 12, 31), date(3000, 1, 1), date(9999, 12, 31)]
schemathesis.openapi.format(
    "date", st.one_of(st.sampled_from(FAR_DAYS), st.dates()).map(date.isoformat)
)

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())
schema.config.generation.update(max_examples=MAX_EXAMPLES)
# Bounded: the schema's own examples plus MAX_EXAMPLES generated cases; no exhaustive coverage
# phase (hundreds of boundary cases per operation), so the suite stays within its budget.
schema.config.phases.coverage.enabled = False

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests sent to the WSGI app must not close the test's connection mid-transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(shared_world):
    return {
        "admin": access_token(shared_world.a.admin),
        "client": access_token(shared_world.a.client),
    }


def _aim_at_real_rows(case, world) -> None:
    """Point most generated ids at website A's seeded rows; keep one in five as generated."""
    key = f"{case.method.upper()} {case.operation.path}"
    request = REQUESTS.get(key)
    if not request or not request.obj or not case.path_parameters:
        return
    for name, value in case.path_parameters.items():
        if isinstance(value, int) and value % 5:
            case.path_parameters[name] = getattr(world.a, request.obj).pk


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_honours_its_contract(case, shared_world, tokens):
    _aim_at_real_rows(case, shared_world)
    key = f"{case.method.upper()} {case.operation.path}"
    checks = CHECKS if _negative_check_applies(case) else POSITIVE_CHECKS
    for role in ("admin", "client"):
        with rolled_back():
            try:
                case.call_and_validate(
                    headers={"Authorization": f"Bearer {tokens[role]}"}, checks=checks
                )
            except FailureGroup as group:
                unknown = [f for f in group.exceptions if not _known(key, f)]
                if unknown:
                    raise FailureGroup(unknown, str(group)) from None
            except Failure as failure:
                if not _known(key, failure):
                    raise


def _known(key: str, failure) -> bool:
    return any(gap.matches(key, failure) for gap in KNOWN_GAPS) or _coerced_number(failure)


def _coerced_number(failure) -> bool:
    """DRF reads a JSON number sent for a string field as its text: a framework convention."""
    text = str(failure)
    return failure.code == "ST201" and (
        "(was string, became number)" in text or "(was string, became integer)" in text
    )


def _negative_check_applies(case) -> bool:
    """Whether the request is invalid in a way the API is expected to notice.

    Not counted as invalid: an empty query parameter (it means "not given", as django-filter
    reads every list filter), a repeated scalar query parameter (Django reads one of the
    values), and a non-JSON body (a form encoding cannot carry nulls, booleans or nested
    objects: everything arrives as text).
    """
    query = case.query or {}
    if any(value == "" or isinstance(value, list) for value in query.values()):
        return False
    return case.body is NOT_SET or "json" in (case.media_type or "")


def test_every_known_status_gap_is_still_open():
    """When an owner documents a status listed in STATUS_GAPS, its entry must go."""
    closed = []
    for status, operations in STATUS_GAPS.items():
        for key in operations:
            method, path = key.split(" ", 1)
            documented = schema.raw_schema["paths"][path][method.lower()]["responses"]
            if str(status) in documented:
                closed.append((key, status))
    assert not closed, f"Documented now; remove from STATUS_GAPS: {closed}"


# Boundary values ---------------------------------------------------------------------------------

# "\u0661\u0662" is 12 in Arabic-Indic digits: Python's int() and Decimal() read it as 12.
OTHER_DIGITS = "\u0661\u0662"
BOUNDARY_VALUES = {
    # Past a smallint, an integer and a bigint column.
    "integer": [2**15, 2**31, 2**63, -(2**31) - 1, OTHER_DIGITS],
    "number": ["NaN", "1e400", 10**20, OTHER_DIGITS],
    "date": ["0001-01-01", "9999-12-31", "\u0662\u0660\u0662\u0665-01-01"],
    "date-time": [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59-14:00",
        "\u0662\u0660\u0662\u0665-01-01T00:00:00Z",
    ],
}
# A query value is only compared or counted with, never stored: past a bigint and other digits.
QUERY_BOUNDARY_VALUES = {
    **BOUNDARY_VALUES,
    "integer": [2**63, OTHER_DIGITS],
    "number": ["NaN", OTHER_DIGITS],
}
# Who sends each request: the first role the access matrix lets make it.
SENDERS = ("admin", "client", "writer", "superadmin")


def _kind(definition: dict) -> str | None:
    if definition.get("type") == "string" and definition.get("format") in ("date", "date-time"):
        return definition["format"]
    kind = definition.get("type")
    return kind if kind in ("integer", "number") else None


def _component(definition: dict) -> dict:
    while "$ref" in definition:
        name = definition["$ref"].rsplit("/", 1)[-1]
        definition = published_schema()["components"]["schemas"][name]
    return definition


def _body_fields(key: str) -> list[tuple[tuple, str]]:
    """Each number or day of an operation's JSON body: (path in the body, kind); one level of
    lists of objects included (`installments[0].due_date`)."""
    content = operation(key).get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return []
    fields = []
    for name, prop in (
        _component(content["application/json"]["schema"]).get("properties", {}).items()
    ):
        prop = _component(prop)
        if prop.get("readOnly"):
            continue
        if kind := _kind(prop):
            fields.append(((name,), kind))
        elif prop.get("type") == "array":
            for inner, item in _component(prop.get("items", {})).get("properties", {}).items():
                if kind := _kind(_component(item)):
                    fields.append(((name, 0, inner), kind))
    return fields


def _query_fields(key: str) -> list[tuple[str, str]]:
    return [
        (parameter["name"], kind)
        for parameter in operation(key).get("parameters", [])
        if parameter["in"] == "query" and (kind := _kind(parameter.get("schema", {})))
    ]


def _boundary_cases() -> list[tuple[str, str, object, str]]:
    cases = []
    for key in sorted(REQUESTS):
        if not any(200 <= MATRIX[key][role] < 300 for role in SENDERS):
            continue
        for path, kind in _body_fields(key):
            cases += [(key, "body", path, value) for value in BOUNDARY_VALUES[kind]]
        for name, kind in _query_fields(key):
            cases += [(key, "query", name, value) for value in QUERY_BOUNDARY_VALUES[kind]]
    return cases


def _with_value(body: dict, path: tuple, value) -> dict | None:
    """A copy of `body` with `path` set to `value`; None when the body has no list to reach."""
    body = copy.deepcopy(body)
    if len(path) == 3:  # (list name, index, field)
        items = body.get(path[0])
        if not items:
            return None
        items[path[1]][path[2]] = value
    else:
        body[path[0]] = value
    return body


def _example_with(key: str, name: str) -> dict:
    """The operation's documented request example that has a `name` list."""
    content = operation(key)["requestBody"]["content"]["application/json"]
    examples = [example["value"] for example in content.get("examples", {}).values()]
    return next(example for example in examples if example.get(name))


def _sender(key: str, world):
    role = next(role for role in SENDERS if 200 <= MATRIX[key][role] < 300)
    return world.actor(role)


@pytest.mark.parametrize(
    ("key", "where", "field", "value"),
    _boundary_cases(),
    ids=lambda item: item if isinstance(item, str) else repr(item),
)
def test_boundary_values_are_answered_without_a_server_error(
    key, where, field, value, shared_world, client_as
):
    world, req = shared_world, REQUESTS[key]
    actor = _sender(key, world)
    method, path = key.split(" ", 1)
    if req.obj is not None:
        path = re.sub(r"\{[a-z_]+\}", str(getattr(world.a, req.obj).pk), path)
    body = req.body(world, world.a, actor) if req.body else None
    query = req.query(world, world.a, actor) if req.query else {}
    if where == "body":
        body = _with_value(body or {}, field, value) or _with_value(
            _example_with(key, field[0]), field, value
        )
    else:
        query = {**query, field: value}
    with rolled_back():
        response = call(client_as(actor), method, path, body=body, query=query)
    assert response.status_code < 500, (key, field, value, response.content[:300])
    if isinstance(value, str) and not value.isascii():  # other scripts' digits: refused
        assert 400 <= response.status_code < 500, (key, field, value, response.status_code)
