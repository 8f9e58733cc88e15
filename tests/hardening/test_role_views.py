"""What clients and writers read: never the other party's contact details or money, never which
admin acted. Every operation a client or writer of website A may call is called, and each
answer is searched, at any depth, for the fields and values that role must not see.
"""

import re

import pytest

from tests.hardening.access_table import MATRIX, REQUESTS
from tests.hardening.api import call, rolled_back

pytestmark = pytest.mark.django_db

# Which admin acted on a row, whoever reads it.
ADMIN_FIELDS = {
    "created_by",
    "created_by_id",
    "confirmed_by_id",
    "refunded_by_id",
    "approved_by",
    "fulfilled_by",
    "issued_by",
    "appealed_by",
    "upheld_by",
    "waived_by",
    "voided_by",
    "decided_by",
}
# The other party's money: a client never reads what the writer is paid, a writer never what
# the client pays (nor the platform's share).
HIDDEN_FIELDS = {
    "client": ADMIN_FIELDS | {"writer_compensation", "writer_earning", "writer_percentage"},
    "writer": ADMIN_FIELDS
    | {
        "total_price",
        "tip_amount",
        "platform_profit",
        "writer_percentage",
        "deposit_required",
        "balance_remaining",
        "installments_paid_total",
        "original_amount",
    },
}


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value).union(*(_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value))
    return set()


def _hidden_values(world, role: str) -> tuple[str, ...]:
    """The other party's email and the admin's name, as the world stored them."""
    side = world.a
    other = side.writer if role == "client" else side.client
    return (other.email, side.admin.username, side.admin.email)


def _path(key: str, side) -> tuple[str, str]:
    method, template = key.split(" ", 1)
    obj = REQUESTS[key].obj
    if obj is None:
        return method, template
    return method, re.sub(r"\{[a-z_]+\}", str(getattr(side, obj).pk), template)


def _operations_of(role: str) -> list[str]:
    return sorted(key for key, statuses in MATRIX.items() if 200 <= statuses[role] < 300)


def _check(response, role: str, world) -> list[str]:
    if not response.content or response.get("Content-Type", "").split(";")[0] != (
        "application/json"
    ):
        return []
    shown = sorted(_keys(response.json()) & HIDDEN_FIELDS[role])
    text = response.content.decode()
    leaked = [value for value in _hidden_values(world, role) if value in text]
    return [f"fields {shown}"] * bool(shown) + [f"values {leaked}"] * bool(leaked)


@pytest.mark.parametrize(
    ("role", "key"),
    [(role, key) for role in ("client", "writer") for key in _operations_of(role)],
)
def test_a_client_or_writer_never_reads_the_other_partys_details_or_the_admins(
    role, key, shared_world, client_as
):
    world = shared_world
    actor = world.actor(role)
    req = REQUESTS[key]
    method, path = _path(key, world.a)
    with rolled_back():
        response = call(
            client_as(actor),
            method,
            path,
            body=req.body(world, world.a, actor) if req.body else None,
            query=req.query(world, world.a, actor) if req.query else None,
        )
        assert 200 <= response.status_code < 300, (key, response.status_code)
        problems = _check(response, role, world)
    assert not problems, f"{role} {key}: {problems}"


def test_a_writer_reads_their_own_ledger_without_the_tippers_or_the_platforms_share(
    shared_world, client_as
):
    world = shared_world
    wallet = world.a.objects["writer_wallet"]
    tip = world.a.objects["tip"]
    response = client_as(world.a.writer).get(
        f"/api/v1/order-payments/wallets/{wallet.pk}/transactions/"
    )
    assert response.status_code == 200
    assert f"Tip {tip.pk}: your share" in [row["reason"] for row in response.json()["results"]]
    assert not _check(response, "writer", world)
    text = response.content.decode()
    assert "platform" not in text
    assert world.a.client.username not in text
