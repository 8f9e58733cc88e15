"""`summary/`, `transactions/`, `award/`, `deduct/`, `settings/`, `tiers/`, `badges/`, `milestones/`."""

from decimal import Decimal

import pytest

from loyalty_management.models import (
    Badge,
    LoyaltyAccount,
    LoyaltySettings,
    LoyaltyTier,
    LoyaltyTransaction,
    Milestone,
)
from loyalty_management.services import redemption_create
from tests.loyalty_management.conftest import BASE
from tests.loyalty_management.factories import (
    BadgeFactory,
    LoyaltyTierFactory,
    MilestoneFactory,
    RedemptionItemFactory,
    admin_of,
    client_of,
    points_give,
)

pytestmark = pytest.mark.django_db

SUMMARY = f"{BASE}summary/"
TRANSACTIONS = f"{BASE}transactions/"
AWARD = f"{BASE}award/"
DEDUCT = f"{BASE}deduct/"
SETTINGS = f"{BASE}settings/"
TIERS = f"{BASE}tiers/"
BADGES = f"{BASE}badges/"
MILESTONES = f"{BASE}milestones/"


def adjust(api, url, key, **body):
    return api.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


# Summary -----------------------------------------------------------------------------------------


def test_a_client_reads_their_summary_with_tier_next_tier_and_badges(
    api_client_for, client_user, website
):
    LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=0)
    LoyaltyTierFactory(website=website, name="Silver", rank=2, min_lifetime_points=500)
    LoyaltyTierFactory(website=website, name="Gold", rank=3, min_lifetime_points=1500)
    milestone = MilestoneFactory(website=website, threshold=Decimal("100"), badge__name="Starter")
    points_give(client_user, 600)
    redemption_create(
        client=client_user, item_id=RedemptionItemFactory(website=website, points_required=200).pk
    )

    body = api_client_for(client_user).get(SUMMARY).json()

    assert (
        body["points_balance"],
        body["points_held"],
        body["points_available"],
        body["lifetime_points"],
    ) == (600, 200, 400, 600)
    assert body["tier"]["name"] == "Silver"
    assert (body["next_tier"]["name"], body["points_to_next_tier"]) == ("Gold", 900)
    assert [badge["name"] for badge in body["badges"]] == ["Starter"]
    assert body["badges"][0]["badge_id"] == milestone.badge_id


def test_a_new_client_reads_a_zero_summary(api_client_for, client_user):
    body = api_client_for(client_user).get(SUMMARY).json()
    assert body == {
        "points_balance": 0,
        "points_held": 0,
        "points_available": 0,
        "points_debt": 0,
        "lifetime_points": 0,
        "tier": None,
        "next_tier": None,
        "points_to_next_tier": None,
        "badges": [],
    }
    assert not LoyaltyAccount.objects.exists()  # reading creates nothing


def test_an_admin_reads_a_clients_summary_of_their_website_only(
    api_client_for, admin, client_user, other_website
):
    points_give(client_user, 10)
    api = api_client_for(admin)
    assert api.get(SUMMARY, {"client": client_user.pk}).json()["points_balance"] == 10
    assert api.get(SUMMARY).status_code == 400
    foreigner = client_of(other_website)
    assert api.get(SUMMARY, {"client": foreigner.pk}).status_code == 404


def test_the_summary_takes_a_constant_number_of_queries(
    api_client_for, client_user, website, django_assert_max_num_queries
):
    for n in range(30):
        LoyaltyTierFactory(website=website, rank=n + 1, min_lifetime_points=n * 10)
        MilestoneFactory(website=website, threshold=Decimal(n * 10 + 1))
    points_give(client_user, 1000)
    with django_assert_max_num_queries(6):
        body = api_client_for(client_user).get(SUMMARY).json()
    assert len(body["badges"]) == 30


def test_writers_have_no_summary(api_client_for, writer):
    assert api_client_for(writer).get(SUMMARY).status_code == 403


# Ledger ------------------------------------------------------------------------------------------


def test_clients_read_their_own_ledger_and_admins_any_client_of_their_website(
    api_client_for, client_user, admin, website, other_website
):
    points_give(client_user, 10, reason="Mine")
    neighbour = client_of(website)
    points_give(neighbour, 20, reason="Theirs")
    foreign = points_give(client_of(other_website), 30, reason="Foreign")

    mine = api_client_for(client_user).get(TRANSACTIONS).json()["results"]
    assert [row["reason"] for row in mine] == ["Mine"]
    assert mine[0]["client"] == {"id": client_user.pk, "username": client_user.username}
    api = api_client_for(admin)
    assert api.get(TRANSACTIONS).json()["count"] == 2
    only = api.get(TRANSACTIONS, {"client": neighbour.pk}).json()["results"]
    assert [row["points"] for row in only] == [20]
    assert api.get(f"{TRANSACTIONS}{foreign.pk}/").status_code == 404
    assert api_client_for(client_user).get(f"{TRANSACTIONS}{only[0]['id']}/").status_code == 404


def test_the_ledger_list_takes_a_constant_number_of_queries(
    api_client_for, admin, website, django_assert_max_num_queries
):
    for _ in range(30):
        points_give(client_of(website), 5)
    with django_assert_max_num_queries(5):
        response = api_client_for(admin).get(TRANSACTIONS, {"limit": 100})
    assert response.json()["count"] == 30


# Award and deduct --------------------------------------------------------------------------------


def test_an_admin_awards_and_deducts_points_idempotently(api_client_for, admin, client_user):
    api = api_client_for(admin)
    awarded = adjust(api, AWARD, "a1", client_id=client_user.pk, points=150, reason="Goodwill")
    assert awarded.status_code == 201, awarded.json()
    body = awarded.json()
    assert (body["kind"], body["points"], body["balance_after"], body["reason"]) == (
        "adjust",
        150,
        150,
        "Goodwill",
    )
    assert body["created_by"] == {"id": admin.pk, "username": admin.username}
    replay = adjust(api, AWARD, "a1", client_id=client_user.pk, points=150, reason="Goodwill")
    assert replay.json() == body
    deducted = adjust(api, DEDUCT, "d1", client_id=client_user.pk, points=50, reason="Mistake")
    assert deducted.status_code == 201
    assert (deducted.json()["points"], deducted.json()["balance_after"]) == (-50, 100)
    assert LoyaltyAccount.objects.get(client=client_user).points_balance == 100
    assert LoyaltyTransaction.objects.count() == 2


def test_a_deduction_cannot_overdraw(api_client_for, admin, client_user):
    points_give(client_user, 10)
    response = adjust(
        api_client_for(admin), DEDUCT, "d", client_id=client_user.pk, points=11, reason="x"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "insufficient_points"
    assert "points" in response.json()["errors"]


@pytest.mark.parametrize("url", [AWARD, DEDUCT])
def test_award_and_deduct_need_a_reason_and_a_key(api_client_for, admin, client_user, url):
    api = api_client_for(admin)
    no_reason = adjust(api, url, "k", client_id=client_user.pk, points=5, reason="  ")
    assert no_reason.status_code == 400
    assert "reason" in no_reason.json()["errors"]
    no_key = api.post(url, {"client_id": client_user.pk, "points": 5, "reason": "x"}, format="json")
    assert no_key.status_code == 400
    assert no_key.json()["code"] == "idempotency_key_required"


@pytest.mark.parametrize("url", [AWARD, DEDUCT])
def test_another_websites_client_is_404_and_clients_may_not_adjust(
    api_client_for, admin, client_user, other_website, url
):
    foreigner = client_of(other_website)
    response = adjust(api_client_for(admin), url, "k", client_id=foreigner.pk, points=5, reason="x")
    assert response.status_code == 404
    assert response.json()["errors"] == {"client_id": ["No such client."]}
    as_client = adjust(
        api_client_for(client_user), url, "k", client_id=client_user.pk, points=5, reason="x"
    )
    assert as_client.status_code == 403
    assert not LoyaltyTransaction.objects.exists()


def test_admins_cannot_award_themselves_or_writers(api_client_for, admin, writer):
    api = api_client_for(admin)
    for user in (admin, writer):
        assert (
            adjust(api, AWARD, f"k{user.pk}", client_id=user.pk, points=5, reason="x").status_code
            == 404
        )


# Settings ----------------------------------------------------------------------------------------


def test_an_admin_reads_the_defaults_then_changes_the_settings(api_client_for, admin, website):
    api = api_client_for(admin)
    body = api.get(SETTINGS).json()
    assert (body["points_per_currency_unit"], body["points_expiry_months"], body["is_active"]) == (
        1,
        None,
        True,
    )
    changed = api.patch(
        SETTINGS, {"points_per_currency_unit": "2.5", "points_expiry_months": 12}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["points_per_currency_unit"], changed.json()["website_id"]) == (
        2.5,
        website.pk,
    )
    settings = LoyaltySettings.objects.get(website=website)
    assert (settings.points_per_currency_unit, settings.points_expiry_months) == (
        Decimal("2.50"),
        12,
    )
    assert api.patch(SETTINGS, {"points_expiry_months": 0}, format="json").status_code == 400


def test_settings_are_per_website(api_client_for, admin, superadmin, website, other_website):
    assert api_client_for(admin).get(SETTINGS, {"website_id": other_website.pk}).status_code == 404
    api = api_client_for(superadmin)
    assert api.get(SETTINGS).status_code == 400
    response = api.patch(
        f"{SETTINGS}?website_id={other_website.pk}", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert LoyaltySettings.objects.get(website=other_website).is_active is False
    assert not LoyaltySettings.objects.filter(website=website).exists()


def test_clients_cannot_read_settings(api_client_for, client_user):
    assert api_client_for(client_user).get(SETTINGS).status_code == 403


# Tiers -------------------------------------------------------------------------------------------


def test_an_admin_builds_the_tier_ladder_and_accounts_follow(
    api_client_for, admin, client_user, website
):
    points_give(client_user, 700)
    api = api_client_for(admin)
    bronze = api.post(TIERS, {"name": "Bronze", "rank": 1, "min_lifetime_points": 0}, format="json")
    assert bronze.status_code == 201, bronze.json()
    silver = api.post(
        TIERS,
        {
            "name": "Silver",
            "rank": 2,
            "min_lifetime_points": 500,
            "multiplier": "1.10",
            "perks": ["Faster support"],
        },
        format="json",
    )
    assert silver.status_code == 201
    assert (silver.json()["multiplier"], silver.json()["perks"]) == (1.1, ["Faster support"])
    assert LoyaltyAccount.objects.get(client=client_user).tier.name == "Silver"
    raised = api.patch(
        f"{TIERS}{silver.json()['id']}/", {"min_lifetime_points": 800}, format="json"
    )
    assert raised.status_code == 200
    assert LoyaltyAccount.objects.get(client=client_user).tier.name == "Bronze"
    assert api.delete(f"{TIERS}{bronze.json()['id']}/").status_code == 204
    assert LoyaltyAccount.objects.get(client=client_user).tier is None


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": "Gold", "rank": 1, "min_lifetime_points": 10}, "rank"),
        ({"name": "Gold", "rank": 3, "min_lifetime_points": 100}, "min_lifetime_points"),
        ({"name": "Gold", "rank": 3, "min_lifetime_points": 50}, "min_lifetime_points"),
        ({"name": "silver", "rank": 3, "min_lifetime_points": 900}, "name"),
        ({"name": "Gold", "rank": 3, "min_lifetime_points": 900, "multiplier": "0"}, "multiplier"),
    ],
)
def test_a_tier_that_breaks_the_ladder_is_refused(api_client_for, admin, website, payload, field):
    LoyaltyTierFactory(website=website, name="Bronze", rank=1, min_lifetime_points=0)
    LoyaltyTierFactory(website=website, name="Silver", rank=2, min_lifetime_points=100)
    response = api_client_for(admin).post(TIERS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert LoyaltyTier.objects.count() == 2


def test_a_tier_items_require_cannot_be_deleted(api_client_for, admin, website):
    tier = LoyaltyTierFactory(website=website, rank=2, min_lifetime_points=100)
    RedemptionItemFactory(website=website, min_tier_level=2)
    assert api_client_for(admin).delete(f"{TIERS}{tier.pk}/").status_code == 409


def test_moving_a_tier_items_require_is_a_409_in_use(api_client_for, admin, website):
    LoyaltyTierFactory(website=website, rank=1, min_lifetime_points=0)
    tier = LoyaltyTierFactory(website=website, rank=2, min_lifetime_points=100)
    RedemptionItemFactory(website=website, min_tier_level=2)
    response = api_client_for(admin).patch(f"{TIERS}{tier.pk}/", {"rank": 3}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "in_use")
    tier.refresh_from_db()
    assert tier.rank == 2


def test_tiers_are_for_admins_of_their_website(
    api_client_for, admin, client_user, other_website, django_assert_max_num_queries
):
    foreign = LoyaltyTierFactory(website=other_website)
    assert api_client_for(admin).get(f"{TIERS}{foreign.pk}/").status_code == 404
    assert api_client_for(client_user).get(TIERS).status_code == 403
    for rank in range(1, 31):
        LoyaltyTierFactory(website=admin.website, rank=rank, min_lifetime_points=rank * 10)
    with django_assert_max_num_queries(5):
        assert api_client_for(admin).get(TIERS, {"limit": 100}).json()["count"] == 30


# Badges and milestones ---------------------------------------------------------------------------


def test_an_admin_creates_a_badge_and_a_milestone_that_awards_it(
    api_client_for, admin, client_user, website
):
    api = api_client_for(admin)
    badge = api.post(BADGES, {"name": "Loyal", "icon": "star"}, format="json")
    assert badge.status_code == 201
    milestone = api.post(
        MILESTONES,
        {
            "name": "Loyal customer",
            "kind": "lifetime_points",
            "threshold": "1000",
            "badge_id": badge.json()["id"],
            "bonus_points": 100,
        },
        format="json",
    )
    assert milestone.status_code == 201, milestone.json()
    body = milestone.json()
    assert body["badge"] == {"id": badge.json()["id"], "name": "Loyal", "icon": "star"}
    assert (body["threshold"], body["bonus_points"]) == (1000, 100)
    points_give(client_user, 1000)
    assert LoyaltyAccount.objects.get(client=client_user).points_balance == 1100
    assert api.delete(f"{MILESTONES}{body['id']}/").status_code == 409
    assert api.delete(f"{BADGES}{badge.json()['id']}/").status_code == 409


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "orders_paid", "threshold": "1.5"}, "threshold"),
        ({"kind": "lifetime_points", "threshold": "0"}, "threshold"),
        ({"kind": "amount_spent", "threshold": "10", "badge_id": None}, "badge_id"),
    ],
)
def test_a_milestone_with_a_bad_threshold_or_badge_is_refused(
    api_client_for, admin, website, other_website, payload, field
):
    badge_id = BadgeFactory(website=website).pk
    if "badge_id" in payload:
        payload = {**payload, "badge_id": BadgeFactory(website=other_website).pk}
    response = api_client_for(admin).post(
        MILESTONES, {"name": "M", "badge_id": badge_id, **payload}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Milestone.objects.exists()


def test_one_badge_is_awarded_by_one_milestone(api_client_for, admin, website):
    milestone = MilestoneFactory(website=website)
    response = api_client_for(admin).post(
        MILESTONES,
        {"name": "Again", "kind": "orders_paid", "threshold": "3", "badge_id": milestone.badge_id},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "duplicate"


def test_badges_and_milestones_are_for_admins_of_their_website(
    api_client_for, admin, client_user, other_website, django_assert_max_num_queries
):
    foreign = MilestoneFactory(website=other_website)
    api = api_client_for(admin)
    assert api.get(f"{MILESTONES}{foreign.pk}/").status_code == 404
    assert api.get(f"{BADGES}{foreign.badge_id}/").status_code == 404
    assert api_client_for(client_user).get(MILESTONES).status_code == 403
    assert api_client_for(client_user).get(BADGES).status_code == 403
    for n in range(30):
        MilestoneFactory(website=admin.website, threshold=Decimal(n + 1))
    with django_assert_max_num_queries(5):
        assert api.get(MILESTONES, {"limit": 100}).json()["count"] == 30
    with django_assert_max_num_queries(5):
        assert api.get(BADGES, {"limit": 100}).json()["count"] == 30
    assert Badge.objects.filter(website=admin.website).count() == 30


def test_an_award_is_audited_per_admin(api_client_for, website, client_user):
    first, second = admin_of(website), admin_of(website)
    adjust(api_client_for(first), AWARD, "k", client_id=client_user.pk, points=1, reason="a")
    adjust(api_client_for(second), AWARD, "k", client_id=client_user.pk, points=2, reason="b")
    assert sorted(LoyaltyTransaction.objects.values_list("created_by", "points")) == sorted(
        [(first.pk, 1), (second.pk, 2)]
    )


def test_a_query_parameter_the_summary_does_not_take_is_a_400_naming_it(api_client_for, website):
    client = client_of(website)
    response = api_client_for(client).get(SUMMARY, {"clientid": "1"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"clientid": ["Unknown query parameter for this report."]}
