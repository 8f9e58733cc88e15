"""Every admin-side write of the schema leaves exactly one audit entry, with the right values.

The access matrix knows every operation and how to call it; this walks each write an admin or a
superadmin may make, on website A's objects, and reads the database itself before and after to
know what the entry must say: the object the operation is about, and each field that changed
with its value before and after (nothing more, nothing less).
"""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from audit.models import AuditEntry
from core.audit import SKIPPED_FIELDS
from loyalty_management.models import LoyaltyAccount
from tests.hardening.access_table import MATRIX, REQUESTS
from tests.hardening.api import rolled_back
from tests.hardening.test_access_matrix import _request

pytestmark = pytest.mark.django_db

WRITES = sorted(
    key
    for key, statuses in MATRIX.items()
    if not key.startswith("GET ")
    and 200 <= statuses["admin"] < 300
    and not key.startswith("POST /api/v1/auth/")
)
# Operations whose object is not their path's row nor the row they create.
ACCOUNT_OF_CLIENT = {
    "POST /api/v1/loyalty-management/award/",
    "POST /api/v1/loyalty-management/deduct/",
}


SECRET = "<secret>"


def _sensitive(name: str, model=None) -> bool:
    personal = getattr(model, "audit_redacted", ())
    return name in personal or any(part in name for part in ("password", "secret", "token"))


def _values(model, lookup: dict) -> dict | None:
    """The row as JSON values; a secret's value is only "some secret" (the entry must not hold
    it, and its fingerprint is the entry's business)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname not in SKIPPED_FIELDS]
    row = model._base_manager.filter(**lookup).values(*names).first()
    if row is None:
        return None
    for relation, fields in getattr(model, "audit_children", {}).items():
        children = getattr(model._base_manager.get(pk=row["id"]), relation).order_by("pk")
        row[relation] = list(children.values(*fields))
    row = json.loads(json.dumps(row, cls=DjangoJSONEncoder))
    return {
        k: SECRET if _sensitive(k, model) and v not in (None, "") else v for k, v in row.items()
    }


def _shown(values: dict, model) -> dict:
    """An entry's values with each redacted secret read as "some secret"; a raw secret fails."""
    for name, value in values.items():
        if _sensitive(name, model) and value not in (None, ""):
            assert str(value).startswith("[redacted:"), f"{name} is stored in the clear"
    return {
        k: SECRET if _sensitive(k, model) and v not in (None, "") else v for k, v in values.items()
    }


def _target(key, world, side, actor, response):
    """(model, lookup) of the object the entry must be about."""
    req = REQUESTS[key]
    if req.obj is not None:
        row = getattr(side, req.obj)
        return type(row), {"pk": row.pk}
    if req.result == "settings":
        return req.model, {"website_id": side.website.pk}
    if key in ACCOUNT_OF_CLIENT:
        return LoyaltyAccount, {"client_id": req.body(world, side, actor)["client_id"]}
    if response is None:
        return None
    return req.model, {"pk": response.json()["id"]}


def test_every_admin_write_of_the_matrix_is_walked():
    assert len(WRITES) >= 50, WRITES  # the walk cannot silently shrink to nothing


@pytest.mark.parametrize("role", ["admin", "superadmin"])
@pytest.mark.parametrize("key", WRITES)
def test_an_admin_write_leaves_one_entry_with_the_changed_fields(
    key, role, shared_world, client_as
):
    world, side = shared_world, shared_world.a
    actor = world.actor(role)
    with rolled_back():
        known = _target(key, world, side, actor, None)
        before = _values(*known) if known else None
        newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        response = _request(client_as(actor), key, world, side, actor)
        assert 200 <= response.status_code < 300, (
            key,
            role,
            response.status_code,
            response.content,
        )
        entries = list(AuditEntry.objects.filter(id__gt=newest))
        assert len(entries) == 1, (key, role, [(e.action, e.object_type) for e in entries])
        entry = entries[0]
        model, lookup = known or _target(key, world, side, actor, response)
        after = _values(model, lookup)
        values = after or before
        assert entry.object_type == model._meta.label_lower, (key, entry.object_type)
        assert entry.object_id == str(values["id"]), (key, entry.object_id)
        assert entry.website_id == side.website.pk, key
        assert (entry.source, entry.actor_id, entry.actor_role) == ("api", actor.pk, role)
        assert entry.request_id, key
        assert entry.ip, key
        assert entry.action.startswith(f"{model._meta.model_name}."), entry.action
        shown_before, shown_after = _shown(entry.before, model), _shown(entry.after, model)
        if before is None:  # created
            assert shown_before == {}, key
            expected_after = {k: v for k, v in after.items() if v not in (None, "")}
            assert shown_after == expected_after, key
        elif after is None:  # deleted
            assert shown_before == before, key
            assert shown_after == {}, key
        else:
            changed = {name for name in after if after[name] != before[name]}
            changed |= {
                n
                for n in after
                if _sensitive(n, model) and entry.after.get(n) != entry.before.get(n)
            }
            assert changed, f"{key}: the write changed nothing the entry could show"
            assert set(entry.after) == changed, (key, set(entry.after) ^ changed)
            assert shown_before == {name: before[name] for name in changed}, key
            assert shown_after == {name: after[name] for name in changed}, key


@pytest.mark.parametrize("role", ["client", "writer"])
def test_writes_of_clients_and_writers_leave_no_entry(role, shared_world, client_as):
    world = shared_world
    actor = world.actor(role)
    own = [k for k in MATRIX if not k.startswith("GET ") and 200 <= MATRIX[k][role] < 300]
    assert own
    for key in own:
        if key.startswith("POST /api/v1/auth/"):
            continue
        with rolled_back():
            newest = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
            response = _request(client_as(actor), key, world, world.a, actor)
            assert response.status_code < 300, (key, response.content)
            assert not AuditEntry.objects.filter(id__gt=newest).exists(), key
