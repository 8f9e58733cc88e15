"""`analytics/?days=`: points, redemptions, top items, tiers, the daily trend and engagement."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from loyalty_management.models import LoyaltyTransaction, RedemptionRequest, RedemptionType
from loyalty_management.services import (
    points_expire,
    redemption_approve,
    redemption_cancel,
    redemption_create,
    redemption_reject,
)
from tests.loyalty_management.conftest import BASE
from tests.loyalty_management.factories import (
    LoyaltySettingsFactory,
    LoyaltyTierFactory,
    RedemptionCategoryFactory,
    RedemptionItemFactory,
    admin_of,
    client_of,
    discount_item,
    points_give,
)

pytestmark = pytest.mark.django_db

ANALYTICS = f"{BASE}analytics/"


def test_analytics_add_up_the_window(api_client_for, website, admin):
    LoyaltySettingsFactory(website=website, points_expiry_months=12)
    LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=0)
    LoyaltyTierFactory(website=website, name="Silver", rank=2, min_lifetime_points=1000)
    merch = RedemptionCategoryFactory(website=website, name="Merch")
    codes = RedemptionCategoryFactory(website=website, name="Codes")
    hoodie = RedemptionItemFactory(
        website=website, category=merch, name="Hoodie", points_required=100
    )
    code = discount_item(website=website, category=codes, name="$10 off", points_required=50)
    spender, idle, new = client_of(website), client_of(website), client_of(website)
    points_give(spender, 1200)
    points_give(idle, 300)
    old = points_give(new, 40)
    LoyaltyTransaction.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=400)
    )
    points_expire()  # the 40 old points expire now, inside the window
    approved = redemption_create(client=spender, item_id=hoodie.pk)
    redemption_approve(redemption=approved, approved_by=admin)
    redemption_create(client=spender, item_id=hoodie.pk)  # pending
    rejected = redemption_create(client=spender, item_id=hoodie.pk)
    redemption_reject(redemption=rejected, rejected_by=admin, reason="No")
    cancelled = redemption_create(client=spender, item_id=hoodie.pk)
    redemption_approve(redemption=cancelled, approved_by=admin)
    redemption_cancel(redemption=cancelled, cancelled_by=admin)
    redemption_create(client=spender, item_id=code.pk)  # fulfilled at once
    client_of(website)  # a client without any points at all
    LoyaltyTransaction.objects.filter(account__client=idle).update(
        created_at=timezone.now() - timedelta(days=40)
    )

    body = api_client_for(admin).get(ANALYTICS, {"days": 30}).json()

    assert body["period"]["days"] == 30
    # Issued in the window: the spender's 1200 only (the idle client's 300 and the 40 that
    # expired were credited before it); the expiry itself happened inside the window.
    assert body["points"] == {
        "issued": 1200,
        "redeemed": 150,  # 100 + 100 spent, 100 given back, 50 for the code
        "expired": 40,
        "outstanding": 1200 - 150 + 300,
        "held": 100,
    }
    redemptions = body["redemptions"]
    assert redemptions["total"] == 5
    assert redemptions["by_status"] == {
        "pending": 1,
        "approved": 1,
        "fulfilled": 1,
        "rejected": 1,
        "cancelled": 1,
    }
    assert redemptions["by_type"] == {
        "discount": 1,
        "cash": 0,
        "voucher": 0,
        "product": 4,
        "service": 0,
    }
    assert redemptions["by_category"] == [
        {"category_id": merch.pk, "name": "Merch", "requests": 4, "points": 400},
        {"category_id": codes.pk, "name": "Codes", "requests": 1, "points": 50},
    ]
    assert body["top_items"] == [
        {
            "item_id": hoodie.pk,
            "name": "Hoodie",
            "redemption_type": "product",
            "redemptions": 2,
            "points": 200,
        },
        {
            "item_id": code.pk,
            "name": "$10 off",
            "redemption_type": "discount",
            "redemptions": 1,
            "points": 50,
        },
    ]
    tiers = {row["name"]: row["clients"] for row in body["tier_distribution"]}
    assert tiers == {"Bronze": 2, "Silver": 1, None: 0}
    assert body["engagement"] == {"active_clients": 2, "total_clients": 4, "rate_percent": 50.0}


def test_the_daily_trend_is_zero_filled_and_chronological(api_client_for, website, admin):
    client = client_of(website)
    today = timezone.now()
    for days_ago, points in ((0, 10), (2, 20), (2, 5), (9, 7)):
        row = points_give(client, points)
        LoyaltyTransaction.objects.filter(pk=row.pk).update(
            created_at=today - timedelta(days=days_ago)
        )
    trend = api_client_for(admin).get(ANALYTICS, {"days": 5}).json()["daily_trend"]
    assert [row["date"] for row in trend] == [
        (today.date() - timedelta(days=n)).isoformat() for n in range(4, -1, -1)
    ]
    assert [row["points_issued"] for row in trend] == [0, 0, 25, 0, 10]
    assert all(
        row["points_redeemed"] == row["points_expired"] == row["requests"] == 0 for row in trend
    )


@override_settings(REPORTING_TIME_ZONE="America/New_York")
def test_days_are_calendar_days_of_the_reporting_time_zone(api_client_for, website, admin):
    client = client_of(website)
    item = RedemptionItemFactory(website=website, points_required=5)
    now = datetime(2025, 3, 10, 3, 0, tzinfo=UTC)  # 2025-03-09 23:00 in New York
    with mock.patch("django.utils.timezone.now", return_value=now):
        points_give(client, 10)
        redemption_create(client=client, item_id=item.pk)
        body = api_client_for(admin).get(ANALYTICS, {"days": 2}).json()
    assert body["period"] == {
        "days": 2,
        "date_from": "2025-03-08",
        "date_to": "2025-03-09",
        "time_zone": "America/New_York",
    }
    assert body["daily_trend"][-1] == {
        "date": "2025-03-09",
        "points_issued": 10,
        "points_redeemed": 0,
        "points_expired": 0,
        "requests": 1,
    }
    assert date.fromisoformat(body["daily_trend"][0]["date"]) == date(2025, 3, 8)


def test_the_top_items_are_at_most_ten(api_client_for, website, admin):
    client = client_of(website)
    points_give(client, 10_000)
    for n in range(12):
        item = RedemptionItemFactory(
            website=website, redemption_type=RedemptionType.VOUCHER, points_required=n + 1
        )
        redemption_create(client=client, item_id=item.pk)
    top = api_client_for(admin).get(ANALYTICS).json()["top_items"]
    assert len(top) == 10
    assert [row["points"] for row in top] == list(range(12, 2, -1))


@pytest.mark.parametrize("days", ["0", "367", "x"])
def test_days_outside_one_to_366_is_a_400(api_client_for, admin, days):
    response = api_client_for(admin).get(ANALYTICS, {"days": days})
    assert response.status_code == 400
    assert "days" in response.json()["errors"]


def test_analytics_see_only_the_admins_website(api_client_for, admin, website, other_website):
    points_give(client_of(other_website), 500)
    points_give(client_of(website), 7)
    api = api_client_for(admin)
    assert api.get(ANALYTICS).json()["points"]["issued"] == 7
    assert api.get(ANALYTICS, {"website_id": other_website.pk}).status_code == 404


def test_a_superadmin_sees_every_website_or_one(api_client_for, superadmin, website, other_website):
    points_give(client_of(other_website), 500)
    points_give(client_of(website), 7)
    api = api_client_for(superadmin)
    assert api.get(ANALYTICS).json()["points"]["issued"] == 507
    assert api.get(ANALYTICS, {"website_id": website.pk}).json()["points"]["issued"] == 7


def test_clients_and_writers_get_403(api_client_for, client_user, writer):
    for user in (client_user, writer):
        assert api_client_for(user).get(ANALYTICS).status_code == 403


def test_analytics_take_a_constant_number_of_queries(
    api_client_for, website, django_assert_max_num_queries
):
    admin = admin_of(website)
    LoyaltyTierFactory(website=website, rank=1, min_lifetime_points=0)
    for n in range(30):
        client = client_of(website)
        points_give(client, 100)
        item = RedemptionItemFactory(website=website, points_required=10, name=f"Item {n}")
        redemption_create(client=client, item_id=item.pk)
    # 16: one of them reads the review times (the `review` block), one the websites' own time
    # zones (cached after that: the cache is empty at a test's start).
    with django_assert_max_num_queries(16):
        response = api_client_for(admin).get(ANALYTICS, {"days": 90})
    assert response.status_code == 200
    assert RedemptionRequest.objects.count() == 30


def test_a_query_parameter_the_analytics_do_not_take_is_a_400_naming_it(api_client_for, admin):
    response = api_client_for(admin).get(ANALYTICS, {"days": "7", "day": "30", "tier": "gold"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"day", "tier"}
    assert body["errors"]["day"] == ["Unknown query parameter for this report."]
