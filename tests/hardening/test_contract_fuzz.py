"""Contract fuzzing: Schemathesis drives every operation of the live OpenAPI schema.

Each operation gets a bounded number of generated requests (valid and invalid), derandomized so
a run is repeatable, sent in process to the Django WSGI application as an admin and as a client
of website A. Path parameters mostly name website A's real rows (the hardening world), so the
requests reach real objects. Every response must be no server error, use a documented status
code and content type, match its documented schema, and refuse input the schema forbids.

Each request runs in a savepoint rolled back afterwards, so every example sees the same world.
"""

from dataclasses import dataclass

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core import NOT_SET
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from tests.hardening.access_table import REQUESTS
from tests.hardening.api import rolled_back
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
    # TipOutputByRole is a oneOf whose shapes do not exclude each other: an admin's tip also
    # matches the client's shape, so no response can satisfy "exactly one".
    Gap(
        ("GET /api/v1/writer-management/tips/", "GET /api/v1/writer-management/tips/{id}/"),
        "ST108",
        "is valid under more than one of the schemas listed in the 'oneOf' keyword",
    ),
]

POSITIVE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CHECKS = [*POSITIVE_CHECKS, negative_data_rejection]

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
    values), a page query (`limit`/`offset`: the shared pagination falls back to its defaults
    instead of refusing a bad value, a known gap, reported), a non-JSON body (a form encoding cannot carry nulls, booleans or nested objects:
    everything arrives as text), and a junk value for a boolean filter, which django-filter
    ignores instead of refusing (a known gap, reported).
    """
    query = case.query or {}
    if any(value == "" or isinstance(value, list) for value in query.values()):
        return False
    if "limit" in query or "offset" in query:
        return False  # known gap: the pagination ignores a bad limit or offset (reported)
    if case.body is not NOT_SET and "json" not in (case.media_type or ""):
        return False
    booleans = _boolean_query_parameters(case.operation)
    return not any(name in booleans for name in query)


def _boolean_query_parameters(operation) -> set[str]:
    parameters = operation.definition.raw.get("parameters", [])
    return {
        parameter["name"]
        for parameter in parameters
        if parameter.get("in") == "query" and parameter.get("schema", {}).get("type") == "boolean"
    }


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
