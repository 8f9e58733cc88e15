"""The Django admin's Tips and Loyalty pages draw the numbers the API answers."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from tests.hardening.world import PASSWORD, access_token, build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _drawn(page, chart: str) -> list[tuple[str, Decimal]]:
    bars = page.locator(f"svg[data-chart='{chart}'] rect.bar")
    return [
        (bars.nth(i).get_attribute("data-label"), Decimal(bars.nth(i).get_attribute("data-value")))
        for i in range(bars.count())
    ]


def _api(world, path: str, website_id: int) -> dict:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token(world.superadmin)}")
    response = api.get(path, {"website_id": website_id, "days": 30})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_tips_and_loyalty_pages_chart_the_apis_numbers(live_server, page, settings):
    settings.TIP_REPORTS_CACHE_SECONDS = 0
    world = build_world()
    site = world.a.website.pk

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", world.superadmin.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#reports-module")).to_be_visible(timeout=15_000)

    page.goto(f"{live_server.url}/admin/reports/tips/?website_id={site}")
    expect(page.locator("svg[data-chart='tips-daily']")).to_be_visible()
    analytics = _api(world, "/api/v1/admin-management/tips/analytics/", site)
    daily = [
        (row["day"], Decimal(str(row["total_amount"]))) for row in analytics["trends"]["daily"]
    ]
    weekly = [
        (row["week"], Decimal(str(row["total_amount"]))) for row in analytics["trends"]["weekly"]
    ]
    assert _drawn(page, "tips-daily") == daily
    assert _drawn(page, "tips-weekly") == weekly
    assert len(daily) == 30
    assert len(weekly) == 12
    assert sum(value for _, value in daily) > 0  # the world's tips are drawn
    dashboard = _api(world, "/api/v1/admin-management/tips/dashboard/", site)
    total = page.locator("#tips-summary td[data-field='total_tip_amount']").inner_text()
    assert Decimal(total) == Decimal(str(dashboard["summary"]["total_tip_amount"]))
    assert "ZZB" not in page.locator("#top-writers").inner_text()  # B stays out of A

    page.goto(f"{live_server.url}/admin/reports/loyalty/?website_id={site}")
    expect(page.locator("svg[data-chart='points-issued-daily']")).to_be_visible()
    loyalty = _api(world, "/api/v1/loyalty-management/analytics/", site)
    issued = [(row["date"], Decimal(row["points_issued"])) for row in loyalty["daily_trend"]]
    assert _drawn(page, "points-issued-daily") == issued
    queue = page.locator("#approval-queue tr.within-sla, #approval-queue tr.overdue")
    assert queue.count() == 1  # website A's one pending request
    expect(page.locator("#approval-queue")).to_contain_text(re.compile(r"#\d+"))
