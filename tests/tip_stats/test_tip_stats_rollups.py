"""The tip rollups equal a direct recomputation from the tip rows, whatever happens to the tips."""

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from core.money import round_2, to_cents
from core.reporting import reporting_today
from tests.accounts.factories import ClientFactory, SuperAdminFactory, WriterFactory
from tests.orders.factories import OrderFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import ClassBundleFactory, TipFactory, WriterLevelFactory
from tip_stats.models import (
    TipDailyStat,
    TipDayTotalStat,
    TipMonthlyStat,
    TipStatsState,
    TipTotalStat,
    TipWriterMonthlyStat,
)
from tip_stats.selectors.listing import TipListFilters
from tip_stats.selectors.periods import month_add, month_start
from tip_stats.selectors.reports import (
    tip_analytics,
    tip_dashboard,
    tip_earnings,
    tip_list_totals,
)
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import TipRollupSource, TipRowSource
from tip_stats.services import (
    ROLLUPS,
    tip_stats_rebuild,
    tip_stats_reconcile,
    tip_stats_refresh_days,
)
from writer_management.models import Tip, TipPaymentStatus
from writer_management.signals import tip_changed

pytestmark = pytest.mark.django_db

NEW_YORK = "America/New_York"
STATUSES = list(TipPaymentStatus.values)


def _local(day, hour=0, minute=0, second=0, microsecond=0):
    from zoneinfo import ZoneInfo

    return datetime.combine(day, time(hour, minute, second, microsecond), tzinfo=ZoneInfo(NEW_YORK))


class Shop:
    """A website with levelled and unlevelled writers, clients, orders and class bundles."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.website = WebsiteFactory()
        levels = [
            WriterLevelFactory(website=self.website, name=name, tip_percentage=Decimal(pct))
            for name, pct in (("Junior", "30.00"), ("Senior", "47.50"), ("Zero", "0.00"))
        ]
        self.writers = [WriterFactory(website=self.website) for _ in range(4)]
        self.clients = [ClientFactory(website=self.website) for _ in range(4)]
        self.levels = [*levels, None]

    def tip(self, sent_at, **kwargs):
        rng = self.rng
        client, writer = rng.choice(self.clients), rng.choice(self.writers)
        kind = rng.random()
        if kind < 0.3:
            kwargs.setdefault(
                "order", OrderFactory(website=self.website, client=client, writer=writer)
            )
        elif kind < 0.45:
            kwargs.setdefault(
                "class_bundle",
                ClassBundleFactory(website=self.website, client=client, assigned_writer=writer),
            )
        kwargs.setdefault("writer_level", rng.choice(self.levels))
        kwargs.setdefault("payment_status", rng.choice(STATUSES))
        kwargs.setdefault("tip_amount", Decimal(rng.randrange(100, 50_000)) / 100)  # 1.00 to 499.99
        return TipFactory(
            website=self.website, client=client, writer=writer, sent_at=sent_at, **kwargs
        )


def _assert_rollups_match_tip_rows(scope: TipReportScope) -> None:
    today = reporting_today()
    rollups, rows = TipRollupSource(scope), TipRowSource(scope)
    for days in (1, 2, 7, 30, 31, 90, 365):
        assert tip_dashboard(source=rollups, days=days, today=today) == tip_dashboard(
            source=rows, days=days, today=today
        ), days
        assert tip_analytics(source=rollups, days=days, today=today) == tip_analytics(
            source=rows, days=days, today=today
        ), days
    this_month = month_start(today)
    ranges = [
        (None, None),
        (today, today),
        (this_month, None),
        (None, this_month - timedelta(days=1)),
        (month_add(this_month, -2) + timedelta(days=4), today - timedelta(days=1)),
        (month_add(this_month, -14), month_add(this_month, -3) - timedelta(days=1)),
        (today - timedelta(days=400), today + timedelta(days=40)),
    ]
    for date_from, date_to in ranges:
        assert tip_earnings(
            source=rollups, date_from=date_from, date_to=date_to, today=today
        ) == tip_earnings(source=rows, date_from=date_from, date_to=date_to, today=today), (
            date_from,
            date_to,
        )
        for tip_type in (None, "direct", "order", "class"):
            for status in (None, "completed", "refunded"):
                filters = TipListFilters(
                    tip_type=tip_type, payment_status=status, date_from=date_from, date_to=date_to
                )
                assert tip_list_totals(source=rollups, filters=filters, today=today) == (
                    tip_list_totals(source=rows, filters=filters, today=today)
                )


@override_settings(REPORTING_TIME_ZONE=NEW_YORK)
def test_rollups_equal_the_tip_rows_after_random_inserts_status_changes_and_refunds(
    django_capture_on_commit_callbacks,
):
    rng = random.Random(20240601)
    shops = [Shop(rng), Shop(rng)]
    today = reporting_today()
    this_month = month_start(today)
    # Either side of local midnights and month boundaries, where UTC and local days disagree.
    boundaries = [
        _local(this_month),
        _local(month_add(this_month, -1)),
        _local(month_add(this_month, -2)),
        _local(today),
        _local(today - timedelta(days=29)),
        _local(today - timedelta(days=89)),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        tips = []
        for shop in shops:
            for boundary in boundaries:
                for offset in (
                    timedelta(microseconds=-1),
                    timedelta(0),
                    timedelta(hours=-4, minutes=-30),
                ):
                    tips.append(shop.tip(boundary + offset))
            for _ in range(60):
                moment = _local(today) - timedelta(seconds=rng.randrange(420 * 24 * 3600))
                tips.append(shop.tip(moment))
        for tip in tips:
            tip_changed.send(sender=Tip, tip=tip)

    superadmin = SuperAdminFactory()
    scopes = [TipReportScope(user=superadmin)] + [
        TipReportScope(user=superadmin, website_id=shop.website.pk) for shop in shops
    ]
    for scope in scopes:
        _assert_rollups_match_tip_rows(scope)

    # Status changes, including refunds of completed tips, as the payment flow makes them.
    with django_capture_on_commit_callbacks(execute=True):
        for tip in rng.sample(tips, 40):
            tip.payment_status = (
                TipPaymentStatus.REFUNDED
                if tip.payment_status == TipPaymentStatus.COMPLETED
                else rng.choice(STATUSES)
            )
            tip.save(update_fields=["payment_status", "updated_at"])
            tip_changed.send(sender=Tip, tip=tip)
        for shop in shops:
            for _ in range(15):
                tip_changed.send(
                    sender=Tip,
                    tip=shop.tip(_local(today) - timedelta(minutes=rng.randrange(1, 5000))),
                )
    for scope in scopes:
        _assert_rollups_match_tip_rows(scope)


@override_settings(REPORTING_TIME_ZONE=NEW_YORK)
def test_a_tip_just_before_local_midnight_counts_on_the_day_and_month_before():
    shop = Shop(random.Random(1))
    first_of_month = month_start(reporting_today())
    late = shop.tip(_local(first_of_month) - timedelta(microseconds=1), payment_status="completed")
    early = shop.tip(_local(first_of_month), payment_status="completed")
    tip_stats_rebuild()
    days = dict(TipDailyStat.objects.filter(website=shop.website).values_list("day", "tip_count"))
    assert days == {first_of_month - timedelta(days=1): 1, first_of_month: 1}
    months = dict(
        TipMonthlyStat.objects.filter(website=shop.website).values_list("month", "total_amount")
    )
    assert months == {
        month_add(first_of_month, -1): late.tip_amount,
        first_of_month: early.tip_amount,
    }


def test_rollups_keep_exact_sums_for_plain_means():
    shop = Shop(random.Random(2))
    today = _local(reporting_today(), 12)
    amounts = [Decimal("10.01"), Decimal("10.02"), Decimal("0.01")]
    tips = [
        shop.tip(today, tip_amount=amount, writer_level=level, payment_status="completed")
        for amount, level in zip(amounts, shop.levels[:3], strict=True)
    ]
    tip_stats_rebuild()
    report = tip_dashboard(
        source=TipRollupSource(TipReportScope(user=SuperAdminFactory())),
        days=1,
        today=reporting_today(),
    )
    percentages = [tip.writer_percentage for tip in tips]
    assert report["summary"]["avg_writer_percentage"] == round_2(sum(percentages) / 3)
    assert report["summary"]["avg_tip_amount"] == to_cents(sum(amounts) / 3)
    assert report["summary"]["total_writer_earnings"] == sum(tip.writer_earning for tip in tips)


def test_refreshing_twice_or_rebuilding_gives_the_same_rows():
    shop = Shop(random.Random(3))
    day = reporting_today()
    for hour in (1, 5, 9):
        shop.tip(_local(day, hour))
    tip_stats_refresh_days(website_id=shop.website.pk, days=[day])
    snapshot = _all_rows()
    tip_stats_refresh_days(website_id=shop.website.pk, days=[day, day])
    assert _all_rows() == snapshot
    tip_stats_rebuild()
    assert _all_rows() == snapshot
    assert TipStatsState.objects.get(website=shop.website).rebuilt_at is not None


def _all_rows():
    return {
        model.__name__: sorted(
            tuple(row.values())
            for row in model.objects.values(
                *[f.attname for f in model._meta.fields if f.attname != "id"]
            )
        )
        for model in ROLLUPS
    }


def test_the_reconcile_repairs_drift_and_then_finds_none():
    shop = Shop(random.Random(4))
    for days_ago in (0, 3, 35, 70):
        shop.tip(_local(reporting_today() - timedelta(days=days_ago), 10))
    tip_stats_rebuild()
    expected = _all_rows()
    # Rows lost, rows wrong, and a tip changed behind the services' back.
    TipDailyStat.objects.filter(pk=TipDailyStat.objects.order_by("id").first().pk).delete()
    TipWriterMonthlyStat.objects.update(tip_count=99)
    TipTotalStat.objects.filter(pk=TipTotalStat.objects.order_by("id").first().pk).delete()
    TipDayTotalStat.objects.update(total_amount=1)
    Tip.objects.filter(pk=Tip.objects.order_by("id").last().pk).update(payment_status="failed")
    assert tip_stats_reconcile() == 1
    tip_stats_rebuild()
    rebuilt = _all_rows()
    assert rebuilt != expected  # the failed tip moved between statuses
    assert tip_stats_reconcile() == 0
    assert _all_rows() == rebuilt


def test_the_reconcile_rebuilds_a_website_built_in_another_time_zone(settings):
    shop = Shop(random.Random(5))
    # An hour ago: a tip in the past whatever the time of day the test runs at.
    shop.tip(timezone.now() - timedelta(hours=1))
    tip_stats_rebuild()
    settings.REPORTING_TIME_ZONE = NEW_YORK
    assert tip_stats_reconcile() == 1
    assert TipStatsState.objects.get(website=shop.website).time_zone == NEW_YORK
    _assert_rollups_match_tip_rows(TipReportScope(user=SuperAdminFactory()))
