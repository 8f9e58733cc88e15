"""A superadmin decides redemption requests in the Django admin, as a person would."""

import re

import pytest
from playwright.sync_api import expect

from core.invariants import violations
from loyalty_management.models import RedemptionRequest, RedemptionStatus
from tests.hardening.world import PASSWORD, build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

CHANGELIST = "/admin/loyalty_management/redemptionrequest/"


def test_a_superadmin_bulk_approves_two_pending_redemption_requests(live_server, page):
    world = build_world()
    pending = [world.a.redemption, world.b.redemption]
    untouched = world.a.redemption_approved
    assert {r.status for r in pending} == {RedemptionStatus.PENDING}

    page.goto(f"{live_server.url}/admin/login/?next={CHANGELIST}")
    page.fill("#id_username", world.superadmin.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(re.escape(CHANGELIST) + r"$"), timeout=15_000)

    for redemption in pending:
        page.check(f"input[name=_selected_action][value='{redemption.pk}']")
    page.select_option("select[name=action]", "approve_selected")
    page.click("button[name=index]")

    expect(page.locator("ul.messagelist")).to_contain_text("2 request(s) approved.")
    approved = RedemptionRequest.objects.filter(pk__in=[r.pk for r in pending])
    assert set(approved.values_list("status", flat=True)) == {RedemptionStatus.APPROVED}
    assert all(r.approved_by_id == world.superadmin.pk for r in approved)
    assert RedemptionRequest.objects.get(pk=untouched.pk).status == RedemptionStatus.APPROVED
    assert violations() == []  # the held points were spent, balances still match the ledger
