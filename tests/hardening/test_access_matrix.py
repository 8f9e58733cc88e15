"""Who may call what: the hand-kept access matrix against the live API, plus tenancy and tokens.

Every request runs inside a savepoint that is rolled back afterwards, so each cell of the matrix
sees the same freshly built world, and one module-wide world serves every test here.
"""

import base64
import json
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts.models import User
from core import invariants
from tests.hardening.access_table import (
    FILTER_VALUES,
    GUARDED_FIELDS,
    LIST_ROWS,
    MATRIX,
    REQUESTS,
    ROLES,
    WEBSITE_OF,
    poison,
)
from tests.hardening.api import (
    call,
    operation,
    query_parameters,
    rolled_back,
    schema,
    schema_operations,
)
from tests.hardening.world import B_MARKER, PASSWORD
from websites.models import Website
from writer_management.models import Tip

pytestmark = pytest.mark.django_db

REFUSED = (401, 403, 405)


def _path(key: str, world, side) -> tuple[str, str]:
    method, template = key.split(" ", 1)
    req = REQUESTS[key]
    if req.obj is None:
        return method, template
    value = getattr(getattr(side, req.obj), req.lookup)
    return method, re.sub(r"\{[a-z_]+\}", str(value), template)


def _request(client, key: str, world, side, actor, *, body=None, query=None):
    req = REQUESTS[key]
    method, path = _path(key, world, side)
    if body is None and req.body is not None:
        body = req.body(world, side, actor)
    if query is None and req.query is not None:
        query = req.query(world, side, actor)
    return call(client, method, path, body=body, query=query)


def _row_of(key: str, response, world, side):
    """The row the write changed: its path object, the created row, or the website's settings."""
    req = REQUESTS[key]
    if req.result == "response":
        return req.model.objects.get(pk=response.json()["id"])
    if req.result == "settings":
        return req.model.objects.get(website=side.website)
    path_object = getattr(side, req.obj)
    if isinstance(path_object, req.model):
        return req.model.objects.get(pk=path_object.pk)
    return req.model.objects.get(pk=response.json()["id"])


def _website_id_of(row) -> int:
    lookup = WEBSITE_OF[type(row)]
    return type(row).objects.filter(pk=row.pk).values_list(lookup, flat=True).get()


# The table covers the schema --------------------------------------------------------------------


def test_the_matrix_has_a_row_for_every_operation_of_the_schema_and_no_other():
    operations = schema_operations()
    missing = sorted(operations - MATRIX.keys())
    stale = sorted(MATRIX.keys() - operations)
    assert not missing, f"Operations without a row in access_table.MATRIX: {missing}"
    assert not stale, f"Rows for operations the schema no longer has: {stale}"


def test_every_row_of_the_matrix_says_how_to_call_the_operation():
    assert sorted(MATRIX.keys() - REQUESTS.keys()) == []
    assert sorted(REQUESTS.keys() - MATRIX.keys()) == []


# Status per role -----------------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(MATRIX))
def test_each_role_gets_the_status_the_matrix_says(key, shared_world, client_as):
    world, expected, got, problems = shared_world, MATRIX[key], {}, []
    req = REQUESTS[key]
    for role in ROLES:
        actor = world.actor(role)
        with rolled_back():
            before = _snapshot(req, world.a) if req.model else None
            response = _request(client_as(actor), key, world, world.a, actor)
            got[role] = response.status_code
            if response.status_code in REFUSED and req.model is not None:
                after = _snapshot(req, world.a)
                if after != before:
                    problems.append(f"{role} was refused but the database changed")
    assert got == expected, _diff(key, expected, got)
    assert not problems, problems


def _snapshot(req, side):
    """What a refused write must leave alone: the path object and the model's row count."""
    rows = req.model.objects.count()
    path_object = getattr(side, req.obj, None) if req.obj else None
    if path_object is None:
        return rows, None
    fresh = type(path_object).objects.filter(pk=path_object.pk).first()
    return rows, fresh and model_to_dict(fresh)


def _diff(key, expected, got) -> str:
    lines = [f"{key}: role expected → got"]
    lines += [
        f"  {role:<11} {expected[role]} → {got[role]}"
        for role in ROLES
        if expected[role] != got[role]
    ]
    return "\n".join(lines)


# Another website's objects --------------------------------------------------------------------------

DETAIL_KEYS = sorted(key for key, req in REQUESTS.items() if req.obj)


@pytest.mark.parametrize("key", DETAIL_KEYS)
@pytest.mark.parametrize("role", ["client", "writer", "admin"])
def test_a_user_of_website_a_naming_an_object_of_website_b_gets_404(
    key, role, shared_world, client_as
):
    world = shared_world
    actor = world.actor(role)
    own = MATRIX[key][role]
    expected = own if own in REFUSED else 404
    req = REQUESTS[key]
    foreign = getattr(world.b, req.obj)
    with rolled_back():
        before = model_to_dict(type(foreign).objects.get(pk=foreign.pk))
        response = _request(client_as(actor), key, world, world.b, actor)
        after = model_to_dict(type(foreign).objects.get(pk=foreign.pk))
    assert response.status_code == expected, (key, role, response.status_code, response.content)
    assert after == before, f"{key} as {role} changed website B's row"
    assert B_MARKER.lower() not in response.content.decode().lower()


CREATE_KEYS = sorted(
    key for key, req in REQUESTS.items() if not req.obj and req.model and key.startswith("POST")
)


@pytest.mark.parametrize(
    ("key", "role"),
    [
        (key, role)
        for key in CREATE_KEYS
        for role in ("client", "writer", "admin")
        if MATRIX[key][role] not in REFUSED
    ],
)
def test_a_write_naming_website_b_objects_in_its_body_is_refused(
    key, role, shared_world, client_as
):
    world, req = shared_world, REQUESTS[key]
    actor = world.actor(role)
    own_body = req.body(world, world.a, actor)
    body = {**req.body(world, world.b, actor)}
    if "website_id" in own_body:
        body["website_id"] = own_body["website_id"]
    if _without_unique(body) == _without_unique(own_body):
        pytest.skip("the body names no object of a website")
    with rolled_back():
        before = req.model.objects.count()
        response = _request(client_as(actor), key, world, world.a, actor, body=body)
        created = req.model.objects.count() - before
    assert response.status_code in (400, 404), (key, role, response.status_code, response.content)
    assert created == 0


def _without_unique(body: dict) -> dict:
    """Drop the values each call makes unique (names, codes), keeping object references."""
    return {k: v for k, v in body.items() if not isinstance(v, str) or not re.search(r"\d", v)}


# Lists never show website B's rows --------------------------------------------------------------

# Lists and reports never show website B's rows, whatever the filter ----------------------------

LIST_KEYS = sorted(
    key
    for key in MATRIX
    if key.startswith("GET /api/v1/")
    and not key.endswith("{id}/")
    and key not in ("GET /api/v1/auth/me/",)
)


def _list_queries(key: str, world) -> list[dict]:
    queries: list[dict] = [{}]
    unknown = []
    for name, enum in query_parameters(key):
        if enum is not None:
            values = enum
        elif name in FILTER_VALUES:
            values = FILTER_VALUES[name](world)
        else:
            unknown.append(name)
            continue
        queries += [{name: value} for value in values]
    assert not unknown, f"{key}: add values for {unknown} to access_table.FILTER_VALUES"
    return queries


@pytest.mark.parametrize("key", LIST_KEYS)
def test_no_list_or_report_shows_website_b_rows_with_any_filter(key, shared_world, client_as):
    world, req = shared_world, REQUESTS[key]
    rows = LIST_ROWS.get(key)
    b_ids = (
        set(
            rows.model.objects.filter(**{rows.website_path: world.b.website.pk}).values_list(
                "pk", flat=True
            )
        )
        if rows
        else set()
    )
    leaks, served = [], 0
    narrows = any(name == "website_id" for name, _ in query_parameters(key))
    for role in ("client", "writer", "admin", "superadmin"):
        if MATRIX[key][role] in REFUSED or (role == "superadmin" and not narrows):
            continue  # a superadmin sees every website unless the operation narrows to one
        actor = world.actor(role)
        client = client_as(actor)
        base = req.query(world, world.a, actor) if req.query else {}
        for extra in _list_queries(key, world):
            query = {**base, **extra}
            if role == "superadmin" and query.get("website_id") != world.a.website.pk:
                query["website_id"] = world.a.website.pk  # a superadmin narrows to A
            with rolled_back():
                response = _request(client, key, world, world.a, actor, query=query)
            assert response.status_code < 500, (key, role, query, response.content)
            if response.status_code != 200:
                continue
            served += 1
            text = b"".join(response.streaming_content) if response.streaming else response.content
            if B_MARKER.lower() in text.decode("utf-8-sig").lower():
                leaks.append((role, query, "website B's text in the body"))
            if rows:
                leaked = _ids_in(response, rows) & b_ids
                if leaked:
                    leaks.append((role, query, f"website B's rows {sorted(leaked)}"))
    assert served, f"{key}: no request was served, so nothing was checked"
    assert not leaks, f"{key} leaks website B's data: {leaks}"


def _ids_in(response, rows) -> set:
    data = response.json()
    if isinstance(data, dict):
        data = data.get("results", data.get("tips", data.get("items", [])))
    return {row["id"] for row in data if isinstance(row, dict) and "id" in row}


def test_admin_reports_count_only_website_a_tips(shared_world, client_as):
    world = shared_world
    tips = Tip.objects.filter(website=world.a.website)
    assert tips.count()
    assert Tip.objects.exclude(website=world.a.website).exists()
    client = client_as(world.a.admin)
    listed = client.get("/api/v1/admin-management/tips/list_tips/").json()
    dashboard = client.get("/api/v1/admin-management/tips/dashboard/").json()
    assert listed["count"] == tips.count()
    assert dashboard["summary"]["total_tips"] == tips.count()
    assert Decimal(str(dashboard["summary"]["total_tip_amount"])) == sum(t.tip_amount for t in tips)


# Server-owned fields -------------------------------------------------------------------------------

WRITE_KEYS = sorted(
    key
    for key, req in REQUESTS.items()
    if req.model is not None and key.split(" ", 1)[0] in ("POST", "PUT", "PATCH")
)


@pytest.mark.parametrize("key", WRITE_KEYS)
def test_writes_ignore_or_refuse_server_owned_fields(key, shared_world, client_as):
    world, req = shared_world, REQUESTS[key]
    method = key.split(" ", 1)[0]
    checked = 0
    for role in ("client", "writer", "admin", "superadmin"):
        if not 200 <= MATRIX[key][role] < 300:
            continue
        actor = world.actor(role)
        client = client_as(actor)
        legit = req.body(world, world.a, actor)
        attack = {**poison(world), **legit}
        if role != "superadmin" or method != "POST" or "{" in key:
            attack["website_id"] = world.b.website.pk  # never honoured here
        with rolled_back():
            response = _request(client, key, world, world.a, actor, body=legit)
            assert 200 <= response.status_code < 300, (key, role, response.content)
            baseline = _guarded(_row_of(key, response, world, world.a))
        with rolled_back():
            response = _request(client, key, world, world.a, actor, body=attack)
            assert response.status_code < 500, (key, role, response.content)
            if response.status_code == 400:
                continue  # refused outright
            assert 200 <= response.status_code < 300, (key, role, response.content)
            row = _row_of(key, response, world, world.a)
            if req.model is not Website:
                assert _website_id_of(row) == world.a.website.pk, f"{key} as {role}: row moved"
            assert _guarded(row) == baseline, f"{key} as {role}: a server-owned field was set"
            fresh = User.objects.get(pk=actor.pk)
            assert (fresh.role, fresh.website_id) == (actor.role, actor.website_id)
            assert invariants.violations() == []
            checked += 1
    assert checked or not any(200 <= MATRIX[key][r] < 300 for r in ROLES)


def _guarded(row) -> dict:
    values = {}
    for name in GUARDED_FIELDS:
        if hasattr(row, name) and not callable(getattr(row, name)):
            value = getattr(row, name)
            values[name] = value.normalize() if isinstance(value, Decimal) else value
    return values


def _creates_with_website(key: str) -> bool:
    properties = (
        operation(key)
        .get("requestBody", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema", {})
    )
    name = properties.get("$ref", "").rsplit("/", 1)[-1]
    component = schema()["components"]["schemas"].get(name, {})
    return "website_id" in component.get("properties", {})


SUPERADMIN_CREATE_KEYS = sorted(key for key in CREATE_KEYS if _creates_with_website(key))


@pytest.mark.parametrize("key", SUPERADMIN_CREATE_KEYS)
def test_a_superadmin_creates_on_the_website_named_by_website_id(key, shared_world, client_as):
    world, req = shared_world, REQUESTS[key]
    body = {**req.body(world, world.b, world.superadmin), "website_id": world.b.website.pk}
    with rolled_back():
        response = _request(client_as(world.superadmin), key, world, world.b, None, body=body)
        assert response.status_code == 201, response.content
        row = req.model.objects.get(pk=response.json()["id"])
        assert _website_id_of(row) == world.b.website.pk


# Tokens ------------------------------------------------------------------------------------------------


def _b64(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _bad_tokens(user) -> dict[str, str]:
    expired = AccessToken.for_user(user)
    expired.set_exp(lifetime=-timedelta(seconds=1))
    valid = AccessToken.for_user(user)
    payload = dict(valid.payload)
    header, _, signature = str(valid).split(".")
    return {
        "expired": str(expired),
        "malformed": "not-a-jwt",
        "truncated": str(valid)[:-8],
        "alg_none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}.",
        "alg_none_unsigned": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(payload)}",
        "tampered_payload": f"{header}.{_b64({**payload, 'user_id': str(user.pk + 1)})}.{signature}",
        "refresh_as_access": str(RefreshToken.for_user(user)),
    }


@pytest.mark.parametrize(
    "kind",
    [
        "expired",
        "malformed",
        "truncated",
        "alg_none",
        "alg_none_unsigned",
        "tampered_payload",
        "refresh_as_access",
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/auth/me/", "/api/v1/orders/"])
def test_bad_tokens_get_401(kind, path, shared_world, api_client):
    token = _bad_tokens(shared_world.a.admin)[kind]
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    response = api_client.get(path)
    assert response.status_code == 401, (kind, response.content)
    assert response.json()["code"] in ("token_not_valid", "authentication_failed")


@pytest.mark.parametrize("who", ["user", "website"])
def test_a_token_of_a_deactivated_user_or_website_gets_401(who, shared_world, client_as):
    admin = shared_world.a.admin
    client = client_as(admin)
    assert client.get("/api/v1/auth/me/").status_code == 200
    with rolled_back():
        if who == "user":
            User.objects.filter(pk=admin.pk).update(is_active=False)
        else:
            type(admin.website).objects.filter(pk=admin.website_id).update(is_active=False)
        response = client.get("/api/v1/orders/")
        assert response.status_code == 401
        assert response.json()["code"] == f"{who}_inactive"
        login = client_as(None).post(
            "/api/v1/auth/login/",
            {"username": admin.username, "password": PASSWORD},
            format="json",
        )
        assert login.status_code == 401
        assert "access" not in login.json()
