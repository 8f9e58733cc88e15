"""The per-person since-month sums the top lists rank by: exact, dense, current, and repaired."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.reporting import local_day, reporting_today
from tests.accounts.factories import ClientFactory, SuperAdminFactory, WriterFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import TipFactory
from tip_stats.models import TipClientSinceStat, TipWriterSinceStat
from tip_stats.selectors import sources
from tip_stats.selectors.periods import SINCE_MONTHS, month_add, month_start, since_horizon
from tip_stats.selectors.reports import tip_analytics
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import TipRollupSource, TipRowSource
from tip_stats.services import (
    tip_stats_rebuild,
    tip_stats_reconcile,
    tip_stats_refresh_days,
    tip_stats_refresh_month,
)
from writer_management.models import Tip

pytestmark = pytest.mark.django_db


def _at(days_ago: int) -> datetime:
    return timezone.make_aware(
        datetime.combine(reporting_today() - timedelta(days=days_ago), time(12))
    )


def _expected(role: str) -> dict[tuple[int, date], tuple[int | None, Decimal]]:
    """Each person's sum over the months from each kept month on, added up from the tip rows."""
    horizon = since_horizon(reporting_today())
    measure = "writer_earning" if role == "writer" else "tip_amount"
    per_person: dict[int, list[tuple[date, int, Decimal]]] = {}
    for person_id, website_id, sent_at, amount in Tip.objects.values_list(
        f"{role}_id", "website_id", "sent_at", measure
    ):
        month = month_start(local_day(sent_at))
        if month >= horizon:
            per_person.setdefault(person_id, []).append((month, website_id, amount))
    expected = {}
    for person_id, tips in per_person.items():
        websites = {website_id for _month, website_id, _amount in tips}
        website_id = websites.pop() if len(websites) == 1 else None
        month = horizon
        while month <= max(tip_month for tip_month, _w, _a in tips):
            total = sum((a for tip_month, _w, a in tips if tip_month >= month), Decimal("0"))
            expected[(person_id, month)] = (website_id, total)
            month = month_add(month, 1)
    return expected


def _stored(role: str) -> dict[tuple[int, date], tuple[int | None, Decimal]]:
    model = TipWriterSinceStat if role == "writer" else TipClientSinceStat
    measure = "total_writer_earning" if role == "writer" else "total_amount"
    return {
        (person_id, since_month): (website_id, amount)
        for person_id, website_id, since_month, amount in model.objects.values_list(
            f"{role}_id", "website_id", "since_month", measure
        )
    }


def _assert_exact() -> None:
    for role in ("writer", "client"):
        assert _stored(role) == _expected(role), role


@pytest.fixture
def spread():
    """Two websites; one client and one writer moved between them; tips over 20 months."""
    first, second = WebsiteFactory(), WebsiteFactory()
    writers = [WriterFactory(website=first), WriterFactory(website=second)]
    clients = [ClientFactory(website=first), ClientFactory(website=second)]
    mover = ClientFactory(website=first)
    amounts = ["5.00", "12.50", "40.00", "7.25", "99.99"]
    for index, days_ago in enumerate(range(0, 600, 23)):
        website = index % 2
        TipFactory(
            website=(first, second)[website],
            writer=writers[website],
            client=clients[website],
            sent_at=_at(days_ago),
            tip_amount=Decimal(amounts[index % len(amounts)]),
        )
    for website, days_ago in ((first, 10), (second, 70), (first, 500)):
        TipFactory(
            website=website,
            writer=writers[0 if website == first else 1],
            client=mover,
            sent_at=_at(days_ago),
            tip_amount=Decimal("30.00"),
        )
    tip_stats_rebuild()
    return first, second, mover


def test_a_rebuild_keeps_every_persons_sum_from_each_month_on_to_their_last(spread):
    _first, _second, mover = spread
    _assert_exact()
    horizon = since_horizon(reporting_today())
    assert not TipClientSinceStat.objects.filter(since_month__lt=horizon).exists()
    # The client whose recent tips are on two websites has rows that name no website.
    assert set(
        TipClientSinceStat.objects.filter(client=mover).values_list("website_id", flat=True)
    ) == {None}


def test_a_new_tip_and_a_refreshed_day_recompute_the_rows_of_its_people(spread):
    first, _second, _mover = spread
    newcomer = ClientFactory(website=first)
    tip = TipFactory(
        website=first,
        writer=WriterFactory(website=first),
        client=newcomer,
        sent_at=_at(0),
        tip_amount=Decimal("3.10"),
    )
    tip_stats_refresh_days(website_id=first.pk, days=[local_day(tip.sent_at)])
    _assert_exact()
    assert TipClientSinceStat.objects.filter(client=newcomer).count() == SINCE_MONTHS


def test_a_month_refresh_drops_the_rows_of_people_whose_tips_are_gone(spread):
    first, _second, mover = spread
    tips = Tip.objects.filter(client=mover, website=first)
    months = {month_start(local_day(sent_at)) for sent_at in tips.values_list("sent_at", flat=True)}
    tips.delete()  # a bulk delete sends no signal: the month refresh must notice
    for month in months:
        tip_stats_refresh_month(website_id=first.pk, month=month)
    _assert_exact()
    # What is left of the client is on the second website alone.
    assert set(
        TipClientSinceStat.objects.filter(client=mover).values_list("website_id", flat=True)
    ) == {spread[1].pk}


def test_the_reconcile_repairs_since_rows_that_drifted_and_then_finds_nothing(spread):
    row = TipClientSinceStat.objects.order_by("pk").first()
    row.total_amount += Decimal("0.01")
    row.save(update_fields=["total_amount"])
    TipWriterSinceStat.objects.filter(
        pk=TipWriterSinceStat.objects.order_by("pk").first().pk
    ).delete()
    assert tip_stats_reconcile() == 1
    _assert_exact()
    assert tip_stats_reconcile() == 0


@pytest.mark.parametrize("scope_of", ["first", "second", "superadmin"])
def test_top_lists_ranked_by_the_since_sums_equal_adding_up_every_tip(
    spread, monkeypatch, scope_of
):
    monkeypatch.setattr(sources, "TOP_FIRST_FACTOR", 1)
    monkeypatch.setattr(sources, "TOP_FIRST_PEOPLE", 1)
    first, second, _mover = spread
    website_id = {"first": first.pk, "second": second.pk, "superadmin": None}[scope_of]
    scope = TipReportScope(user=SuperAdminFactory(), website_id=website_id)
    today = reporting_today()
    for days in (1, 15, 31, 75, 200, 365):
        rollups = tip_analytics(source=TipRollupSource(scope), days=days, today=today)
        rows = tip_analytics(source=TipRowSource(scope), days=days, today=today)
        assert rollups["top_performers"] == rows["top_performers"], days


def test_the_top_lists_read_no_monthly_person_rows_to_rank(spread):
    scope = TipReportScope(user=SuperAdminFactory())
    today = reporting_today()
    with CaptureQueriesContext(connection) as queries:
        tip_analytics(source=TipRollupSource(scope), days=365, today=today)
    bounds = [query["sql"] for query in queries if "since_month" in query["sql"]]
    assert len(bounds) == 2  # one per role, through the since-month rows
    assert all("ORDER BY" in sql and "LIMIT" in sql for sql in bounds)


def test_a_client_whose_tips_span_two_websites_still_tops_one_websites_list(monkeypatch):
    monkeypatch.setattr(sources, "TOP_FIRST_FACTOR", 1)
    monkeypatch.setattr(sources, "TOP_FIRST_PEOPLE", 1)
    first, second = WebsiteFactory(), WebsiteFactory()
    writer = WriterFactory(website=first)
    mover = ClientFactory(website=first)
    for client, amount in (
        (ClientFactory(website=first), "20.00"),
        (ClientFactory(website=first), "30.00"),
        (mover, "90.00"),
    ):
        TipFactory(
            website=first, writer=writer, client=client, sent_at=_at(2), tip_amount=Decimal(amount)
        )
    TipFactory(
        website=second,
        writer=WriterFactory(website=second),
        client=mover,
        sent_at=_at(5),
        tip_amount=Decimal("1.00"),
    )
    tip_stats_rebuild()
    today = reporting_today()
    top = TipRollupSource(TipReportScope(user=SuperAdminFactory(), website_id=first.pk)).top(
        role="client", date_from=today - timedelta(days=29), date_to=today, today=today, limit=1
    )
    assert [(person.user_id, person.total_amount) for person in top] == [
        (mover.pk, Decimal("90.00"))
    ]
