"""Writes of the tip statistics: refresh a day's rollups, repair drift, rebuild everything.

Every rollup row is recomputed from tip rows, never incremented, so running any of these twice
gives the same rows. A website's refreshes and rebuilds run one at a time: each takes the lock
of the website's `TipStatsState` row before it deletes and re-inserts that website's rows, and
reads the tips only after it holds the lock, so the last one to commit saw every committed tip.
The statements are set-based (`INSERT ... SELECT ... GROUP BY`).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from core.reporting import day_end, day_start, local_day, reporting_zone
from websites.models import Website
from writer_management.models import Tip
from writer_management.tip_reports.cache import tip_reports_version_keys
from writer_management.tip_reports.periods import month_add, month_start
from writer_management.tip_stats_models import (
    TipClientMonthlyStat,
    TipDailyStat,
    TipDayTotalStat,
    TipMonthlyStat,
    TipStatsState,
    TipTotalStat,
    TipWriterMonthlyStat,
)

logger = logging.getLogger(__name__)

_MAIN_DIMENSIONS = ("tip_type", "payment_status", "writer_level_name")
ROLLUPS = (
    TipDailyStat,
    TipDayTotalStat,
    TipMonthlyStat,
    TipTotalStat,
    TipWriterMonthlyStat,
    TipClientMonthlyStat,
)


def _insert_from(model, queryset: QuerySet) -> int:
    """Insert the rows a grouped values() queryset selects into `model`'s table (same names)."""
    sql, params = queryset.order_by().query.sql_with_params()
    quote = connection.ops.quote_name
    columns = list(queryset.query.values_select) + list(queryset.query.annotation_select)
    names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
    aliases = ", ".join(f"source.{quote(name)}" for name in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({names}) "  # noqa: S608 - names are the model's own
            f"SELECT {aliases} FROM ({sql}) AS source",
            params,
        )
        return cursor.rowcount


def _daily_rows(tips: QuerySet[Tip]) -> QuerySet:
    zone = reporting_zone()
    return (
        tips.annotate(
            day=TruncDate("sent_at", tzinfo=zone),
            month=TruncMonth("sent_at", tzinfo=zone, output_field=DateField()),
        )
        .values("website_id", "day", "month", *_MAIN_DIMENSIONS)
        .annotate(
            tip_count=Count("id"),
            total_amount=Sum("tip_amount"),
            total_writer_earning=Sum("writer_earning"),
            total_platform_profit=Sum("platform_profit"),
            total_writer_percentage=Sum("writer_percentage"),
        )
    )


# Rollup rows of a coarser grain add up the finer rows' counts and sums.
_SUMS = {
    name: Sum(name)
    for name in (
        "tip_count",
        "total_amount",
        "total_writer_earning",
        "total_platform_profit",
        "total_writer_percentage",
    )
}


def _monthly_rows(daily: QuerySet) -> QuerySet:
    return daily.values("website_id", "month", *_MAIN_DIMENSIONS).annotate(**_SUMS)


def _person_rows(tips: QuerySet[Tip], role: str) -> QuerySet:
    zone = reporting_zone()
    sums = {"tip_count": Count("id"), "total_amount": Sum("tip_amount")}
    if role == "writer":
        sums["total_writer_earning"] = Sum("writer_earning")
    return (
        tips.annotate(month=TruncMonth("sent_at", tzinfo=zone, output_field=DateField()))
        .values("website_id", "month", f"{role}_id")
        .annotate(**sums)
    )


def _tips_between(website_id: int, first_day: date, last_day: date) -> QuerySet[Tip]:
    return Tip.objects.filter(
        website_id=website_id,
        sent_at__gte=day_start(first_day),
        sent_at__lt=day_end(last_day),
    )


def _tips_on(website_id: int, days: Iterable[date]) -> QuerySet[Tip]:
    """Return the website's tips sent on any of `days` (local days)."""
    on_days = Q()
    for day in days:
        on_days |= Q(sent_at__gte=day_start(day), sent_at__lt=day_end(day))
    return Tip.objects.filter(on_days, website_id=website_id)


def _total_rows(monthly: QuerySet) -> QuerySet:
    return monthly.values("website_id", *_MAIN_DIMENSIONS).annotate(**_SUMS)


def _day_total_rows(daily: QuerySet) -> QuerySet:
    return daily.values("website_id", "day").annotate(**_SUMS)


def _state_lock(website_id: int) -> TipStatsState:
    """Lock the website's statistics (creating its state row on first use)."""
    TipStatsState.objects.bulk_create([TipStatsState(website_id=website_id)], ignore_conflicts=True)
    return TipStatsState.objects.select_for_update().get(website_id=website_id)


def _month_end(month: date) -> date:
    return month_add(month, 1) - timedelta(days=1)


def _month_derived_refresh(website_id: int, month: date, *, days: list[date] | None = None) -> None:
    """Recompute one website's month: monthly and all-time rows, per-writer and per-client rows.

    The first two add up the daily rows; the per-person rows add up the month's tips. With `days`, only the writers and clients with a tip on one of those days are recomputed:
    nobody else's sums can have changed (a tip's people and amount never change).
    """
    daily = TipDailyStat.objects.filter(
        website_id=website_id, day__gte=month, day__lte=_month_end(month)
    )
    TipMonthlyStat.objects.filter(website_id=website_id, month=month).delete()
    _insert_from(TipMonthlyStat, _monthly_rows(daily))
    TipTotalStat.objects.filter(website_id=website_id).delete()
    _insert_from(TipTotalStat, _total_rows(TipMonthlyStat.objects.filter(website_id=website_id)))
    month_tips = _tips_between(website_id, month, _month_end(month))
    for model, role in ((TipWriterMonthlyStat, "writer"), (TipClientMonthlyStat, "client")):
        stale, tips = model.objects.filter(website_id=website_id, month=month), month_tips
        if days is not None:
            people = _tips_on(website_id, days).values(f"{role}_id")
            stale = stale.filter(**{f"{role}_id__in": people})
            tips = tips.filter(**{f"{role}_id__in": people})
        stale.delete()
        _insert_from(model, _person_rows(tips, role))


def _state_mark(state: TipStatsState, *, rebuilt: bool = False) -> None:
    state.time_zone = settings.REPORTING_TIME_ZONE
    state.refreshed_at = timezone.now()
    fields = ["time_zone", "refreshed_at", "updated_at"]
    if rebuilt:
        state.rebuilt_at = state.refreshed_at
        fields.append("rebuilt_at")
    state.save(update_fields=fields)


def tip_reports_cache_bump(*, website_id: int) -> None:
    """Retire the cached reports that cover `website_id` (its own and every-website ones)."""
    cache.set_many(
        {key: uuid4().hex for key in tip_reports_version_keys(website_id=website_id)}, None
    )


def tip_stats_refresh_days(*, website_id: int, days: Iterable[date]) -> None:
    """Recompute the rollups of some local days of one website from its tip rows.

    The days' daily rows are replaced, then the monthly, per-writer and per-client rows of their
    months. Safe to run twice and concurrently (see the module docstring).
    """
    days = sorted(set(days))
    with transaction.atomic():
        state = _state_lock(website_id)
        for day in days:
            TipDailyStat.objects.filter(website_id=website_id, day=day).delete()
            _insert_from(TipDailyStat, _daily_rows(_tips_between(website_id, day, day)))
            TipDayTotalStat.objects.filter(website_id=website_id, day=day).delete()
            _insert_from(
                TipDayTotalStat,
                _day_total_rows(TipDailyStat.objects.filter(website_id=website_id, day=day)),
            )
        for month in sorted({month_start(day) for day in days}):
            in_month = [day for day in days if month_start(day) == month]
            _month_derived_refresh(website_id, month, days=in_month)
        _state_mark(state)
        transaction.on_commit(lambda: tip_reports_cache_bump(website_id=website_id))


def tip_stats_refresh_month(*, website_id: int, month: date) -> None:
    """Recompute every rollup row of one local month of one website."""
    last_day = _month_end(month)
    with transaction.atomic():
        state = _state_lock(website_id)
        for model in (TipDailyStat, TipDayTotalStat):
            model.objects.filter(website_id=website_id, day__gte=month, day__lte=last_day).delete()
        _insert_from(TipDailyStat, _daily_rows(_tips_between(website_id, month, last_day)))
        _insert_from(
            TipDayTotalStat,
            _day_total_rows(
                TipDailyStat.objects.filter(
                    website_id=website_id, day__gte=month, day__lte=last_day
                )
            ),
        )
        _month_derived_refresh(website_id, month)
        _state_mark(state)
        transaction.on_commit(lambda: tip_reports_cache_bump(website_id=website_id))


def tip_stats_rebuild_website(*, website_id: int) -> None:
    """Recompute every rollup row of one website from all its tips."""
    with transaction.atomic():
        state = _state_lock(website_id)
        if connection.vendor == "postgresql":
            # Group a whole website's tips in memory rather than in temporary files.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL work_mem = '128MB'")
        for model in ROLLUPS:
            model.objects.filter(website_id=website_id).delete()
        tips = Tip.objects.filter(website_id=website_id)
        daily = TipDailyStat.objects.filter(website_id=website_id)
        _insert_from(TipDailyStat, _daily_rows(tips))
        _insert_from(TipDayTotalStat, _day_total_rows(daily))
        _insert_from(TipMonthlyStat, _monthly_rows(daily))
        _insert_from(
            TipTotalStat, _total_rows(TipMonthlyStat.objects.filter(website_id=website_id))
        )
        _insert_from(TipWriterMonthlyStat, _person_rows(tips, "writer"))
        _insert_from(TipClientMonthlyStat, _person_rows(tips, "client"))
        _state_mark(state, rebuilt=True)
        transaction.on_commit(lambda: tip_reports_cache_bump(website_id=website_id))


def tip_stats_rebuild(
    *, website_ids: Iterable[int] | None = None, progress: Callable[[int], None] | None = None
) -> int:
    """Rebuild the rollups of the given websites (all by default), one transaction each.

    `progress` is called with each website id once its rollups are rebuilt; returns how many
    websites were rebuilt.
    """
    if website_ids is None:
        website_ids = Website.objects.order_by("id").values_list("id", flat=True)
    rebuilt = 0
    for website_id in list(website_ids):
        tip_stats_rebuild_website(website_id=website_id)
        rebuilt += 1
        if progress is not None:
            progress(website_id)
    return rebuilt


_MEASURES = tuple(_SUMS)


def _differing(expected: QuerySet, stored: QuerySet, key: tuple[str, ...]) -> set[tuple]:
    """Return the keys whose measures differ between two row sets (missing rows included)."""

    def rows(queryset):
        return {
            tuple(row[name] for name in key): tuple(row[name] for name in _MEASURES)
            for row in queryset.values(*key, *_MEASURES).order_by()
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
    key = ("day", *_MAIN_DIMENSIONS)
    drifted = _differing(_daily_rows(Tip.objects.filter(website_id=website_id)), daily, key)
    drifted |= _differing(
        _day_total_rows(daily), TipDayTotalStat.objects.filter(website_id=website_id), ("day",)
    )
    return {group[0] for group in drifted}


def _drifted_months(website_id: int) -> set[date]:
    """Return the months whose monthly, all-time or per-person rows disagree with the days."""
    daily = TipDailyStat.objects.filter(website_id=website_id)
    monthly = TipMonthlyStat.objects.filter(website_id=website_id)
    drifted = {
        group[0]
        for group in _differing(_monthly_rows(daily), monthly, ("month", *_MAIN_DIMENSIONS))
    }
    if _differing(
        _total_rows(monthly), TipTotalStat.objects.filter(website_id=website_id), _MAIN_DIMENSIONS
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

    A website built in another reporting time zone (or never built) is rebuilt whole; otherwise
    the days whose rows differ are refreshed, and the months whose monthly or per-person rows
    disagree with their days. Returns how many websites needed a repair.
    """
    zone = settings.REPORTING_TIME_ZONE
    states = dict(TipStatsState.objects.values_list("website_id", "time_zone"))
    repaired = 0
    for website_id in Website.objects.order_by("id").values_list("id", flat=True):
        if states.get(website_id) != zone:
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
    return repaired


@dataclass
class _DayRefresh:
    """Retire the website's cached reports and enqueue the refresh of one of its local days."""

    website_id: int
    day: str
    ran: bool = field(default=False, compare=False)

    def __call__(self) -> None:
        # Imported here: the tasks module imports this one.
        from writer_management.tasks import tip_stats_refresh_task

        self.ran = True
        tip_reports_cache_bump(website_id=self.website_id)
        try:
            tip_stats_refresh_task.delay(website_id=self.website_id, day=self.day)
        except Exception:
            # The tip is committed; a broker outage must not fail the request. The nightly
            # reconcile (or `rebuild_tip_stats`) repairs the day's rollups.
            logger.exception(
                "Could not enqueue the tip statistics refresh of website %s, day %s",
                self.website_id,
                self.day,
            )


def tip_stats_schedule_refresh(*, tip: Tip) -> None:
    """Once the current transaction commits, refresh the rollups of the tip's local day.

    Call it whenever a tip is created or changes status. The refresh runs as a Celery task (in
    process when no broker is configured), once per website and day however many of its tips
    the transaction touched. If it cannot be enqueued, the error is logged and the nightly
    reconcile repairs the day.
    """
    refresh = _DayRefresh(
        website_id=tip.website_id, day=local_day(tip.sent_at or timezone.now()).isoformat()
    )
    pending = getattr(transaction.get_connection(), "run_on_commit", [])
    if any(entry[1] == refresh and not entry[1].ran for entry in pending):
        return
    transaction.on_commit(refresh, robust=True)
