"""The top writers and clients stay exact when only the people who could rank are added up."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from core.reporting import reporting_today
from tests.accounts.factories import ClientFactory, SuperAdminFactory, WriterFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import TipFactory
from tip_stats.selectors import sources
from tip_stats.selectors.reports import tip_analytics
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import TipRollupSource, TipRowSource
from tip_stats.services import tip_stats_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_first_pass(monkeypatch):
    """Start from 2 people and double: pruning happens with a dozen people, not hundreds."""
    monkeypatch.setattr(sources, "TOP_FIRST_FACTOR", 1)
    monkeypatch.setattr(sources, "TOP_FIRST_PEOPLE", 2)
    monkeypatch.setattr(sources, "TOP_GROWTH", 2)


def _at(days_ago: int, hour: int = 12):
    day = reporting_today() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def history():
    """Old big spenders who stopped, newcomers who tip a little often, and exact ties."""
    rng = random.Random(14)
    website = WebsiteFactory()
    writers = [WriterFactory(website=website) for _ in range(6)]
    clients = [ClientFactory(website=website) for _ in range(14)]

    def tip(client, days_ago, amount):
        TipFactory(
            website=website,
            client=client,
            writer=rng.choice(writers),
            sent_at=_at(days_ago, hour=rng.randrange(1, 23)),
            tip_amount=Decimal(amount),
        )

    for client in clients[:4]:  # large all-time sums, nothing in the last 200 days
        for _ in range(3):
            tip(client, rng.randrange(200, 700), "400.00")
    for client in clients[4:10]:  # small, recent
        for _ in range(4):
            tip(client, rng.randrange(0, 120), f"{rng.randrange(5, 60)}.00")
    for client in clients[10:]:  # the same sums: the ranking falls back to the id
        tip(client, 3, "25.00")
        tip(client, 40, "25.00")
    tip_stats_rebuild()
    return website


@pytest.mark.parametrize("scope_of", ["admin", "superadmin"])
def test_pruned_top_lists_equal_adding_up_every_tip(small_first_pass, history, scope_of):
    user = SuperAdminFactory()
    scope = TipReportScope(user=user, website_id=history.pk if scope_of == "admin" else None)
    today = reporting_today()
    for days in (1, 7, 30, 90, 180, 365, 730):
        rollups = tip_analytics(source=TipRollupSource(scope), days=days, today=today)
        rows = tip_analytics(source=TipRowSource(scope), days=days, today=today)
        assert rollups["top_performers"] == rows["top_performers"], days


def test_someone_not_yet_added_up_who_could_tie_and_win_on_the_id_is_added_up(monkeypatch):
    monkeypatch.setattr(sources, "TOP_FIRST_FACTOR", 1)
    monkeypatch.setattr(sources, "TOP_FIRST_PEOPLE", 1)
    website = WebsiteFactory()
    writer = WriterFactory(website=website)
    first, second = ClientFactory(website=website), ClientFactory(website=website)
    # Over the last 40 days both sent 50.00 and `first` ranks above on the id; `second` also
    # tipped earlier in the month the range starts in, so its bound is larger and it is added
    # up first.
    today = reporting_today()
    start = today - timedelta(days=39)
    outside = start - timedelta(days=1) if start.day > 1 else None
    tips = [(first, 3), (second, 3)]
    if outside is not None:
        tips.append((second, (today - outside).days))
    for client, days_ago in tips:
        TipFactory(
            website=website,
            client=client,
            writer=writer,
            sent_at=_at(days_ago),
            tip_amount=Decimal("50.00"),
        )
    tip_stats_rebuild()
    top = TipRollupSource(TipReportScope(user=SuperAdminFactory())).top(
        role="client", date_from=start, date_to=today, today=today, limit=1
    )
    assert [person.user_id for person in top] == [first.pk]


def test_people_and_levels_only_on_the_days_taken_off_a_month_read_whole_are_not_reported():
    """A range covering most of a past month reads the month less the days outside the range."""
    website = WebsiteFactory()
    writer, other_writer = WriterFactory(website=website), WriterFactory(website=website)
    inside, outside = ClientFactory(website=website), ClientFactory(website=website)
    month = (reporting_today().replace(day=1) - timedelta(days=40)).replace(day=1)
    date_from, date_to = month + timedelta(days=2), month + timedelta(days=25)

    def tip(client, tip_writer, day, level_name):
        TipFactory(
            website=website,
            client=client,
            writer=tip_writer,
            sent_at=timezone.make_aware(datetime.combine(day, time(12))),
            tip_amount=Decimal("10.00"),
            writer_level_name=level_name,
        )

    tip(inside, writer, month + timedelta(days=10), "Gold")
    tip(outside, other_writer, month, "Silver")  # the first day: taken off the month
    tip_stats_rebuild()
    scope = TipReportScope(user=SuperAdminFactory())
    today = reporting_today()
    kwargs = {"date_from": date_from, "date_to": date_to, "today": today}
    rollups, rows = TipRollupSource(scope), TipRowSource(scope)
    assert rollups.grouped(dims=("writer_level_name",), **kwargs) == rows.grouped(
        dims=("writer_level_name",), **kwargs
    )
    assert list(rollups.grouped(dims=("writer_level_name",), **kwargs)) == [("Gold",)]
    for role, person in (("client", inside), ("writer", writer)):
        top = rollups.top(role=role, limit=10, **kwargs)
        assert top == rows.top(role=role, limit=10, **kwargs)
        assert [entry.user_id for entry in top] == [person.pk]
