"""Caching of the admin tip reports, and query counts that do not grow with tips or pages."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.admin_management.conftest import BASE, tip_for
from tests.writer_management.factories import TipFactory
from tip_stats.services import tip_stats_rebuild
from writer_management.models import Tip
from writer_management.signals import tip_changed

pytestmark = pytest.mark.django_db

REPORTS = (
    ("dashboard", {}),
    ("analytics", {"days": 90}),
    ("analytics", {"days": 365}),
    ("earnings", {}),
    ("earnings", {"date_from": "2020-01-15", "date_to": "2030-02-10"}),
    ("list_tips", {}),
    ("list_tips", {"tip_type": "direct", "date_from": "2020-01-15"}),
    ("list_tips", {"writer_id": 1}),
)


def _queries(client, endpoint: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{BASE}{endpoint}/", params)
        if endpoint == "export":
            b"".join(response.streaming_content)
    assert response.status_code == 200, response.content
    return len(captured)


def _add_tips(site, count: int) -> None:
    now = timezone.now()
    for index in range(count):
        tip_for(site, sent_at=now - timedelta(days=index % 400, minutes=index))
    tip_stats_rebuild(website_ids=[site.website.pk])


@pytest.mark.usefixtures("no_report_cache")
@pytest.mark.parametrize(("endpoint", "params"), [*REPORTS, ("export", {})])
def test_query_counts_do_not_grow_with_the_number_of_tips(api_client_for, world, endpoint, params):
    client = api_client_for(world.alpha.admin)
    superadmin = api_client_for(world.superadmin)
    few = (_queries(client, endpoint, params), _queries(superadmin, endpoint, params))
    _add_tips(world.alpha, 500)
    assert (_queries(client, endpoint, params), _queries(superadmin, endpoint, params)) == few


@pytest.mark.usefixtures("no_report_cache")
def test_query_counts_do_not_grow_with_the_page_size(api_client_for, world):
    _add_tips(world.alpha, 500)
    client = api_client_for(world.alpha.admin)
    small = _queries(client, "list_tips", {"limit": 10})
    assert _queries(client, "list_tips", {"limit": 500}) == small
    assert small <= 4  # the caller, the totals (whole months, edge days), the page


def test_a_report_is_served_from_the_cache_until_its_websites_tips_change(
    api_client_for, world, django_capture_on_commit_callbacks
):
    client = api_client_for(world.alpha.admin)
    first = client.get(f"{BASE}dashboard/").json()
    with CaptureQueriesContext(connection) as cached:
        assert client.get(f"{BASE}dashboard/").json() == first
    assert len(cached) == 1  # only the caller's user row

    tip = TipFactory(
        website=world.alpha.website, client=world.alpha.client, writer=world.alpha.writer
    )
    with django_capture_on_commit_callbacks(execute=True):
        tip_changed.send(sender=Tip, tip=tip)
    fresh = client.get(f"{BASE}dashboard/").json()
    assert fresh["summary"]["total_tips"] == first["summary"]["total_tips"] + 1


def test_a_change_on_one_website_keeps_the_other_websites_cache(
    api_client_for, world, django_capture_on_commit_callbacks
):
    beta = api_client_for(world.beta.admin)
    beta.get(f"{BASE}dashboard/")
    tip = TipFactory(
        website=world.alpha.website, client=world.alpha.client, writer=world.alpha.writer
    )
    with django_capture_on_commit_callbacks(execute=True):
        tip_changed.send(sender=Tip, tip=tip)
    with CaptureQueriesContext(connection) as cached:
        beta.get(f"{BASE}dashboard/")
    assert len(cached) == 1
    superadmin = api_client_for(world.superadmin)
    assert superadmin.get(f"{BASE}dashboard/").json()["summary"]["total_tips"] == 6


def test_the_cache_keys_reports_by_scope_and_parameters(api_client_for, world):
    alpha, beta = api_client_for(world.alpha.admin), api_client_for(world.beta.admin)
    assert alpha.get(f"{BASE}dashboard/").json()["summary"]["total_tips"] == 4
    assert beta.get(f"{BASE}dashboard/").json()["summary"]["total_tips"] == 1
    assert alpha.get(f"{BASE}dashboard/", {"days": 1}).json()["recent_summary"]["days"] == 1
    assert (
        alpha.get(f"{BASE}list_tips/", {"limit": 1}).json()["results"][0]["id"]
        != (alpha.get(f"{BASE}list_tips/", {"limit": 1, "offset": 1}).json()["results"][0]["id"])
    )


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 0.2,
                "SOCKET_TIMEOUT": 0.2,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
)
@pytest.mark.parametrize("endpoint", ["dashboard", "list_tips", "analytics", "earnings", "export"])
def test_with_redis_down_the_endpoints_answer_from_the_database(api_client_for, world, endpoint):
    response = api_client_for(world.alpha.admin).get(f"{BASE}{endpoint}/")
    assert response.status_code == 200
    if endpoint == "dashboard":
        assert response.json()["summary"]["total_tips"] == 4


@pytest.mark.usefixtures("no_report_cache")
@pytest.mark.parametrize(("endpoint", "params"), REPORTS)
def test_the_rollups_and_the_tip_rows_answer_the_same(
    api_client_for, world, settings, endpoint, params
):
    for caller in (world.alpha.admin, world.superadmin):
        client = api_client_for(caller)
        rollups = client.get(f"{BASE}{endpoint}/", params).json()
        settings.TIP_REPORTS_SOURCE = "tips"
        rows = client.get(f"{BASE}{endpoint}/", params).json()
        settings.TIP_REPORTS_SOURCE = "rollups"
        assert rollups == rows


def test_the_query_count_header_counts_every_query_of_the_request(api_client_for, world, settings):
    settings.MIDDLEWARE = [
        "admin_management.middleware.QueryCountHeaderMiddleware",
        *settings.MIDDLEWARE,
    ]
    settings.TIP_REPORTS_CACHE_SECONDS = 0
    client = api_client_for(world.alpha.admin)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"{BASE}dashboard/")
    assert int(response["X-Query-Count"]) == len(captured) > 0
