"""Four-eyes: large manual adjustments wait for a second admin and then run exactly once."""

import threading
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from approvals.models import AdjustmentStatus, ApprovalSettings, PendingAdjustment
from approvals.services import adjustments_expire
from core.invariants import check_invariants
from loyalty_management.models import LoyaltyAccount
from order_payments_management.models import Wallet
from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory
from tests.order_payments_management.factories import WalletFactory

pytestmark = pytest.mark.django_db


def _post(api, path, body):
    return api.post(path, body, format="json", HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4()))


def _credit(api, wallet, amount):
    return _post(
        api,
        f"/api/v1/order-payments/wallets/{wallet.pk}/credit/",
        {"amount": amount, "reason": "Goodwill"},
    )


def _approve(api, adjustment_id):
    return _post(api, f"/api/v1/approvals/adjustments/{adjustment_id}/approve/", {"note": "OK"})


@pytest.fixture
def site():
    client = ClientFactory()
    wallet = WalletFactory(user=client, balance="100.00")
    first = AdminFactory(website=client.website)
    second = AdminFactory(website=client.website)
    ApprovalSettings.objects.create(
        website=client.website, money_threshold=Decimal("500.00"), points_threshold=1000
    )
    return client, wallet, first, second


def test_a_credit_above_the_threshold_waits_and_a_second_admin_runs_it_once(site, api_client_for):
    _, wallet, first, second = site
    small = _credit(api_client_for(first), wallet, "500.00")
    assert small.status_code == 201  # at the threshold: runs at once
    waiting = _credit(api_client_for(first), wallet, "750.00")
    assert waiting.status_code == 202, waiting.content
    body = waiting.json()
    assert (body["kind"], body["status"], body["amount"]) == ("wallet_credit", "pending", 750.0)
    assert Wallet.objects.get(pk=wallet.pk).balance == Decimal("600.00")

    own = _approve(api_client_for(first), body["id"])
    assert own.status_code == 403
    assert own.json()["code"] == "adjustment_own_request"
    approved = _approve(api_client_for(second), body["id"])
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved"
    assert approved.json()["result"]["balance_after"] == "1350.00"
    assert Wallet.objects.get(pk=wallet.pk).balance == Decimal("1350.00")
    stale = _approve(api_client_for(SuperAdminFactory()), body["id"])
    assert stale.status_code == 409
    assert stale.json()["code"] == "adjustment_already_decided"
    assert Wallet.objects.get(pk=wallet.pk).balance == Decimal("1350.00")


def test_points_above_the_threshold_wait_and_a_rejection_moves_nothing(site, api_client_for):
    client, _, first, second = site
    response = _post(
        api_client_for(first),
        "/api/v1/loyalty-management/award/",
        {"client_id": client.pk, "points": 5000, "reason": "Apology"},
    )
    assert response.status_code == 202
    adjustment_id = response.json()["id"]
    rejected = _post(
        api_client_for(second), f"/api/v1/approvals/adjustments/{adjustment_id}/reject/", {}
    )
    assert rejected.status_code == 200
    assert rejected.json()["status"] == "rejected"
    assert not LoyaltyAccount.objects.filter(client=client, points_balance__gt=0).exists()


def test_a_debit_the_wallet_no_longer_covers_is_refused_at_approval_and_stays_pending(
    site, api_client_for
):
    _, wallet, first, second = site
    waiting = _post(
        api_client_for(first),
        f"/api/v1/order-payments/wallets/{wallet.pk}/debit/",
        {"amount": "600.00", "reason": "Correction"},
    )
    assert waiting.status_code == 202
    refused = _approve(api_client_for(second), waiting.json()["id"])
    assert refused.status_code == 409
    assert refused.json()["code"] == "insufficient_funds"
    assert PendingAdjustment.objects.get(pk=waiting.json()["id"]).status == "pending"
    assert Wallet.objects.get(pk=wallet.pk).balance == Decimal("100.00")


def test_an_undecided_adjustment_expires_and_can_no_longer_be_approved(site, api_client_for):
    _, wallet, first, second = site
    waiting = _credit(api_client_for(first), wallet, "900.00").json()
    PendingAdjustment.objects.filter(pk=waiting["id"]).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    late = _approve(api_client_for(second), waiting["id"])
    assert late.status_code == 409
    assert late.json()["code"] == "adjustment_expired"
    assert adjustments_expire() == 1
    assert PendingAdjustment.objects.get(pk=waiting["id"]).status == AdjustmentStatus.EXPIRED


def test_another_websites_admin_cannot_see_or_decide(site, api_client_for):
    _, wallet, first, _ = site
    waiting = _credit(api_client_for(first), wallet, "900.00").json()
    stranger = api_client_for(AdminFactory())
    assert stranger.get(f"/api/v1/approvals/adjustments/{waiting['id']}/").status_code == 404
    assert _approve(stranger, waiting["id"]).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_admins_approving_at_once_run_the_credit_once(api_client_for):
    if connection.vendor != "postgresql":
        pytest.skip("row locks")
    client = ClientFactory()
    wallet = WalletFactory(user=client, balance="0.00")
    requester = AdminFactory(website=client.website)
    approvers = [AdminFactory(website=client.website) for _ in range(4)]
    ApprovalSettings.objects.create(website=client.website, money_threshold=Decimal("10.00"))
    adjustment_id = _credit(api_client_for(requester), wallet, "250.00").json()["id"]
    statuses = []
    barrier = threading.Barrier(len(approvers))

    def approve(admin):
        barrier.wait()
        try:
            statuses.append(_approve(api_client_for(admin), adjustment_id).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(admin,)) for admin in approvers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(statuses) == [200, 409, 409, 409]
    assert Wallet.objects.get(pk=wallet.pk).balance == Decimal("250.00")
    assert wallet.transactions.filter(kind="admin_credit").count() == 1
    assert check_invariants(app_labels={"order_payments_management"}) == []
