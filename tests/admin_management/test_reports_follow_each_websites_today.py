"""Each website's reports end on its own today (Kiritimati, UTC+14, is always a day or two ahead
of Pago Pago, UTC-11), and what happened just now counts on that last day."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.accounts.factories import AdminFactory
from tests.loyalty_management.conftest import BASE as LOYALTY
from tests.loyalty_management.factories import client_of, points_give
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import TipFactory
from tip_stats.services import tip_stats_rebuild

pytestmark = pytest.mark.django_db

ZONES = ("Pacific/Kiritimati", "Pacific/Pago_Pago")


def _today(zone: str) -> str:
    return datetime.now(ZoneInfo(zone)).date().isoformat()


def test_the_tip_trends_end_on_each_websites_today(api_client_for):
    websites = {zone: WebsiteFactory(time_zone=zone) for zone in ZONES}
    for website in websites.values():
        TipFactory(website=website)
    tip_stats_rebuild()
    for zone, website in websites.items():
        api = api_client_for(AdminFactory(website=website))
        daily = api.get("/api/v1/admin-management/tips/analytics/", {"days": 7}).json()
        last = daily["trends"]["daily"][-1]
        assert (last["day"], last["count"]) == (_today(zone), 1)
        dashboard = api.get("/api/v1/admin-management/tips/dashboard/", {"days": 1}).json()
        assert dashboard["recent_summary"]["total_tips"] == 1


def test_the_loyalty_analytics_window_ends_on_each_websites_today(api_client_for):
    for zone in ZONES:
        website = WebsiteFactory(time_zone=zone)
        points_give(client_of(website), 40)
        api = api_client_for(AdminFactory(website=website))
        body = api.get(f"{LOYALTY}analytics/", {"days": 3}).json()
        assert body["period"]["date_to"] == _today(zone)
        assert body["period"]["time_zone"] == zone
        last = body["daily_trend"][-1]
        assert (last["date"], last["points_issued"]) == (_today(zone), 40)
