"""Erasing a person keeps the books: every report and balance is the same to the cent."""

import json

import pytest
from django.test import TestCase

from accounts.models import User
from audit.models import AuditEntry
from fines.models import FineAppeal
from loyalty_management.models import RedemptionRequest
from loyalty_management.services import redemption_fulfill, redemption_reject
from order_payments_management.models import Wallet
from order_payments_management.services import payment_cancel
from tests.hardening.world import PASSWORD, build_world
from writer_management.models import Tip, WriterProfile

pytestmark = pytest.mark.django_db

REPORTS = [
    "/api/v1/admin-management/tips/dashboard/",
    "/api/v1/admin-management/tips/analytics/?days=365",
    "/api/v1/admin-management/tips/earnings/",
    "/api/v1/loyalty-management/analytics/",
]
MONEY_COLUMNS = ("id", "tip_amount", "writer_earning", "platform_profit", "payment_status")


@pytest.fixture
def world(settings):
    settings.TIP_REPORTS_CACHE_SECONDS = 0
    with TestCase.captureOnCommitCallbacks(execute=True):
        return build_world()


def _books(api, world) -> dict:
    """Every admin report's numbers, the tips' money columns, every wallet balance."""
    books = {}
    for path in REPORTS:
        response = api.get(path)
        assert response.status_code == 200, (path, response.content)
        books[path] = _numbers(response.json())
    tips = api.get("/api/v1/admin-management/tips/list_tips/?limit=500").json()
    rows = tips.get("results", tips.get("tips", []))
    books["tips"] = sorted(tuple(str(row.get(c)) for c in MONEY_COLUMNS) for row in rows)
    books["wallets"] = sorted(Wallet.objects.values_list("pk", "balance"))
    return books


def _numbers(value):
    """The report with its names left out (an erased person's name changes, nothing else)."""
    if isinstance(value, dict):
        return {
            k: _numbers(v)
            for k, v in value.items()
            if not k.endswith(("username", "email", "name"))
        }
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return value


def _erase(api, user):
    return api.post(f"/api/v1/users/{user.pk}/erase/", {}, format="json")


def test_erasure_waits_for_payments_holds_and_redemptions_then_keeps_every_number(
    world, api_client_for, api_client
):
    a = world.a
    client = a.client
    api = api_client_for(a.admin)
    refused = _erase(api, client)
    assert refused.status_code == 409
    body = refused.json()
    assert body["code"] == "user_erasure_blocked"
    for reason in ("pending_payment", "pending_redemption", "points_held"):
        assert reason in body["detail"]
    assert User.objects.get(pk=client.pk).erased_at is None

    with TestCase.captureOnCommitCallbacks(execute=True):
        payment_cancel(payment=a.payment_manual)
        payment_cancel(payment=a.tip_manual.payment)
        for redemption in RedemptionRequest.objects.filter(client=client, status="pending"):
            redemption_reject(redemption=redemption, rejected_by=a.admin, reason="Closing")
        for redemption in RedemptionRequest.objects.filter(client=client, status="approved"):
            redemption_fulfill(redemption=redemption, fulfilled_by=a.admin)
    before = _books(api, world)
    old_username, old_email = client.username, client.email

    with TestCase.captureOnCommitCallbacks(execute=True):
        erased = _erase(api, client)
    assert erased.status_code == 200, erased.content
    person = erased.json()
    assert person["username"].startswith("erased-")
    assert person["is_active"] is False
    assert person["email"].endswith("@erased.invalid")
    assert person["erased_at"]
    assert _books(api, world) == before

    user = User.objects.get(pk=client.pk)
    assert not user.has_usable_password()
    assert old_username not in json.dumps(list(User.objects.values()), default=str)
    assert set(Tip.objects.filter(client=user).values_list("tip_reason", flat=True)) == {"[erased]"}
    login = api_client.post(
        "/api/v1/auth/login/", {"username": old_username, "password": PASSWORD}, format="json"
    )
    assert login.status_code == 401
    assert api_client_for(user).get("/api/v1/auth/me/").status_code == 401

    entry = AuditEntry.objects.get(action="user.erase")
    text = json.dumps([entry.before, entry.after, entry.object_repr])
    assert old_username not in text
    assert old_email not in text
    assert entry.after["username"].startswith("[redacted:")
    assert entry.actor_id == a.admin.pk

    again = _erase(api, user)
    assert again.status_code == 404 or again.json()["code"] == "user_already_erased"


def test_a_writers_erasure_replaces_their_appeal_and_pen_name(world, api_client_for):
    writer = world.a.writer
    response = _erase(api_client_for(world.superadmin), writer)
    assert response.status_code == 200, response.content
    assert set(FineAppeal.objects.filter(fine__writer=writer).values_list("reason", flat=True)) == {
        "[erased]"
    }
    assert WriterProfile.objects.get(user=writer).pen_name == ""


def test_admins_cannot_be_erased_and_another_websites_person_is_not_found(world, api_client_for):
    superadmin = api_client_for(world.superadmin)
    refused = _erase(superadmin, world.a.admin)
    assert refused.status_code == 409
    assert refused.json()["code"] == "user_not_erasable"
    assert _erase(api_client_for(world.a.admin), world.b.client_spare).status_code == 404
    assert _erase(api_client_for(world.a.client), world.a.client_spare).status_code == 403
