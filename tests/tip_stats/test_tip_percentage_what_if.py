"""The tip-percentage what-if is exact to the cent and reads the statistics, not the tips."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.money import split_by_percentage
from core.reporting import local_day
from tests.accounts.factories import AdminFactory, SuperAdminFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import TipFactory, WriterLevelFactory
from tip_stats.models import TipAmountDailyStat
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import TipRollupSource, TipRowSource
from tip_stats.selectors.whatif import TipPercentageScenario, tip_percentage_what_if
from tip_stats.services import tip_stats_rebuild, tip_stats_reconcile
from writer_management.models import Tip, TipPaymentStatus, WriterLevel

pytestmark = pytest.mark.django_db

URL = "/api/v1/admin-management/tips/what-if/"
TODAY = date(2026, 12, 5)
STATUSES = [TipPaymentStatus.COMPLETED] * 4 + [TipPaymentStatus.PENDING, TipPaymentStatus.REFUNDED]


@pytest.fixture
def tips():
    """Two websites, 160 tips over four months: odd amounts, three levels, every status."""
    rng = random.Random(20261205)
    made = []
    for website in (WebsiteFactory(name="Alpha"), WebsiteFactory(name="Beta")):
        levels = [
            WriterLevelFactory(website=website, name="Senior", tip_percentage=Decimal("50.00")),
            WriterLevelFactory(website=website, name="Junior", tip_percentage=Decimal("33.33")),
            None,
        ]
        for n in range(80):
            sent_at = datetime(2026, 6, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 24 * 120))
            made.append(
                TipFactory(
                    website=website,
                    writer_level=levels[n % 3],
                    tip_amount=Decimal(rng.choice([1, 3, 7, 19, 25, 99]))
                    + Decimal(rng.randrange(100)) / 100,
                    payment_status=STATUSES[n % len(STATUSES)],
                    sent_at=sent_at,
                )
            )
        # The days a whole-month read takes off a range (1 and 31 July) hold tips of each level.
        for day in (1, 31):
            for level in levels:
                made.append(
                    TipFactory(
                        website=website,
                        writer_level=level,
                        tip_amount=Decimal("10.05"),
                        sent_at=datetime(2026, 7, day, 12, tzinfo=UTC),
                    )
                )
    tip_stats_rebuild()
    return made


def _recomputed(tips, *, website, level, percentage, default, first, last) -> dict:
    """Per level name: (count, amount, writer now, writer simulated) from the tip rows."""
    rows: dict[str, list] = {}
    for tip in Tip.objects.filter(website=website, payment_status=TipPaymentStatus.COMPLETED):
        if not first <= local_day(tip.sent_at) <= last:
            continue
        changed = percentage if tip.writer_level_name == level else None
        if tip.writer_level_name == "":
            changed = default
        simulated = tip.writer_earning
        if changed is not None:
            simulated = split_by_percentage(tip.tip_amount, changed)[0]
        row = rows.setdefault(
            tip.writer_level_name or None, [0, Decimal(0), Decimal(0), Decimal(0)]
        )
        row[0] += 1
        row[1] += tip.tip_amount
        row[2] += tip.writer_earning
        row[3] += simulated
    return rows


RANGES = [
    (date(2026, 6, 1), date(2026, 9, 30)),  # whole months
    (date(2026, 6, 17), date(2026, 8, 3)),  # days around whole months
    (date(2026, 7, 2), date(2026, 7, 30)),  # a month less its first and last days
    (date(2026, 8, 9), date(2026, 8, 9)),  # one day
]


@pytest.mark.parametrize(("first", "last"), RANGES)
@pytest.mark.parametrize(
    ("level", "percentage", "default"),
    [
        ("Senior", Decimal("45.55"), None),
        ("Junior", Decimal("12.50"), Decimal("37.77")),
        (None, None, Decimal("0")),
    ],
)
def test_the_simulation_matches_recomputing_every_tip_to_the_cent(
    tips, first, last, level, percentage, default
):
    website = tips[0].website
    scope = TipReportScope(user=SuperAdminFactory(), website_id=website.pk)
    scenario = TipPercentageScenario(
        level_name=level, percentage=percentage, default_percentage=default
    )
    arguments = {"scenario": scenario, "date_from": first, "date_to": last, "today": TODAY}
    report = tip_percentage_what_if(source=TipRollupSource(scope), **arguments)
    assert report == tip_percentage_what_if(source=TipRowSource(scope), **arguments)
    expected = _recomputed(
        tips,
        website=website,
        level=level,
        percentage=percentage,
        default=default,
        first=first,
        last=last,
    )
    by_level = {row["writer_level__name"]: row for row in report["levels"] if row["tip_count"]}
    assert set(by_level) == set(expected)
    for name, (count, amount, now, simulated) in expected.items():
        row = by_level[name]
        assert (row["tip_count"], row["total_tips"]) == (count, amount)
        assert row["current"]["writer_earnings"] == now
        assert row["simulated"]["writer_earnings"] == simulated
        assert row["simulated"]["writer_earnings"] + row["simulated"]["platform_profit"] == amount
        assert row["difference"]["writer_earnings"] == simulated - now
    total = report["total"]
    assert total["simulated"]["writer_earnings"] == sum(row[3] for row in expected.values())
    assert (
        total["simulated"]["writer_earnings"] + total["simulated"]["platform_profit"]
        == total["total_tips"]
    )


def test_the_simulation_reads_no_tip_row(tips):
    scope = TipReportScope(user=SuperAdminFactory())
    scenario = TipPercentageScenario(
        level_name="Senior", percentage=Decimal("40"), default_percentage=Decimal("20")
    )
    with CaptureQueriesContext(connection) as captured:
        tip_percentage_what_if(
            source=TipRollupSource(scope),
            scenario=scenario,
            date_from=date(2026, 6, 17),
            date_to=date(2026, 8, 3),
            today=TODAY,
        )
    tables = " ".join(query["sql"] for query in captured)
    assert '"writer_management_tip"' not in tables
    assert "tip_stats_tipamount" in tables


def test_an_admin_simulates_their_website_only(api_client_for, tips):
    alpha = tips[0].website
    response = api_client_for(AdminFactory(website=alpha)).get(
        URL, {"level": "Senior", "percentage": "45"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    completed = Tip.objects.filter(website=alpha, payment_status=TipPaymentStatus.COMPLETED)
    assert body["total"]["tip_count"] == completed.count()
    senior = next(row for row in body["levels"] if row["writer_level__name"] == "Senior")
    assert senior["simulated_percentage"] == 45.0
    unchanged = next(row for row in body["levels"] if row["writer_level__name"] is None)
    assert unchanged["simulated"] == unchanged["current"]
    assert unchanged["simulated_percentage"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"level": "Senior"}, "percentage"),
        ({"percentage": "45"}, "level"),
        ({}, "percentage"),
        ({"default_percentage": "100.01"}, "default_percentage"),
        ({"level": "Senior", "percentage": "12.345"}, "percentage"),
        (
            {"default_percentage": "30", "date_from": "2026-09-01", "date_to": "2026-08-01"},
            "date_from",
        ),
        ({"default_percentage": "30", "levels": "x"}, "levels"),
        ({"level": "Senoir", "percentage": "45"}, "level"),
    ],
)
def test_bad_scenarios_are_400s_naming_the_field(api_client_for, params, field):
    WriterLevelFactory(name="Senior", tip_percentage=Decimal("50.00"))
    response = api_client_for(SuperAdminFactory()).get(URL, params)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_level_is_one_of_the_websites_or_of_its_tips(api_client_for, tips):
    alpha = tips[0].website
    admin = api_client_for(AdminFactory(website=alpha))
    # A level only the other website has is unknown here, like a misspelt one.
    WriterLevelFactory(website=tips[-1].website, name="Beta only", tip_percentage=Decimal("40"))
    refused = admin.get(URL, {"level": "Beta only", "percentage": "45"})
    assert refused.status_code == 400
    assert set(refused.json()["errors"]) == {"level"}
    # A level renamed since keeps its old name in the tips it was paid at.
    WriterLevel.objects.filter(website=alpha, name="Junior").update(name="Associate")
    for name in ("Junior", "Associate"):
        assert admin.get(URL, {"level": name, "percentage": "45"}).status_code == 200


def test_the_amount_counts_follow_refunds_and_the_reconcile_repairs_them(tips):
    scope = TipReportScope(user=SuperAdminFactory())
    scenario = TipPercentageScenario(default_percentage=Decimal("25"))

    def simulated_count():
        report = tip_percentage_what_if(
            source=TipRollupSource(scope), scenario=scenario, today=TODAY
        )
        return report["total"]["tip_count"], report["total"]["simulated"]

    before = simulated_count()
    TipAmountDailyStat.objects.filter(pk__in=TipAmountDailyStat.objects.values("pk")[:5]).delete()
    assert tip_stats_reconcile() >= 1
    assert simulated_count() == before
