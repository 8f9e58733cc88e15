"""Writer levels, writer profiles and tip settings: admins of the website and superadmins."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory, WriterFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import (
    TipFactory,
    TipSettingsFactory,
    WriterLevelFactory,
    WriterProfileFactory,
)
from writer_management.models import TipSettings, WriterLevel, WriterProfile

pytestmark = pytest.mark.django_db

LEVELS = "/api/v1/writer-management/writer-level-configs/"
PROFILES = "/api/v1/writer-management/writer-profiles/"
SETTINGS = "/api/v1/writer-management/tip-settings/"


def _count_queries(api, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = api.get(url, {"limit": 100})
    assert response.status_code == 200
    return len(captured)


# Writer levels ---------------------------------------------------------------------------------


def test_an_admin_creates_reads_changes_and_deletes_a_level(api_client_for, world):
    api = api_client_for(world.admin)
    created = api.post(
        LEVELS, {"name": "Senior", "tip_percentage": "50.00", "display_order": 3}, format="json"
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["name"], body["tip_percentage"], body["website"]["id"]) == (
        "Senior",
        50.0,
        world.website.pk,
    )
    assert body["writers_count"] == 0
    url = f"{LEVELS}{body['id']}/"
    assert api.get(url).json()["display_order"] == 3
    changed = api.patch(url, {"tip_percentage": "55.5"}, format="json")
    assert (changed.status_code, changed.json()["tip_percentage"]) == (200, 55.5)
    assert changed.json()["name"] == "Senior"
    replaced = api.put(
        url, {"name": "Expert", "tip_percentage": "60", "is_active": False}, format="json"
    )
    assert (replaced.json()["name"], replaced.json()["is_active"]) == ("Expert", False)
    assert api.delete(url).status_code == 204
    assert not WriterLevel.objects.filter(pk=body["id"]).exists()


def test_levels_list_their_writers_count_and_filter_by_active(api_client_for, world):
    retired = WriterLevelFactory(website=world.website, is_active=False)
    WriterLevelFactory()  # another website's
    api = api_client_for(world.admin)
    rows = api.get(LEVELS).json()["results"]
    assert {row["id"] for row in rows} == {world.level.pk, retired.pk}
    intermediate = next(row for row in rows if row["id"] == world.level.pk)
    assert intermediate["writers_count"] == 1

    def ids(is_active: str) -> list[int]:
        return [row["id"] for row in api.get(LEVELS, {"is_active": is_active}).json()["results"]]

    assert ids("false") == [retired.pk]
    assert ids("true") == [world.level.pk]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "X", "tip_percentage": "100.01"}, "tip_percentage"),
        ({"name": "X", "tip_percentage": "-1"}, "tip_percentage"),
        ({"name": "X", "tip_percentage": "10.005"}, "tip_percentage"),
        ({"name": "", "tip_percentage": "10"}, "name"),
        ({"name": "intermediate", "tip_percentage": "10"}, "name"),
        ({"tip_percentage": "10"}, "name"),
    ],
)
def test_an_invalid_level_is_400_naming_the_field(api_client_for, world, data, field):
    response = api_client_for(world.admin).post(LEVELS, data, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("display_order", [2**31, 2**63, -1, "\u0663"])
def test_a_display_order_the_column_cannot_hold_is_400_on_create_and_change(
    api_client_for, world, display_order
):
    api = api_client_for(world.admin)
    created = api.post(
        LEVELS,
        {"name": "Huge", "tip_percentage": "10", "display_order": display_order},
        format="json",
    )
    changed = api.patch(
        f"{LEVELS}{world.level.pk}/", {"display_order": display_order}, format="json"
    )
    for response in (created, changed):
        assert response.status_code == 400, response.content
        assert list(response.json()["errors"]) == ["display_order"]
    assert not WriterLevel.objects.filter(name="Huge").exists()


def test_the_largest_display_order_the_column_holds_is_kept(api_client_for, world):
    response = api_client_for(world.admin).patch(
        f"{LEVELS}{world.level.pk}/", {"display_order": 2**31 - 1}, format="json"
    )
    assert (response.status_code, response.json()["display_order"]) == (200, 2**31 - 1)


def test_a_level_in_use_is_not_deleted(api_client_for, world):
    response = api_client_for(world.admin).delete(f"{LEVELS}{world.level.pk}/")
    assert (response.status_code, response.json()["code"]) == (409, "writer_level_in_use")


def test_a_superadmin_names_the_website_of_a_new_level(api_client_for, world):
    api = api_client_for(SuperAdminFactory())
    missing = api.post(LEVELS, {"name": "Senior", "tip_percentage": "50"}, format="json")
    assert (missing.status_code, list(missing.json()["errors"])) == (400, ["website_id"])
    created = api.post(
        LEVELS,
        {"name": "Senior", "tip_percentage": "50", "website_id": world.website.pk},
        format="json",
    )
    assert created.json()["website"]["id"] == world.website.pk


def test_an_admin_always_creates_levels_on_their_own_website(api_client_for, world):
    other = WebsiteFactory()
    response = api_client_for(world.admin).post(
        LEVELS, {"name": "Senior", "tip_percentage": "50", "website_id": other.pk}, format="json"
    )
    assert response.json()["website"]["id"] == world.website.pk


def test_another_websites_level_reads_as_404(api_client_for, world):
    foreign = WriterLevelFactory()
    api = api_client_for(world.admin)
    assert api.get(f"{LEVELS}{foreign.pk}/").status_code == 404
    assert api.patch(f"{LEVELS}{foreign.pk}/", {"name": "Mine"}, format="json").status_code == 404
    assert api.delete(f"{LEVELS}{foreign.pk}/").status_code == 404


@pytest.mark.parametrize("url", [LEVELS, PROFILES, SETTINGS])
def test_clients_and_writers_may_not_manage_levels_profiles_or_settings(api_client_for, world, url):
    for user in (world.client, world.writer):
        api = api_client_for(user)
        assert api.get(url).status_code == 403
        assert api.post(url, {}, format="json").status_code in (403, 405)


def test_levels_list_in_constant_queries(api_client_for, world):
    api = api_client_for(world.admin)
    for _ in range(4):
        WriterProfileFactory(website=world.website, level=WriterLevelFactory(website=world.website))
    with_5 = _count_queries(api, LEVELS)
    for _ in range(45):
        WriterProfileFactory(website=world.website, level=WriterLevelFactory(website=world.website))
    assert _count_queries(api, LEVELS) == with_5
    assert api.get(LEVELS, {"limit": 100}).json()["count"] == 50


# Writer profiles -------------------------------------------------------------------------------


def test_an_admin_lists_profiles_with_the_effective_tip_percentage(api_client_for, world):
    unlevelled = WriterProfileFactory(website=world.website, level=None)
    WriterProfileFactory()  # another website's
    TipSettingsFactory(website=world.website, default_writer_percentage=Decimal("33.00"))
    rows = api_client_for(world.admin).get(PROFILES).json()["results"]
    by_id = {row["id"]: row for row in rows}
    assert set(by_id) == {world.writer.writer_profile.pk, unlevelled.pk}
    levelled = by_id[world.writer.writer_profile.pk]
    assert set(levelled) == {
        "id",
        "writer",
        "website",
        "level",
        "pen_name",
        "tip_percentage",
        "created_at",
        "updated_at",
    }
    assert levelled["level"] == {
        "id": world.level.pk,
        "name": "Intermediate",
        "tip_percentage": 40.0,
    }
    assert levelled["tip_percentage"] == 40.0
    assert (by_id[unlevelled.pk]["level"], by_id[unlevelled.pk]["tip_percentage"]) == (None, 33.0)

    def ids(**params) -> set[int]:
        return {
            row["id"] for row in api_client_for(world.admin).get(PROFILES, params).json()["results"]
        }

    assert ids(has_level="false") == {unlevelled.pk}
    assert ids(has_level="true") == ids(level_id=world.level.pk) == {world.writer.writer_profile.pk}


def test_a_website_without_tip_settings_shows_the_default_30_percent(api_client_for, world):
    profile = WriterProfileFactory(website=world.website, level=None)
    body = api_client_for(world.admin).get(f"{PROFILES}{profile.pk}/").json()
    assert body["tip_percentage"] == 30.0


def test_an_admin_creates_a_profile_and_assigns_levels(api_client_for, world):
    writer = WriterFactory(website=world.website)
    api = api_client_for(world.admin)
    created = api.post(PROFILES, {"writer_id": writer.pk, "pen_name": "Quill"}, format="json")
    assert created.status_code == 201
    assert (created.json()["level"], created.json()["pen_name"]) == (None, "Quill")
    url = f"{PROFILES}{created.json()['id']}/"
    assigned = api.post(f"{url}assign_level/", {"level_id": world.level.pk}, format="json")
    assert (assigned.status_code, assigned.json()["tip_percentage"]) == (200, 40.0)
    cleared = api.post(f"{url}assign_level/", {"level_id": None}, format="json")
    assert cleared.json()["level"] is None
    renamed = api.patch(url, {"pen_name": "Q."}, format="json")
    assert renamed.json()["pen_name"] == "Q."
    again = api.post(PROFILES, {"writer_id": writer.pk}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "writer_profile_exists")


def test_a_profile_is_only_for_a_writer_of_the_admins_website(api_client_for, world):
    api = api_client_for(world.admin)
    for user in (WriterFactory(), ClientFactory(website=world.website)):
        response = api.post(PROFILES, {"writer_id": user.pk}, format="json")
        assert response.status_code == 400
        assert "writer_id" in response.json()["errors"]
    assert not WriterProfile.objects.exclude(pk=world.writer.writer_profile.pk).exists()


def test_assigning_an_inactive_or_foreign_level_is_400(api_client_for, world):
    url = f"{PROFILES}{world.writer.writer_profile.pk}/assign_level/"
    api = api_client_for(world.admin)
    inactive = WriterLevelFactory(website=world.website, is_active=False)
    for level in (inactive, WriterLevelFactory()):
        response = api.post(url, {"level_id": level.pk}, format="json")
        assert response.status_code == 400
        assert "level_id" in response.json()["errors"]


def test_another_websites_profile_reads_as_404(api_client_for, world):
    foreign = WriterProfileFactory()
    api = api_client_for(world.admin)
    assert api.get(f"{PROFILES}{foreign.pk}/").status_code == 404
    response = api.post(f"{PROFILES}{foreign.pk}/assign_level/", {"level_id": None}, format="json")
    assert response.status_code == 404


def test_profiles_list_in_constant_queries(api_client_for, world):
    api = api_client_for(world.admin)
    for _ in range(4):
        WriterProfileFactory(website=world.website)
    with_5 = _count_queries(api, PROFILES)
    for _ in range(45):
        WriterProfileFactory(website=world.website)
    assert _count_queries(api, PROFILES) == with_5


# Tip settings ----------------------------------------------------------------------------------


def test_an_admin_reads_the_default_settings_created_on_first_use(api_client_for, world):
    response = api_client_for(world.admin).get(SETTINGS)
    assert response.status_code == 200
    assert response.json() | {"updated_at": None} == {
        "website": {"id": world.website.pk, "name": world.website.name},
        "default_writer_percentage": 30.0,
        "min_tip_amount": 1.0,
        "max_tip_amount": 5000.0,
        "updated_at": None,
    }
    assert TipSettings.objects.filter(website=world.website).count() == 1


def test_an_admin_changes_the_settings_and_new_tips_follow_them(api_client_for, world):
    api = api_client_for(world.admin)
    changed = api.patch(SETTINGS, {"max_tip_amount": "50.00"}, format="json")
    assert (changed.status_code, changed.json()["max_tip_amount"]) == (200, 50.0)
    assert changed.json()["min_tip_amount"] == 1.0
    replaced = api.put(
        SETTINGS,
        {"default_writer_percentage": "35", "min_tip_amount": "2", "max_tip_amount": "60"},
        format="json",
    )
    assert replaced.json()["default_writer_percentage"] == 35.0
    tip = api_client_for(world.client).post(
        "/api/v1/writer-management/tips/",
        {"writer_id": world.writer.pk, "tip_amount": "60.01", "tip_reason": "x"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k1",
    )
    assert (tip.status_code, tip.json()["code"]) == (400, "tip_amount_above_maximum")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"min_tip_amount": "6000"}, "min_tip_amount"),
        ({"min_tip_amount": "0"}, "min_tip_amount"),
        ({"max_tip_amount": "1.001"}, "max_tip_amount"),
        ({"default_writer_percentage": "101"}, "default_writer_percentage"),
    ],
)
def test_invalid_settings_are_400_naming_the_field(api_client_for, world, data, field):
    response = api_client_for(world.admin).patch(SETTINGS, data, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_put_needs_every_setting(api_client_for, world):
    response = api_client_for(world.admin).put(SETTINGS, {"max_tip_amount": "10"}, format="json")
    assert response.status_code == 400
    assert {"default_writer_percentage", "min_tip_amount"} <= set(response.json()["errors"])


def test_a_superadmin_picks_the_website_with_website_id(api_client_for, world):
    api = api_client_for(SuperAdminFactory())
    missing = api.get(SETTINGS)
    assert (missing.status_code, list(missing.json()["errors"])) == (400, ["website_id"])
    assert api.get(SETTINGS, {"website_id": 987654}).status_code == 400
    url = f"{SETTINGS}?website_id={world.website.pk}"
    changed = api.patch(url, {"min_tip_amount": "3"}, format="json")
    assert (changed.status_code, changed.json()["website"]["id"]) == (200, world.website.pk)
    assert TipSettings.objects.get(website=world.website).min_tip_amount == Decimal("3.00")


def test_an_admin_naming_another_website_gets_404(api_client_for, world):
    other = WebsiteFactory()
    api = api_client_for(world.admin)
    assert api.get(SETTINGS, {"website_id": other.pk}).status_code == 404
    response = api.patch(f"{SETTINGS}?website_id={other.pk}", {"min_tip_amount": "3"})
    assert response.status_code == 404
    assert not TipSettings.objects.filter(website=other).exists()
    assert api_client_for(AdminFactory()).get(SETTINGS).json()["website"]["id"] != world.website.pk


def test_settings_reads_in_constant_queries(api_client_for, world):
    api = api_client_for(world.admin)
    api.get(SETTINGS)  # first use creates the row
    for _ in range(5):
        TipFactory(website=world.website)
    with_5 = _count_queries(api, SETTINGS)
    for _ in range(45):
        TipFactory(website=world.website)
    assert _count_queries(api, SETTINGS) == with_5
