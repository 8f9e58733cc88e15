"""Django admin: every model is registered; bulk approve, reject, fulfil and cancel go through
the services; the program and catalog are written through the services, counters read-only.
"""

import pytest
from django.contrib import admin as django_admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client

from core.invariants import violations
from loyalty_management.models import (
    Badge,
    ClientBadge,
    LoyaltyAccount,
    LoyaltySettings,
    LoyaltyTier,
    LoyaltyTransaction,
    Milestone,
    RedemptionCategory,
    RedemptionItem,
    RedemptionRequest,
)
from loyalty_management.services import redemption_approve, redemption_create
from tests.accounts.factories import SuperAdminFactory
from tests.loyalty_management.factories import (
    LoyaltySettingsFactory,
    LoyaltyTierFactory,
    MilestoneFactory,
    RedemptionCategoryFactory,
    RedemptionItemFactory,
    client_of,
    points_give,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/loyalty_management/redemptionrequest/"
MODELS = (
    LoyaltySettings,
    LoyaltyTier,
    LoyaltyAccount,
    LoyaltyTransaction,
    Badge,
    ClientBadge,
    Milestone,
    RedemptionCategory,
    RedemptionItem,
    RedemptionRequest,
)


@pytest.fixture
def browser():
    client = Client()
    client.force_login(SuperAdminFactory())
    return client


@pytest.fixture
def requests_of(website):
    def make(count: int, points: int = 100) -> list[RedemptionRequest]:
        item = RedemptionItemFactory(website=website, points_required=points, stock_quantity=10)
        made = []
        for _ in range(count):
            client = client_of(website)
            points_give(client, points)
            made.append(redemption_create(client=client, item_id=item.pk))
        return made

    return make


@pytest.mark.parametrize("model", MODELS)
def test_every_model_is_registered_with_list_columns_filters_and_search(model):
    model_admin = django_admin.site._registry[model]
    assert len(model_admin.list_display) > 1
    assert model_admin.list_filter
    assert model_admin.search_fields


@pytest.mark.parametrize("model", MODELS)
def test_every_changelist_renders(browser, website, model):
    MilestoneFactory(website=website)
    points_give(client_of(website), 10)
    url = f"/admin/loyalty_management/{model._meta.model_name}/"
    assert browser.get(url).status_code == 200
    assert browser.get(url, {"q": "x"}).status_code == 200


def test_bulk_approve_spends_the_held_points_through_the_service(browser, requests_of):
    first, second = requests_of(2)
    response = browser.post(
        CHANGELIST,
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "2 request(s) approved." in response.content.decode()
    for redemption in (first, second):
        redemption.refresh_from_db()
        assert redemption.status == "approved"
        account = redemption.account
        account.refresh_from_db()
        assert (account.points_balance, account.points_held) == (0, 0)
    assert LoyaltyTransaction.objects.filter(kind="redeem").count() == 2


def test_bulk_approve_reports_requests_no_longer_pending(browser, requests_of, admin):
    fresh, stale = requests_of(2)
    redemption_approve(redemption=stale, approved_by=admin)
    response = browser.post(
        CHANGELIST,
        {"action": "approve_selected", ACTION_CHECKBOX_NAME: [fresh.pk, stale.pk]},
        follow=True,
    )
    content = response.content.decode()
    assert "1 request(s) approved." in content
    assert f"Not approved: #{stale.pk}" in content
    assert LoyaltyTransaction.objects.filter(kind="redeem").count() == 2


def test_bulk_reject_asks_for_a_reason_then_releases_points_and_stock(browser, requests_of):
    first, second = requests_of(2)
    selected = {"action": "reject_selected", ACTION_CHECKBOX_NAME: [first.pk, second.pk]}
    form = browser.post(CHANGELIST, selected)
    assert form.status_code == 200
    assert "reason" in form.content.decode()
    assert RedemptionRequest.objects.filter(status="pending").count() == 2

    empty = browser.post(CHANGELIST, {**selected, "apply": "1", "reason": ""})
    assert empty.status_code == 200  # the form again, nothing rejected
    assert RedemptionRequest.objects.filter(status="pending").count() == 2

    done = browser.post(CHANGELIST, {**selected, "apply": "1", "reason": "Sold out"}, follow=True)
    assert "2 request(s) rejected." in done.content.decode()
    for redemption in (first, second):
        redemption.refresh_from_db()
        assert (redemption.status, redemption.rejection_reason) == ("rejected", "Sold out")
    assert RedemptionItem.objects.get(pk=first.item_id).stock_quantity == 10
    assert LoyaltyAccount.objects.filter(points_held=0).count() == 2


def test_balances_and_the_ledger_are_read_only_in_the_admin(browser, website):
    points_give(client_of(website), 10)
    account = LoyaltyAccount.objects.get()
    row = LoyaltyTransaction.objects.get()
    page = browser.get(f"/admin/loyalty_management/loyaltyaccount/{account.pk}/change/")
    assert page.status_code == 200
    assert 'name="points_balance"' not in page.content.decode()
    assert browser.get("/admin/loyalty_management/loyaltytransaction/add/").status_code == 403
    browser.post(f"/admin/loyalty_management/loyaltytransaction/{row.pk}/delete/", {"post": "yes"})
    assert LoyaltyTransaction.objects.filter(pk=row.pk).exists()


def test_changing_tiers_in_the_admin_moves_accounts(browser, website):
    client = client_of(website)
    points_give(client, 300)
    tier = LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=500)
    assert LoyaltyAccount.objects.get(client=client).tier is None
    response = browser.post(
        f"/admin/loyalty_management/loyaltytier/{tier.pk}/change/",
        {
            "website": website.pk,
            "name": "Bronze",
            "rank": 1,
            "min_lifetime_points": 0,
            "multiplier": "1.00",
            "perks": "[]",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert LoyaltyAccount.objects.get(client=client).tier == tier


def test_every_change_page_renders(browser, website, requests_of):
    LoyaltySettingsFactory(website=website)
    LoyaltyTierFactory(website=website)
    MilestoneFactory(website=website, threshold=1, bonus_points=5)
    requests_of(1)
    for model in MODELS:
        row = model.objects.first()
        assert row is not None, model
        url = f"/admin/loyalty_management/{model._meta.model_name}/{row.pk}/change/"
        assert browser.get(url).status_code == 200, url


def _item_form(item, **changes) -> dict:
    return {
        "category": item.category_id,
        "name": item.name,
        "description": item.description or "A reward.",
        "points_required": item.points_required,
        "redemption_type": item.redemption_type,
        "discount_amount": "",
        "discount_percentage": "",
        "cash_amount": "",
        "max_per_client": "",
        "min_tier_level": item.min_tier_level,
        "image_url": "",
        "is_active": "on",
        **changes,
    }


def test_stock_and_redemption_counts_cannot_be_changed_in_the_admin(browser, requests_of):
    redemption = requests_of(1)[0]
    item = RedemptionItem.objects.get(pk=redemption.item_id)
    assert (item.stock_quantity, item.total_redemptions) == (9, 0)
    url = f"/admin/loyalty_management/redemptionitem/{item.pk}/change/"
    page = browser.get(url).content.decode()
    assert 'name="stock_quantity"' not in page
    assert 'name="total_redemptions"' not in page
    response = browser.post(
        url, _item_form(item, name="Mug", stock_quantity="999", total_redemptions="5")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert (item.name, item.stock_quantity, item.total_redemptions) == ("Mug", 9, 0)


def test_an_item_in_another_websites_category_is_refused_even_for_a_superadmin(browser, website):
    item = RedemptionItemFactory(website=website)
    foreign = RedemptionCategoryFactory()
    response = browser.post(
        f"/admin/loyalty_management/redemptionitem/{item.pk}/change/",
        _item_form(item, category=foreign.pk),
    )
    assert response.status_code == 200
    assert "No such category." in response.content.decode()
    item.refresh_from_db()
    assert item.category.website == website


def test_a_catalog_item_the_api_would_refuse_is_refused_in_the_admin(browser, website):
    item = RedemptionItemFactory(website=website)
    response = browser.post(
        f"/admin/loyalty_management/redemptionitem/{item.pk}/change/",
        _item_form(item, cash_amount="5.00"),  # a product has no cash amount
    )
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.cash_amount is None


def test_approved_requests_are_fulfilled_and_cancelled_by_actions_calling_the_services(
    browser, requests_of, admin
):
    first, second, pending = requests_of(3)
    for redemption in (first, second):
        redemption_approve(redemption=redemption, approved_by=admin)
    fulfilled = browser.post(
        CHANGELIST,
        {"action": "fulfil_selected", ACTION_CHECKBOX_NAME: [first.pk, pending.pk]},
        follow=True,
    ).content.decode()
    assert "1 request(s) fulfilled." in fulfilled
    assert f"Not fulfilled: #{pending.pk}" in fulfilled
    cancelled = browser.post(
        CHANGELIST,
        {
            "action": "cancel_selected",
            ACTION_CHECKBOX_NAME: [second.pk, pending.pk, first.pk],
            "apply": "1",
            "reason": "Out of stock",
        },
        follow=True,
    ).content.decode()
    assert "2 request(s) cancelled." in cancelled
    assert f"Not cancelled: #{first.pk}" in cancelled
    statuses = dict(RedemptionRequest.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk], statuses[pending.pk]) == (
        "fulfilled",
        "cancelled",
        "cancelled",
    )
    assert RedemptionItem.objects.get(pk=first.item_id).stock_quantity == 9
    assert violations() == []


def test_a_used_tier_level_cannot_be_renumbered_in_the_admin(browser, website):
    tier = LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=0)
    RedemptionItemFactory(website=website, min_tier_level=1)
    response = browser.post(
        f"/admin/loyalty_management/loyaltytier/{tier.pk}/change/",
        {
            "name": "Bronze",
            "rank": 2,
            "min_lifetime_points": 0,
            "multiplier": "1.00",
            "perks": "[]",
        },
    )
    assert response.status_code == 200
    assert "Catalog items require level 1" in response.content.decode()
    tier.refresh_from_db()
    assert tier.rank == 1


def test_points_debts_are_shown_read_only_in_the_admin(browser, website):
    points_give(client_of(website), 10)
    account = LoyaltyAccount.objects.get()
    LoyaltyAccount.objects.filter(pk=account.pk).update(points_debt=7)
    accounts = browser.get("/admin/loyalty_management/loyaltyaccount/").content.decode()
    assert "column-points_debt" in accounts
    ledger = browser.get("/admin/loyalty_management/loyaltytransaction/").content.decode()
    assert "column-debt_change" in ledger
    assert "column-debt_after" in ledger
    page = browser.get(f"/admin/loyalty_management/loyaltyaccount/{account.pk}/change/")
    assert "points_debt" in page.content.decode()
    assert 'name="points_debt"' not in page.content.decode()
