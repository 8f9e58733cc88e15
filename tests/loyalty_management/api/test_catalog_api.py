"""`redemption-categories/` and `redemption-items/`: CRUD for admins, the active catalog for clients."""

from decimal import Decimal

import pytest

from loyalty_management.models import RedemptionCategory, RedemptionItem, RedemptionType
from loyalty_management.services import loyalty_settings_update, redemption_create
from tests.loyalty_management.conftest import BASE
from tests.loyalty_management.factories import (
    LoyaltyTierFactory,
    RedemptionCategoryFactory,
    RedemptionItemFactory,
    client_of,
    points_give,
)

pytestmark = pytest.mark.django_db

CATEGORIES = f"{BASE}redemption-categories/"
ITEMS = f"{BASE}redemption-items/"
ITEM_FIELDS = {
    "id",
    "website_id",
    "category",
    "category_name",
    "name",
    "description",
    "points_required",
    "redemption_type",
    "discount_amount",
    "discount_percentage",
    "cash_amount",
    "stock_quantity",
    "total_redemptions",
    "max_per_client",
    "min_tier_level",
    "image_url",
    "is_active",
    "is_available",
    "can_redeem",
    "created_at",
    "updated_at",
}


# Categories --------------------------------------------------------------------------------------


def test_an_admin_creates_updates_and_deletes_a_category(api_client_for, admin, website):
    api = api_client_for(admin)
    created = api.post(CATEGORIES, {"name": "Merch", "sort_order": 3}, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["name"], body["sort_order"], body["website_id"], body["is_active"]) == (
        "Merch",
        3,
        website.pk,
        True,
    )
    changed = api.patch(f"{CATEGORIES}{body['id']}/", {"is_active": False}, format="json")
    assert changed.status_code == 200
    assert changed.json()["is_active"] is False
    assert api.delete(f"{CATEGORIES}{body['id']}/").status_code == 204
    assert not RedemptionCategory.objects.exists()


def test_a_category_name_is_unique_per_website(api_client_for, admin, website):
    RedemptionCategoryFactory(website=website, name="Merch")
    response = api_client_for(admin).post(CATEGORIES, {"name": "merch"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate"
    assert "name" in response.json()["errors"]


def test_a_category_with_items_cannot_be_deleted(api_client_for, admin, website):
    item = RedemptionItemFactory(website=website)
    response = api_client_for(admin).delete(f"{CATEGORIES}{item.category_id}/")
    assert response.status_code == 409
    assert response.json()["code"] == "in_use"


def test_clients_see_only_the_active_categories_of_their_website(
    api_client_for, client_user, website, other_website
):
    active = RedemptionCategoryFactory(website=website)
    RedemptionCategoryFactory(website=website, is_active=False)
    RedemptionCategoryFactory(website=other_website)
    response = api_client_for(client_user).get(CATEGORIES)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [active.pk]


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_websites_category_is_404(api_client_for, admin, other_website, method):
    category = RedemptionCategoryFactory(website=other_website)
    response = getattr(api_client_for(admin), method)(f"{CATEGORIES}{category.pk}/")
    assert response.status_code == 404


def test_clients_and_writers_cannot_write_categories(api_client_for, client_user, writer):
    for user in (client_user, writer):
        response = api_client_for(user).post(CATEGORIES, {"name": "Mine"}, format="json")
        assert response.status_code == 403
    assert api_client_for(writer).get(CATEGORIES).status_code == 403


def test_a_superadmin_names_the_website_of_a_new_category(api_client_for, superadmin, website):
    api = api_client_for(superadmin)
    missing = api.post(CATEGORIES, {"name": "Merch"}, format="json")
    assert missing.status_code == 400
    assert "website_id" in missing.json()["errors"]
    created = api.post(CATEGORIES, {"name": "Merch", "website_id": website.pk}, format="json")
    assert created.status_code == 201
    assert created.json()["website_id"] == website.pk


def test_the_category_list_takes_a_constant_number_of_queries(
    api_client_for, admin, website, django_assert_max_num_queries
):
    for n in range(30):
        RedemptionCategoryFactory(website=website, name=f"Category {n}")
    with django_assert_max_num_queries(6):
        response = api_client_for(admin).get(CATEGORIES, {"limit": 100})
    assert response.json()["count"] == 30


# Items -------------------------------------------------------------------------------------------


def test_an_admin_creates_each_type_of_item(api_client_for, admin, website):
    category = RedemptionCategoryFactory(website=website)
    LoyaltyTierFactory(website=website, rank=2, min_lifetime_points=500)
    api = api_client_for(admin)
    payloads = [
        {"redemption_type": "discount", "discount_amount": "10.00"},
        {"redemption_type": "discount", "discount_percentage": "12.50"},
        {"redemption_type": "cash", "cash_amount": "5.00"},
        {"redemption_type": "voucher"},
        {"redemption_type": "product", "stock_quantity": 5, "max_per_client": 1},
        {"redemption_type": "service", "min_tier_level": 2, "image_url": "https://x.test/a.png"},
    ]
    for number, payload in enumerate(payloads):
        response = api.post(
            ITEMS,
            {
                "category_id": category.pk,
                "name": f"Item {number}",
                "points_required": 100,
                **payload,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
        body = response.json()
        assert set(body) == ITEM_FIELDS
        assert body["category_name"] == category.name
        assert body["can_redeem"] is None  # admins are not redeeming
    assert RedemptionItem.objects.count() == len(payloads)
    percentage = RedemptionItem.objects.get(name="Item 1")
    assert percentage.discount_percentage == Decimal("12.50")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"redemption_type": "discount"}, "discount_amount"),
        (
            {"redemption_type": "discount", "discount_amount": "5", "discount_percentage": "5"},
            "discount_amount",
        ),
        ({"redemption_type": "cash"}, "cash_amount"),
        ({"redemption_type": "product", "cash_amount": "5.00"}, "cash_amount"),
        ({"redemption_type": "product", "min_tier_level": 3}, "min_tier_level"),
        ({"redemption_type": "product", "points_required": 0}, "points_required"),
        ({"redemption_type": "product", "discount_percentage": "101"}, "discount_percentage"),
        ({"redemption_type": "cash", "cash_amount": "1.005"}, "cash_amount"),
    ],
)
def test_an_item_whose_fields_do_not_fit_its_type_is_refused(
    api_client_for, admin, website, payload, field
):
    category = RedemptionCategoryFactory(website=website)
    response = api_client_for(admin).post(
        ITEMS,
        {"category_id": category.pk, "name": "Bad", "points_required": 100, **payload},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not RedemptionItem.objects.exists()


def test_an_item_cannot_go_into_another_websites_category(api_client_for, admin, other_website):
    category = RedemptionCategoryFactory(website=other_website)
    response = api_client_for(admin).post(
        ITEMS,
        {
            "category_id": category.pk,
            "name": "X",
            "points_required": 1,
            "redemption_type": "voucher",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "category_id" in response.json()["errors"]


def test_a_requested_item_keeps_its_type_and_cannot_be_deleted(
    api_client_for, admin, website, client_user
):
    item = RedemptionItemFactory(website=website, points_required=10)
    points_give(client_user, 10)
    redemption_create(client=client_user, item_id=item.pk)
    api = api_client_for(admin)
    changed = api.patch(f"{ITEMS}{item.pk}/", {"redemption_type": "voucher"}, format="json")
    assert changed.status_code == 409
    assert api.delete(f"{ITEMS}{item.pk}/").status_code == 409
    assert api.patch(f"{ITEMS}{item.pk}/", {"stock_quantity": 9}, format="json").status_code == 200


def test_clients_see_active_items_with_why_they_can_or_cannot_redeem(
    api_client_for, client_user, website, other_website
):
    LoyaltyTierFactory(website=website, rank=1, min_lifetime_points=0)
    LoyaltyTierFactory(website=website, rank=2, min_lifetime_points=10_000)
    points_give(client_user, 500)
    category = RedemptionCategoryFactory(website=website, name="Rewards")
    hidden_category = RedemptionCategoryFactory(website=website, is_active=False)
    items = {
        "ok": RedemptionItemFactory(website=website, category=category, points_required=490),
        "poor": RedemptionItemFactory(website=website, category=category, points_required=501),
        "tier": RedemptionItemFactory(
            website=website, category=category, points_required=10, min_tier_level=2
        ),
        "limit": RedemptionItemFactory(
            website=website, category=category, points_required=10, max_per_client=1
        ),
        "stock": RedemptionItemFactory(
            website=website, category=category, points_required=10, stock_quantity=0
        ),
    }
    redemption_create(client=client_user, item_id=items["limit"].pk)
    RedemptionItemFactory(website=website, category=category, is_active=False)
    RedemptionItemFactory(website=website, category=hidden_category)
    RedemptionItemFactory(website=other_website)

    response = api_client_for(client_user).get(ITEMS)

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {item.pk for item in items.values()}
    checks = {name: rows[item.pk]["can_redeem"] for name, item in items.items()}
    assert checks["ok"] == {
        "can_redeem": True,
        "reason": None,
        "message": "You can redeem this reward.",
        "points_missing": 0,
    }
    # The limit request holds 10 points: 490 are available.
    assert (checks["poor"]["reason"], checks["poor"]["points_missing"]) == (
        "insufficient_points",
        11,
    )
    assert checks["tier"]["reason"] == "tier_too_low"
    assert checks["limit"]["reason"] == "client_limit_reached"
    assert checks["stock"]["reason"] == "out_of_stock"
    assert rows[items["stock"].pk]["is_available"] is False
    assert rows[items["ok"].pk]["is_available"] is True
    assert rows[items["ok"].pk]["category_name"] == "Rewards"


def test_an_inactive_program_shows_every_item_as_inactive(api_client_for, client_user, website):
    RedemptionItemFactory(website=website, points_required=1)
    loyalty_settings_update(website=website, is_active=False)
    row = api_client_for(client_user).get(ITEMS).json()["results"][0]
    assert row["can_redeem"]["reason"] == "inactive"


def test_clients_filter_items_by_category(api_client_for, client_user, website):
    wanted = RedemptionItemFactory(website=website)
    RedemptionItemFactory(website=website)
    response = api_client_for(client_user).get(ITEMS, {"category": wanted.category_id})
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_a_client_reading_one_item_gets_can_redeem(api_client_for, client_user, website):
    item = RedemptionItemFactory(website=website, points_required=50)
    body = api_client_for(client_user).get(f"{ITEMS}{item.pk}/").json()
    assert body["can_redeem"]["points_missing"] == 50


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_websites_item_is_404(api_client_for, admin, client_user, other_website, method):
    item = RedemptionItemFactory(website=other_website)
    assert getattr(api_client_for(admin), method)(f"{ITEMS}{item.pk}/").status_code == 404
    assert api_client_for(client_user).get(f"{ITEMS}{item.pk}/").status_code == 404


def test_clients_cannot_write_items(api_client_for, client_user, website):
    item = RedemptionItemFactory(website=website)
    api = api_client_for(client_user)
    assert api.patch(f"{ITEMS}{item.pk}/", {"name": "Mine"}, format="json").status_code == 403
    assert api.delete(f"{ITEMS}{item.pk}/").status_code == 403


def test_a_page_of_items_with_can_redeem_takes_a_constant_number_of_queries(
    api_client_for, client_user, website, django_assert_max_num_queries
):
    points_give(client_user, 10_000)
    categories = [RedemptionCategoryFactory(website=website) for _ in range(3)]
    for n in range(30):
        item = RedemptionItemFactory(
            website=website,
            category=categories[n % 3],
            points_required=10,
            max_per_client=5,
            redemption_type=RedemptionType.PRODUCT,
        )
        if n % 4 == 0:
            redemption_create(client=client_user, item_id=item.pk)
    api = api_client_for(client_user)
    with django_assert_max_num_queries(8) as captured:
        response = api.get(ITEMS, {"limit": 100})
    assert response.json()["count"] == 30
    few_items = len(captured.captured_queries)
    with django_assert_max_num_queries(few_items):
        api.get(ITEMS, {"limit": 3})


def test_other_clients_requests_do_not_count_against_a_clients_limit(
    api_client_for, client_user, website
):
    item = RedemptionItemFactory(website=website, points_required=1, max_per_client=1)
    other = client_of(website)
    points_give(other, 5)
    redemption_create(client=other, item_id=item.pk)
    points_give(client_user, 5)
    row = api_client_for(client_user).get(f"{ITEMS}{item.pk}/").json()
    assert row["can_redeem"]["can_redeem"] is True
