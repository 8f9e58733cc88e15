"""Repair drift: compare every website's rollups with its tip rows and refresh what differs."""

import logging
from datetime import date

from django.db.models import QuerySet, Sum

from core.reporting import reporting_zone
from tip_stats.models import (
    TipAmountDailyStat,
    TipAmountMonthlyStat,
    TipClientMonthlyStat,
    TipDailyStat,
    TipDayTotalStat,
    TipMonthlyStat,
    TipStatsState,
    TipTotalStat,
    TipWriterMonthlyStat,
)
from tip_stats.services.rollups import (
    tip_stats_rebuild_website,
    tip_stats_refresh_days,
    tip_stats_refresh_month,
)
from tip_stats.services.rows import (
    AMOUNT_DIMENSIONS,
    MAIN_DIMENSIONS,
    SUMS,
    amount_daily_rows,
    amount_monthly_rows,
    daily_rows,
    day_total_rows,
    monthly_rows,
    total_rows,
)
from tip_stats.services.since import ROLES, tip_stats_since_drifted, tip_stats_since_refresh
from websites.models import Website
from writer_management.models import Tip

logger = logging.getLogger(__name__)

_MEASURES = tuple(SUMS)


def _differing(
    expected: QuerySet,
    stored: QuerySet,
    key: tuple[str, ...],
    measures: tuple[str, ...] = _MEASURES,
) -> set[tuple]:
    """Return the keys whose measures differ between two row sets (missing rows included)."""

    def rows(queryset):
        return {
            tuple(row[name] for name in key): tuple(row[name] for name in measures)
            for row in queryset.values(*key, *measures).order_by()
        }

    expected_rows, stored_rows = rows(expected), rows(stored)
    return {
        group
        for group in expected_rows.keys() | stored_rows.keys()
        if expected_rows.get(group) != stored_rows.get(group)
    }


def _drifted_days(website_id: int) -> set[date]:
    """Return the local days whose daily or day-total rows differ from the website's tips."""
    daily = TipDailyStat.objects.filter(website_id=website_id)
    key = ("day", *MAIN_DIMENSIONS)
    drifted = _differing(
        daily_rows(Tip.objects.filter(website_id=website_id), website_id=website_id), daily, key
    )
    drifted |= _differing(
        day_total_rows(daily), TipDayTotalStat.objects.filter(website_id=website_id), ("day",)
    )
    drifted |= _differing(
        amount_daily_rows(Tip.objects.filter(website_id=website_id), website_id=website_id),
        TipAmountDailyStat.objects.filter(website_id=website_id),
        ("day", *AMOUNT_DIMENSIONS),
        ("tip_count",),
    )
    return {group[0] for group in drifted}


def _drifted_months(website_id: int) -> set[date]:
    """Return the months whose monthly, all-time or per-person rows disagree with the days."""
    daily = TipDailyStat.objects.filter(website_id=website_id)
    monthly = TipMonthlyStat.objects.filter(website_id=website_id)
    drifted = {
        group[0] for group in _differing(monthly_rows(daily), monthly, ("month", *MAIN_DIMENSIONS))
    }
    drifted |= {
        group[0]
        for group in _differing(
            amount_monthly_rows(TipAmountDailyStat.objects.filter(website_id=website_id)),
            TipAmountMonthlyStat.objects.filter(website_id=website_id),
            ("month", *AMOUNT_DIMENSIONS),
            ("tip_count",),
        )
    }
    if _differing(
        total_rows(monthly), TipTotalStat.objects.filter(website_id=website_id), MAIN_DIMENSIONS
    ):
        # Any month's refresh recomputes the all-time rows; take the latest.
        drifted.add(monthly.order_by("-month").values_list("month", flat=True).first())
    counts = {
        row["month"]: (row["c"], row["a"])
        for row in daily.values("month").annotate(c=Sum("tip_count"), a=Sum("total_amount"))
    }
    for model in (TipWriterMonthlyStat, TipClientMonthlyStat):
        people = {
            row["month"]: (row["c"], row["a"])
            for row in model.objects.filter(website_id=website_id)
            .values("month")
            .annotate(c=Sum("tip_count"), a=Sum("total_amount"))
            .order_by()
        }
        drifted |= {
            month
            for month in counts.keys() | people.keys()
            if counts.get(month) != people.get(month)
        }
    return drifted - {None}


def tip_stats_reconcile() -> int:
    """Compare every website's rollups with its tip rows and repair what drifted.

    A website built in another time zone than its own (or never built) is rebuilt whole; otherwise
    the days whose rows differ are refreshed, and the months whose monthly or per-person rows
    disagree with their days; then the since-month rows of the people whose rows differ from
    their monthly rows (or reach back past the horizon) are recomputed. Returns how many
    websites needed a repair (the since-month rows, kept across websites, count as one).
    """
    states = dict(TipStatsState.objects.values_list("website_id", "time_zone"))
    repaired = 0
    for website_id in Website.objects.order_by("id").values_list("id", flat=True):
        if states.get(website_id) != reporting_zone(website_id).key:
            if (
                states.get(website_id) is None
                and not Tip.objects.filter(website_id=website_id).exists()
            ):
                continue
            logger.warning("Rebuilding the tip statistics of website %s (time zone)", website_id)
            tip_stats_rebuild_website(website_id=website_id)
            repaired += 1
            continue
        days = _drifted_days(website_id)
        if days:
            logger.warning(
                "Tip statistics of website %s drifted on %s day(s); refreshing",
                website_id,
                len(days),
            )
            tip_stats_refresh_days(website_id=website_id, days=days)
        months = _drifted_months(website_id)
        for month in sorted(months):
            tip_stats_refresh_month(website_id=website_id, month=month)
        if days or months:
            repaired += 1
    since_repaired = False
    for role in ROLES:
        people = tip_stats_since_drifted(role=role)
        if people:
            logger.warning(
                "Since-month tip sums of %s %s(s) drifted; refreshing", len(people), role
            )
            tip_stats_since_refresh(role=role, people=people)
            since_repaired = True
    return repaired + since_repaired
