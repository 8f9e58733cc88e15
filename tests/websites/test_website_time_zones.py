"""A website's own time zone: who may set it, what a bad name answers, and its rate limit."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client

from audit.models import AuditEntry
from tests.accounts.factories import AdminFactory, ClientFactory, SuperAdminFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import TipFactory
from tip_stats.models import TipDailyStat, TipStatsState
from tip_stats.services import tip_stats_rebuild
from websites.models import Website
from websites.selectors import website_own_time_zones
from websites.services import website_time_zone_set

pytestmark = pytest.mark.django_db

URL = "/api/v1/websites/{}/time-zone/"


def _set(api, website, zone: str):
    return api.put(URL.format(website.pk), {"time_zone": zone}, format="json")


def test_an_admin_moves_their_website_to_its_own_calendar(api_client_for):
    website = WebsiteFactory()
    response = _set(api_client_for(AdminFactory(website=website)), website, "America/New_York")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["time_zone"], body["reporting_time_zone"]) == (
        "America/New_York",
        "America/New_York",
    )
    website.refresh_from_db()
    assert website.time_zone == "America/New_York"
    assert website_own_time_zones() == {website.pk: "America/New_York"}
    entry = AuditEntry.objects.get(object_id=str(website.pk))
    assert entry.action == "website.time_zone"
    assert (entry.before, entry.after) == ({"time_zone": ""}, {"time_zone": "America/New_York"})


def test_an_empty_zone_returns_the_website_to_the_deployments(api_client_for):
    website = WebsiteFactory(time_zone="Asia/Tokyo")
    response = _set(api_client_for(SuperAdminFactory()), website, "")
    assert response.status_code == 200
    assert response.json()["time_zone"] == ""
    assert response.json()["reporting_time_zone"] == settings.REPORTING_TIME_ZONE
    assert website_own_time_zones() == {}


@pytest.mark.parametrize(
    "zone", ["Mars/Olympus", "asia/tokyo", "UTC+3", "../../etc/passwd", "x" * 65]
)
def test_an_unknown_zone_is_a_400_naming_the_field(api_client_for, zone):
    website = WebsiteFactory()
    response = _set(api_client_for(SuperAdminFactory()), website, zone)
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"time_zone"}
    website.refresh_from_db()
    assert website.time_zone == ""


def test_another_websites_admin_gets_a_404_and_a_client_a_403(api_client_for):
    website, other = WebsiteFactory(), WebsiteFactory()
    assert (
        _set(api_client_for(AdminFactory(website=other)), website, "Asia/Tokyo").status_code == 404
    )
    assert (
        _set(api_client_for(ClientFactory(website=website)), website, "Asia/Tokyo").status_code
        == 403
    )
    website.refresh_from_db()
    assert website.time_zone == ""


def test_a_superadmin_creates_a_website_with_its_zone(api_client_for):
    response = api_client_for(SuperAdminFactory()).post(
        "/api/v1/websites/",
        {"name": "East", "domain": "east.example.com", "slug": "east", "time_zone": "Asia/Tokyo"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["reporting_time_zone"] == "Asia/Tokyo"
    assert website_own_time_zones() == {Website.objects.get(slug="east").pk: "Asia/Tokyo"}


def test_zone_changes_are_rate_limited_per_website_and_asking_website(api_client_for):
    website, other = WebsiteFactory(), WebsiteFactory()
    # Another website's admin is answered 404 and spends only their own budget.
    intruder = api_client_for(AdminFactory(website=other))
    for _ in range(7):
        assert _set(intruder, website, "Asia/Tokyo").status_code in (404, 429)
    admin = api_client_for(AdminFactory(website=website))
    zones = ["Asia/Tokyo", "Europe/Berlin"] * 3
    for zone in zones:
        assert _set(admin, website, zone).status_code == 200
    refused = _set(admin, website, "America/Chicago")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    website.refresh_from_db()
    assert website.time_zone == "Europe/Berlin"


def test_the_django_admin_moves_a_website_through_the_service():
    website = WebsiteFactory()
    tip = TipFactory(website=website, sent_at=datetime(2026, 3, 1, 2, 0, tzinfo=UTC))
    tip_stats_rebuild()
    client = Client()
    client.force_login(SuperAdminFactory())
    form = {
        "name": website.name,
        "domain": website.domain,
        "slug": website.slug,
        "is_active": "on",
        "time_zone": "America/New_York",
    }
    response = client.post(f"/admin/websites/website/{website.pk}/change/", form)
    assert response.status_code == 302, response.content
    # 02:00 UTC on 1 March is the evening of 28 February in New York.
    assert list(TipDailyStat.objects.filter(website=website).values_list("day", flat=True)) == [
        date(2026, 2, 28)
    ]
    assert TipStatsState.objects.get(website=website).time_zone == "America/New_York"
    assert website_own_time_zones() == {website.pk: "America/New_York"}
    assert tip.website_id == website.pk
    form["time_zone"] = "Nowhere/Land"
    refused = client.post(f"/admin/websites/website/{website.pk}/change/", form)
    assert refused.status_code == 200  # the form again, with the error
    assert b"Unknown time zone" in refused.content


@pytest.mark.django_db(transaction=True)
def test_tips_go_on_being_written_while_a_zone_change_rebuilds_the_statistics():
    website = WebsiteFactory()
    TipFactory(website=website)
    written = []

    def write_a_tip() -> None:
        try:
            with transaction.atomic():
                with connection.cursor() as cursor:
                    # Waiting for the zone change's lock would fail this write at once (the
                    # foreign keys are checked at the commit).
                    cursor.execute("SET LOCAL lock_timeout = '500ms'")
                tip = TipFactory(website=website)
            written.append(tip.pk)
        finally:
            connection.close()

    with transaction.atomic():
        assert website_time_zone_set(website=website, time_zone="Asia/Tokyo") is True
        writer = threading.Thread(target=write_a_tip)
        writer.start()
        writer.join()
    assert len(written) == 1
    assert TipStatsState.objects.get(website=website).time_zone == "Asia/Tokyo"
