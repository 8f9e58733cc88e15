"""The admin tip endpoints: roles, website scoping, validation, the contract and its numbers."""

import csv
import io
from datetime import timedelta

import pytest
from django.http import StreamingHttpResponse

from core.reporting import reporting_today
from tests.accounts.factories import ClientFactory, WriterFactory
from tests.admin_management.conftest import BASE, ENDPOINTS, tip_for

pytestmark = pytest.mark.django_db


def _get(client, endpoint: str, **params):
    return client.get(f"{BASE}{endpoint}/", params)


def _csv(response) -> list[dict]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


# Roles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_anonymous_callers_get_401(api_client, endpoint):
    response = _get(api_client, endpoint)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("factory", [ClientFactory, WriterFactory])
def test_clients_and_writers_get_403(api_client_for, endpoint, factory):
    response = _get(api_client_for(factory()), endpoint)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


# Website scoping -----------------------------------------------------------------------------


def test_an_admin_sees_only_their_own_websites_tips(api_client_for, world):
    client = api_client_for(world.alpha.admin)
    assert _get(client, "dashboard").json()["summary"]["total_tips"] == 4
    listed = _get(client, "list_tips").json()
    assert {tip["website"]["id"] for tip in listed["results"]} == {world.alpha.website.pk}
    assert listed["count"] == 4
    assert _get(client, "earnings").json()["overall"]["total_tips"] == 2
    analytics = _get(client, "analytics", days=365).json()
    assert sum(month["count"] for month in analytics["trends"]["monthly"]) == 4
    assert {row["website_id"] for row in _csv(_get(client, "export"))} == {
        str(world.alpha.website.pk)
    }


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_admin_naming_another_website_gets_404(api_client_for, world, endpoint):
    response = _get(api_client_for(world.alpha.admin), endpoint, website_id=world.beta.website.pk)
    assert response.status_code == 404


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_an_admin_may_name_their_own_website(api_client_for, world, endpoint):
    response = _get(api_client_for(world.alpha.admin), endpoint, website_id=world.alpha.website.pk)
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_superadmin_naming_an_unknown_website_gets_400(api_client_for, world, endpoint):
    response = _get(api_client_for(world.superadmin), endpoint, website_id=987654)
    assert response.status_code == 400
    assert "website_id" in response.json()["errors"]


def test_a_superadmin_sees_every_website_or_narrows_to_one(api_client_for, world):
    client = api_client_for(world.superadmin)
    assert _get(client, "dashboard").json()["summary"]["total_tips"] == 5
    narrowed = _get(client, "dashboard", website_id=world.beta.website.pk).json()
    assert narrowed["summary"]["total_tips"] == 1
    assert narrowed["summary"]["total_tip_amount"] == 7.77
    listed = _get(client, "list_tips", website_id=world.beta.website.pk).json()
    assert [tip["id"] for tip in listed["results"]] == [world.beta.tips[0].pk]
    assert _get(client, "list_tips").json()["count"] == 5
    assert len(_csv(_get(client, "export"))) == 5


def test_a_superadmin_top_lists_span_websites_and_name_the_people(api_client_for, world):
    tops = _get(api_client_for(world.superadmin), "analytics", days=30).json()["top_performers"]
    assert [writer["writer__id"] for writer in tops["writers"]] == [
        world.alpha.writer.pk,
        world.beta.writer.pk,
    ]
    assert tops["writers"][0] == {
        "writer__id": world.alpha.writer.pk,
        "writer__username": world.alpha.writer.username,
        "writer__email": world.alpha.writer.email,
        "tip_count": 2,
        "total_received": 51.5,
        "avg_tip": 52.5,
    }
    assert tops["clients"][1]["client__id"] == world.beta.client.pk
    assert tops["clients"][1]["total_sent"] == 7.77


# Validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "params", "field"),
    [
        ("dashboard", {"days": "abc"}, "days"),
        ("dashboard", {"days": "2.5"}, "days"),
        ("analytics", {"days": "x"}, "days"),
        ("list_tips", {"limit": "ten"}, "limit"),
        ("list_tips", {"offset": "1e3"}, "offset"),
        ("list_tips", {"tip_type": "bonus"}, "tip_type"),
        ("list_tips", {"payment_status": "paid"}, "payment_status"),
        ("list_tips", {"writer_id": "abc"}, "writer_id"),
        ("list_tips", {"client_id": "0"}, "client_id"),
        ("list_tips", {"client_id": str(2**70)}, "client_id"),
        ("list_tips", {"date_from": "2025-02-30"}, "date_from"),
        ("list_tips", {"date_to": "yesterday"}, "date_to"),
        ("list_tips", {"date_from": "0001-01-01"}, "date_from"),
        ("list_tips", {"website_id": "one"}, "website_id"),
        ("earnings", {"date_from": "2025-03-01", "date_to": "2025-02-01"}, "date_from"),
        ("earnings", {"date_to": "9999-12-31"}, "date_to"),
        ("export", {"tip_type": "bonus"}, "tip_type"),
        ("export", {"date_from": "2025-03-01", "date_to": "2025-02-01"}, "date_from"),
    ],
)
def test_invalid_parameters_answer_400_naming_them(api_client_for, world, endpoint, params, field):
    response = _get(api_client_for(world.alpha.admin), endpoint, **params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["errors"]


@pytest.mark.parametrize(
    ("endpoint", "days", "clamped"),
    [
        ("dashboard", "0", 1),
        ("dashboard", "-4", 1),
        ("dashboard", "100000", 365),
        ("analytics", "0", 1),
        ("analytics", "366", 365),
        ("analytics", "99999999999999999999", 365),
    ],
)
def test_days_out_of_range_are_clamped(api_client_for, world, endpoint, days, clamped):
    body = _get(api_client_for(world.alpha.admin), endpoint, days=days).json()
    window = body["recent_summary"] if endpoint == "dashboard" else body["period"]
    assert window["days"] == clamped


def test_limit_and_offset_are_clamped(api_client_for, world):
    client = api_client_for(world.alpha.admin)
    assert len(_get(client, "list_tips", limit=0).json()["results"]) == 1
    assert len(_get(client, "list_tips", limit=-3).json()["results"]) == 1
    assert len(_get(client, "list_tips", limit=5000).json()["results"]) == 4
    first = _get(client, "list_tips", offset=-10, limit=1).json()["results"]
    assert first == _get(client, "list_tips", limit=1).json()["results"]
    beyond = _get(client, "list_tips", offset=2**63).json()
    assert beyond["results"] == []
    assert beyond["count"] == 4


def test_empty_parameters_count_as_not_given(api_client_for, world):
    response = _get(
        api_client_for(world.alpha.admin), "list_tips", tip_type="", days="", writer_id=""
    )
    assert response.status_code == 200
    assert response.json()["count"] == 4


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_query_parameter_the_report_does_not_take_is_a_400_naming_it(
    api_client_for, world, endpoint
):
    response = _get(api_client_for(world.alpha.admin), endpoint, status="paid", Days="7")
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "Days": ["Unknown query parameter for this report."],
        "status": ["Unknown query parameter for this report."],
    }


@pytest.mark.parametrize(
    ("endpoint", "misplaced"),
    [("dashboard", "limit"), ("list_tips", "days"), ("earnings", "tip_type"), ("export", "offset")],
)
def test_another_reports_parameter_is_refused_rather_than_ignored(
    api_client_for, world, endpoint, misplaced
):
    response = _get(api_client_for(world.alpha.admin), endpoint, **{misplaced: "1"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [misplaced]


def test_unknown_and_invalid_parameters_are_reported_together(api_client_for, world):
    response = _get(api_client_for(world.alpha.admin), "list_tips", days="x", limit="y")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"days", "limit"}


@pytest.mark.parametrize("days", ["\u0667", "\uff17"])
def test_days_in_other_digits_are_a_400(api_client_for, world, days):
    response = _get(api_client_for(world.alpha.admin), "dashboard", days=days)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["days"]


def test_analytics_defaults_to_90_days_and_the_dashboard_to_30(api_client_for, world):
    client = api_client_for(world.alpha.admin)
    assert _get(client, "analytics").json()["period"]["days"] == 90
    assert _get(client, "dashboard").json()["recent_summary"]["days"] == 30


# The contract ----------------------------------------------------------------------------------


def test_the_dashboard_adds_up_the_tips(api_client_for, world):
    body = _get(api_client_for(world.alpha.admin), "dashboard", days=30).json()
    assert body["summary"] == {
        "total_tips": 4,
        "total_tip_amount": 135.01,
        "total_writer_earnings": 60.5,
        "total_platform_profit": 74.51,
        "avg_tip_amount": 33.75,
        "avg_writer_percentage": 35.0,
    }
    assert body["recent_summary"] == {
        "days": 30,
        "total_tips": 2,
        "total_tip_amount": 105.0,
        "total_writer_earnings": 51.5,
        "total_platform_profit": 53.5,
    }
    assert body["payment_status"] == {
        "completed": 2,
        "pending": 1,
        "processing": 0,
        "failed": 0,
        "refunded": 1,
    }
    assert body["type_breakdown"] == [
        {
            "tip_type": "direct",
            "count": 2,
            "total_amount": 15.0,
            "writer_earnings": 4.5,
            "platform_profit": 10.5,
        },
        {
            "tip_type": "order",
            "count": 1,
            "total_amount": 100.0,
            "writer_earnings": 50.0,
            "platform_profit": 50.0,
        },
        {
            "tip_type": "class",
            "count": 1,
            "total_amount": 20.01,
            "writer_earnings": 6.0,
            "platform_profit": 14.01,
        },
    ]
    assert body["payment_status_breakdown"] == [
        {"payment_status": "pending", "count": 1, "total_amount": 5.0},
        {"payment_status": "processing", "count": 0, "total_amount": 0.0},
        {"payment_status": "completed", "count": 2, "total_amount": 120.01},
        {"payment_status": "failed", "count": 0, "total_amount": 0.0},
        {"payment_status": "refunded", "count": 1, "total_amount": 10.0},
    ]
    assert body["level_breakdown"] == [
        {
            "writer_level__name": "Senior",
            "count": 1,
            "total_amount": 100.0,
            "writer_earnings": 50.0,
            "platform_profit": 50.0,
            "avg_percentage": 50.0,
        },
        {
            "writer_level__name": None,
            "count": 3,
            "total_amount": 35.01,
            "writer_earnings": 10.5,
            "platform_profit": 24.51,
            "avg_percentage": 30.0,
        },
    ]


def test_earnings_count_completed_tips_only_and_round_half_up(api_client_for, world):
    body = _get(api_client_for(world.alpha.admin), "earnings").json()
    assert body["overall"] == {
        "total_tips": 2,
        "total_tip_amount": 120.01,
        "total_writer_earnings": 56.0,
        "total_platform_profit": 64.01,
        "avg_tip_amount": 60.01,  # 60.005, halves away from zero
        "avg_writer_percentage": 40.0,
        "platform_profit_percentage": 53.34,  # 64.01 / 120.01 x 100 = 53.337...
    }
    assert [level["writer_level__name"] for level in body["by_level"]] == ["Senior", None]
    assert body["by_level"][1] == {
        "writer_level__name": None,
        "tip_count": 1,
        "total_tips": 20.01,
        "writer_earnings": 6.0,
        "platform_profit": 14.01,
        "avg_percentage": 30.0,
    }
    assert [row["tip_type"] for row in body["by_type"]] == ["direct", "order", "class"]
    assert body["by_type"][0]["tip_count"] == 0
    assert len(body["monthly"]) == 12
    assert sum(month["tip_count"] for month in body["monthly"]) == 2
    assert body["monthly"][-1]["month"] == reporting_today().strftime("%Y-%m")


def test_earnings_with_no_completed_tips_are_zeros_not_errors(api_client_for, world):
    body = _get(api_client_for(world.alpha.admin), "earnings", date_to="2001-01-31").json()
    assert body["overall"]["total_tips"] == 0
    assert body["overall"]["avg_tip_amount"] == 0
    assert body["overall"]["platform_profit_percentage"] == 0
    assert body["by_level"] == []
    assert [month["month"] for month in body["monthly"]][-1] == "2001-01"


def test_earnings_filter_by_inclusive_local_days(api_client_for, world):
    three_days_ago = (reporting_today() - timedelta(days=3)).isoformat()
    body = _get(
        api_client_for(world.alpha.admin),
        "earnings",
        date_from=three_days_ago,
        date_to=three_days_ago,
    ).json()
    assert body["overall"]["total_tips"] == 1
    assert body["overall"]["total_tip_amount"] == 100.0
    assert [month["month"] for month in body["monthly"]] == [three_days_ago[:7]]


def test_analytics_trends_are_chronological_and_zero_filled(api_client_for, world):
    body = _get(api_client_for(world.alpha.admin), "analytics", days=90).json()
    today = reporting_today()
    assert body["period"] == {"days": 90, "date_from": (today - timedelta(days=89)).isoformat()}
    daily = body["trends"]["daily"]
    assert [day["day"] for day in daily] == [
        (today - timedelta(days=29 - offset)).isoformat() for offset in range(30)
    ]
    assert sum(day["count"] for day in daily) == 2
    weekly = body["trends"]["weekly"]
    assert len(weekly) == 12
    monday = today - timedelta(days=today.weekday())
    assert weekly[-1]["week"] == monday.isoformat()
    assert weekly[0]["week"] == (monday - timedelta(weeks=11)).isoformat()
    months = [month["month"] for month in body["trends"]["monthly"]]
    assert months == sorted(months)
    assert months[0] == (today - timedelta(days=89)).strftime("%Y-%m")
    assert months[-1] == today.strftime("%Y-%m")
    assert sum(month["count"] for month in body["trends"]["monthly"]) == 3
    assert body["breakdowns"]["by_type"][2] == {
        "tip_type": "class",
        "count": 1,
        "total_amount": 20.01,
        "writer_earnings": 6.0,
        "platform_profit": 14.01,
        "avg_amount": 20.01,
    }
    assert body["breakdowns"]["by_level"][0] == {
        "writer_level__name": "Senior",
        "tip_count": 1,
        "total_tips": 100.0,
        "total_writer_earnings": 50.0,
        "total_platform_profit": 50.0,
        "avg_percentage": 50.0,
    }


def test_list_rows_carry_every_contract_field(api_client_for, world):
    body = _get(api_client_for(world.alpha.admin), "list_tips").json()
    assert set(body) == {"count", "results", "summary"}
    assert body["summary"] == {
        "total_tip_amount": 135.01,
        "total_writer_earnings": 60.5,
        "total_platform_profit": 74.51,
    }
    order_tip = next(tip for tip in body["results"] if tip["tip_type"] == "order")
    tip = world.alpha.tips[0]
    assert order_tip == {
        "id": tip.pk,
        "client": {
            "id": world.alpha.client.pk,
            "username": world.alpha.client.username,
            "email": world.alpha.client.email,
        },
        "writer": {
            "id": world.alpha.writer.pk,
            "username": world.alpha.writer.username,
            "email": world.alpha.writer.email,
        },
        "tip_type": "order",
        "tip_amount": 100.0,
        "writer_earning": 50.0,
        "platform_profit": 50.0,
        "writer_percentage": 50.0,
        "writer_level": "Senior",
        "payment_status": "completed",
        "tip_reason": tip.tip_reason,
        "sent_at": tip.sent_at.isoformat().replace("+00:00", "Z"),
        "order": {"id": tip.order.pk, "order_number": tip.order.order_number},
        "class_bundle": None,
        "website": {"id": world.alpha.website.pk, "name": "Alpha"},
    }
    class_tip = next(tip for tip in body["results"] if tip["tip_type"] == "class")
    assert class_tip["order"] is None
    assert class_tip["class_bundle"]["title"] == world.alpha.tips[1].class_bundle.title
    assert class_tip["writer_level"] is None


def test_the_list_is_newest_first_and_pages_keep_the_totals_of_every_match(api_client_for, world):
    client = api_client_for(world.alpha.admin)
    newest_first = sorted(world.alpha.tips, key=lambda tip: tip.sent_at, reverse=True)
    pages = [_get(client, "list_tips", limit=2, offset=offset).json() for offset in (0, 2, 4)]
    assert [tip["id"] for page in pages for tip in page["results"]] == [
        tip.pk for tip in newest_first
    ]
    assert {page["count"] for page in pages} == {4}
    assert {page["summary"]["total_tip_amount"] for page in pages} == {135.01}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"tip_type": "direct"}, {2, 3}),
        ({"payment_status": "completed"}, {0, 1}),
        ({"payment_status": "refunded", "tip_type": "direct"}, {3}),
        ({"days_ago_from": 41}, {0, 1, 2}),
        ({"days_ago_to": 3}, {0, 1, 3}),
        ({"days_ago_from": 3, "days_ago_to": 3}, {0}),
        ({"writer": True}, {0, 1, 2, 3}),
        ({"client": True, "payment_status": "pending"}, {2}),
    ],
)
def test_list_filters_narrow_results_count_and_summary_alike(
    api_client_for, world, params, expected
):
    alpha, today = world.alpha, reporting_today()
    query = {k: v for k, v in params.items() if k in ("tip_type", "payment_status")}
    if "days_ago_from" in params:
        query["date_from"] = (today - timedelta(days=params["days_ago_from"])).isoformat()
    if "days_ago_to" in params:
        query["date_to"] = (today - timedelta(days=params["days_ago_to"])).isoformat()
    if params.get("writer"):
        query["writer_id"] = alpha.writer.pk
    if params.get("client"):
        query["client_id"] = alpha.client.pk
    body = _get(api_client_for(alpha.admin), "list_tips", **query).json()
    matching = [alpha.tips[index] for index in sorted(expected)]
    assert {tip["id"] for tip in body["results"]} == {tip.pk for tip in matching}
    assert body["count"] == len(matching)
    assert body["summary"]["total_tip_amount"] == float(sum(tip.tip_amount for tip in matching))
    assert body["summary"]["total_platform_profit"] == float(
        sum(tip.platform_profit for tip in matching)
    )
    exported = _csv(_get(api_client_for(alpha.admin), "export", **query))
    assert {int(row["id"]) for row in exported} == {tip.pk for tip in matching}


def test_a_writer_or_client_of_another_website_matches_nothing(api_client_for, world):
    body = _get(
        api_client_for(world.alpha.admin), "list_tips", writer_id=world.beta.writer.pk
    ).json()
    assert body["count"] == 0
    assert body["results"] == []
    assert body["summary"]["total_tip_amount"] == 0


# Export ----------------------------------------------------------------------------------------


def test_the_export_streams_a_csv_with_a_header_and_one_row_per_tip(api_client_for, world):
    response = _get(api_client_for(world.alpha.admin), "export")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="tips-')
    rows = _csv(response)
    assert [int(row["id"]) for row in rows] == [
        tip.pk for tip in sorted(world.alpha.tips, key=lambda tip: tip.sent_at, reverse=True)
    ]
    order_row = next(row for row in rows if row["tip_type"] == "order")
    tip = world.alpha.tips[0]
    assert order_row["tip_amount"] == "100.00"
    assert order_row["writer_level"] == "Senior"
    assert order_row["order_number"] == tip.order.order_number
    assert order_row["class_bundle_id"] == ""
    assert order_row["website_name"] == "Alpha"
    assert order_row["sent_at"] == tip.sent_at.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize("currency", ["USD", "EUR"])
def test_the_export_names_the_currency_of_its_amounts(api_client_for, world, settings, currency):
    settings.CURRENCY = currency
    response = _get(api_client_for(world.alpha.admin), "export")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0].endswith(
        ",platform_profit,writer_percentage,writer_level,"
        "payment_status,tip_reason,order_id,order_number,"
        "class_bundle_id,class_bundle_title,currency"
    )
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    assert {row["currency"] for row in rows} == {currency}


def test_the_export_defuses_text_a_spreadsheet_would_run_as_a_formula(api_client_for, world):
    tip_for(world.alpha, tip_reason='=HYPERLINK("http://evil.example")')
    rows = _csv(_get(api_client_for(world.alpha.admin), "export"))
    assert rows[0]["tip_reason"] == '\'=HYPERLINK("http://evil.example")'


def test_the_export_answers_csv_even_when_asked_for_csv(api_client_for, world):
    client = api_client_for(world.alpha.admin)
    response = client.get(f"{BASE}export/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200
    bad = client.get(f"{BASE}export/", {"tip_type": "bonus"}, HTTP_ACCEPT="text/csv")
    assert bad.status_code == 400
    assert bad.json()["errors"]["tip_type"]
