"""Local days per website: two websites on both sides of UTC, each across a daylight saving change.

West follows New York (clocks go forward on 2026-03-08: that day has 23 hours); East follows
Auckland (clocks go back on 2026-04-05: 25 hours). The deployment's zone is UTC. Each tip sits a
minute either side of a local midnight, so a day taken in the wrong zone moves a tip.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.test import override_settings

from core.reporting import reporting_zone
from tests.accounts.factories import AdminFactory, SuperAdminFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import TipFactory
from tip_stats.models import TipDailyStat, TipMonthlyStat, TipStatsState
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import TipRollupSource, TipRowSource
from tip_stats.services import tip_stats_rebuild, tip_stats_reconcile
from websites.models import Website
from websites.selectors import website_time_zone_forget
from websites.services import website_time_zone_set
from writer_management.signals import tip_changed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("utc_deployment")]

ADMIN_TIPS = "/api/v1/admin-management/tips/"
TIPS = "/api/v1/writer-management/tips/"


def _utc(*parts) -> datetime:
    return datetime(*parts, tzinfo=UTC)


# (instant, the website's local day)
WEST_TIPS = [
    (_utc(2026, 3, 8, 4, 59), date(2026, 3, 7)),  # 23:59 EST
    (_utc(2026, 3, 8, 5, 0), date(2026, 3, 8)),  # 00:00 EST
    (_utc(2026, 3, 9, 3, 59), date(2026, 3, 8)),  # 23:59 EDT, after the change
    (_utc(2026, 3, 9, 4, 0), date(2026, 3, 9)),  # 00:00 EDT
    (_utc(2026, 4, 1, 3, 30), date(2026, 3, 31)),  # March in New York, April in UTC
]
EAST_TIPS = [
    (_utc(2026, 3, 31, 11, 30), date(2026, 4, 1)),  # April in Auckland, March in UTC
    (_utc(2026, 4, 4, 10, 59), date(2026, 4, 4)),  # 23:59 NZDT
    (_utc(2026, 4, 4, 11, 0), date(2026, 4, 5)),  # 00:00 NZDT
    (_utc(2026, 4, 5, 11, 59), date(2026, 4, 5)),  # 23:59 NZST, after the change
    (_utc(2026, 4, 5, 12, 0), date(2026, 4, 6)),  # 00:00 NZST
]


@pytest.fixture
def utc_deployment():
    with override_settings(REPORTING_TIME_ZONE="UTC"):
        website_time_zone_forget()
        yield
    website_time_zone_forget()


@dataclass
class Calendars:
    west: Website
    east: Website
    west_tips: list
    east_tips: list


def _tips(website, instants) -> list:
    return [
        TipFactory(website=website, sent_at=sent_at, tip_amount=Decimal(10 + n))
        for n, (sent_at, _day) in enumerate(instants)
    ]


@pytest.fixture
def calendars() -> Calendars:
    west, east = WebsiteFactory(name="West"), WebsiteFactory(name="East")
    website_time_zone_set(website=west, time_zone="America/New_York")
    website_time_zone_set(website=east, time_zone="Pacific/Auckland")
    world = Calendars(west, east, _tips(west, WEST_TIPS), _tips(east, EAST_TIPS))
    tip_stats_rebuild()
    return world


def _daily(website) -> dict[date, int]:
    counts: dict[date, int] = {}
    for day, count in TipDailyStat.objects.filter(website=website).values_list("day", "tip_count"):
        counts[day] = counts.get(day, 0) + count
    return counts


def _expected_days(instants) -> dict[date, int]:
    counts: dict[date, int] = {}
    for _sent_at, day in instants:
        counts[day] = counts.get(day, 0) + 1
    return counts


def test_rollup_days_and_months_are_each_websites_own(calendars):
    assert _daily(calendars.west) == _expected_days(WEST_TIPS)
    assert _daily(calendars.east) == _expected_days(EAST_TIPS)
    months = dict(
        TipMonthlyStat.objects.filter(website=calendars.west).values_list("month", "tip_count")
    )
    assert months == {date(2026, 3, 1): 5}
    months = dict(
        TipMonthlyStat.objects.filter(website=calendars.east).values_list("month", "tip_count")
    )
    assert months == {date(2026, 4, 1): 5}
    states = dict(TipStatsState.objects.values_list("website_id", "time_zone"))
    assert states == {calendars.west.pk: "America/New_York", calendars.east.pk: "Pacific/Auckland"}


def test_a_tip_refreshes_its_websites_local_day(calendars, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        tip = TipFactory(website=calendars.east, sent_at=_utc(2026, 4, 5, 11, 59, 30))
        tip_changed.send(sender=type(tip), tip=tip)
    assert _daily(calendars.east)[date(2026, 4, 5)] == 3
    assert date(2026, 4, 6) in _daily(calendars.east)


@pytest.mark.parametrize(
    ("side", "day", "expected"),
    [
        ("west", date(2026, 3, 8), [1, 2]),  # 23 hours long
        ("west", date(2026, 3, 31), [4]),
        ("east", date(2026, 4, 5), [2, 3]),  # 25 hours long
        ("east", date(2026, 4, 1), [0]),
    ],
)
def test_an_admins_date_filters_are_their_websites_days(
    api_client_for, calendars, side, day, expected
):
    website, tips = getattr(calendars, side), getattr(calendars, f"{side}_tips")
    api = api_client_for(AdminFactory(website=website))
    wanted = sorted(tips[n].pk for n in expected)
    params = {"date_from": day, "date_to": day, "limit": 100}
    listed = api.get(ADMIN_TIPS + "list_tips/", params).json()
    assert sorted(row["id"] for row in listed["results"]) == wanted
    assert listed["count"] == len(expected)
    assert listed["summary"]["total_tip_amount"] == float(sum(tips[n].tip_amount for n in expected))
    generic = api.get(TIPS, params).json()
    assert sorted(row["id"] for row in generic["results"]) == wanted


def test_a_superadmins_date_filter_reads_each_website_on_its_own_calendar(
    api_client_for, calendars
):
    api = api_client_for(SuperAdminFactory())
    # UTC's 2026-04-05 would hold East's 23:59 NZST tip and 00:00 of the 6th (12:00 UTC).
    params = {"date_from": "2026-04-05", "date_to": "2026-04-05", "limit": 100}
    wanted = sorted(calendars.east_tips[n].pk for n in (2, 3))
    for url in (ADMIN_TIPS + "list_tips/", TIPS):
        assert sorted(row["id"] for row in api.get(url, params).json()["results"]) == wanted
    march = {"date_from": "2026-03-01", "date_to": "2026-03-31", "limit": 100}
    listed = api.get(ADMIN_TIPS + "list_tips/", march).json()
    assert sorted(row["id"] for row in listed["results"]) == sorted(
        tip.pk for tip in calendars.west_tips
    )
    assert listed["count"] == 5


@pytest.mark.parametrize("dims", [("day",), ("month",), ("month", "tip_type")])
@pytest.mark.parametrize("narrowed", [None, "west", "east"])
def test_every_websites_rollups_match_their_tips_on_mixed_calendars(calendars, dims, narrowed):
    website_id = None if narrowed is None else getattr(calendars, narrowed).pk
    scope = TipReportScope(user=SuperAdminFactory(), website_id=website_id)
    today = date(2026, 12, 5)
    for first, last in [(None, None), (date(2026, 3, 8), date(2026, 4, 5))]:
        arguments = {"dims": dims, "today": today, "date_from": first, "date_to": last}
        rollups = TipRollupSource(scope).grouped(**arguments)
        assert rollups == TipRowSource(scope).grouped(**arguments)
        assert sum(totals.tip_count for totals in rollups.values()) > 0


def test_changing_a_websites_zone_rebuilds_its_rollups_at_once(api_client_for, calendars):
    api = api_client_for(AdminFactory(website=calendars.west))
    response = api.put(f"/api/v1/websites/{calendars.west.pk}/time-zone/", {"time_zone": ""})
    assert response.status_code == 200
    utc_days: dict[date, int] = {}
    for sent_at, _day in WEST_TIPS:
        utc_days[sent_at.date()] = utc_days.get(sent_at.date(), 0) + 1
    assert _daily(calendars.west) == utc_days
    assert TipStatsState.objects.get(website=calendars.west).time_zone == "UTC"
    # East kept its own calendar and rows.
    assert _daily(calendars.east) == _expected_days(EAST_TIPS)
    listed = api.get(
        ADMIN_TIPS + "list_tips/", {"date_from": "2026-03-09", "date_to": "2026-03-09"}
    ).json()
    assert listed["count"] == 2


def test_setting_the_zone_a_website_already_follows_rebuilds_nothing(calendars):
    before = TipStatsState.objects.get(website=calendars.east).rebuilt_at
    assert website_time_zone_set(website=calendars.east, time_zone="Pacific/Auckland") is False
    assert TipStatsState.objects.get(website=calendars.east).rebuilt_at == before


def test_the_reconcile_rebuilds_a_website_whose_zone_changed_behind_its_back(calendars):
    Website.objects.filter(pk=calendars.east.pk).update(time_zone="Asia/Tokyo")
    website_time_zone_forget()
    assert reporting_zone(calendars.east.pk).key == "Asia/Tokyo"
    assert tip_stats_reconcile() == 1
    assert TipStatsState.objects.get(website=calendars.east).time_zone == "Asia/Tokyo"
    tokyo = {}
    for sent_at, _day in EAST_TIPS:
        day = sent_at.astimezone(reporting_zone(calendars.east.pk)).date()
        tokyo[day] = tokyo.get(day, 0) + 1
    assert _daily(calendars.east) == tokyo
    assert tip_stats_reconcile() == 0
