"""Writes of the tip statistics: refresh a day's or a month's rollups, rebuild a website's.

Running any of these twice gives the same rows. A website's refreshes and rebuilds run one at
a time: each takes the lock of the website's `TipStatsState` row before it deletes and
re-inserts that website's rows, and reads the tips only after it holds the lock, so the last
one to commit saw every committed tip.
"""

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from uuid import uuid4

from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

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
from tip_stats.selectors.cache import tip_reports_version_keys
from tip_stats.selectors.periods import month_add, month_start
from tip_stats.services.rows import (
    ROLLUPS,
    amount_daily_rows,
    amount_monthly_rows,
    daily_rows,
    day_total_rows,
    insert_from,
    monthly_rows,
    person_rows,
    tips_between,
    tips_on,
    total_rows,
)
from tip_stats.services.since import ROLES, tip_stats_since_refresh
from websites.models import Website
from writer_management.models import Tip


def _state_lock(website_id: int) -> TipStatsState:
    """Lock the website's statistics (creating its state row on first use)."""
    TipStatsState.objects.bulk_create([TipStatsState(website_id=website_id)], ignore_conflicts=True)
    return TipStatsState.objects.select_for_update().get(website_id=website_id)


def _month_end(month: date) -> date:
    return month_add(month, 1) - timedelta(days=1)


def _month_derived_refresh(website_id: int, month: date, *, days: list[date] | None = None) -> None:
    """Recompute one website's month: monthly and all-time rows, per-writer and per-client rows.

    The first two add up the daily rows (and the amount rows their daily amount rows); the
    per-person rows add up the month's tips, and the
    since-month rows of the people whose monthly rows were replaced follow. With `days`, only
    the writers and clients with a tip on one of those days are recomputed: nobody else's sums
    can have changed (a tip's people and amount never change).
    """
    daily = TipDailyStat.objects.filter(
        website_id=website_id, day__gte=month, day__lte=_month_end(month)
    )
    TipMonthlyStat.objects.filter(website_id=website_id, month=month).delete()
    insert_from(TipMonthlyStat, monthly_rows(daily))
    TipTotalStat.objects.filter(website_id=website_id).delete()
    insert_from(TipTotalStat, total_rows(TipMonthlyStat.objects.filter(website_id=website_id)))
    TipAmountMonthlyStat.objects.filter(website_id=website_id, month=month).delete()
    insert_from(
        TipAmountMonthlyStat,
        amount_monthly_rows(
            TipAmountDailyStat.objects.filter(
                website_id=website_id, day__gte=month, day__lte=_month_end(month)
            )
        ),
    )
    month_tips = tips_between(website_id, month, _month_end(month))
    for model, role in ((TipWriterMonthlyStat, "writer"), (TipClientMonthlyStat, "client")):
        person = f"{role}_id"
        stale, tips = model.objects.filter(website_id=website_id, month=month), month_tips
        if days is not None:
            people = set(tips_on(website_id, days).values_list(person, flat=True))
            stale = stale.filter(**{f"{person}__in": people})
            tips = tips.filter(**{f"{person}__in": people})
        else:
            people = set(stale.values_list(person, flat=True))
        stale.delete()
        insert_from(model, person_rows(tips, role, website_id=website_id))
        if days is None:
            people |= set(
                model.objects.filter(website_id=website_id, month=month).values_list(
                    person, flat=True
                )
            )
        tip_stats_since_refresh(role=role, people=people)


def _state_mark(state: TipStatsState, *, rebuilt: bool = False) -> None:
    state.time_zone = reporting_zone(state.website_id).key
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
            insert_from(
                TipDailyStat, daily_rows(tips_between(website_id, day, day), website_id=website_id)
            )
            TipDayTotalStat.objects.filter(website_id=website_id, day=day).delete()
            insert_from(
                TipDayTotalStat,
                day_total_rows(TipDailyStat.objects.filter(website_id=website_id, day=day)),
            )
            TipAmountDailyStat.objects.filter(website_id=website_id, day=day).delete()
            insert_from(
                TipAmountDailyStat,
                amount_daily_rows(tips_between(website_id, day, day), website_id=website_id),
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
        for model in (TipDailyStat, TipDayTotalStat, TipAmountDailyStat):
            model.objects.filter(website_id=website_id, day__gte=month, day__lte=last_day).delete()
        month_tips = tips_between(website_id, month, last_day)
        insert_from(TipDailyStat, daily_rows(month_tips, website_id=website_id))
        insert_from(TipAmountDailyStat, amount_daily_rows(month_tips, website_id=website_id))
        insert_from(
            TipDayTotalStat,
            day_total_rows(
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
        people = {
            role: set(
                model.objects.filter(website_id=website_id).values_list(f"{role}_id", flat=True)
            )
            for role, model in zip(ROLES, (TipWriterMonthlyStat, TipClientMonthlyStat), strict=True)
        }
        for model in ROLLUPS:
            model.objects.filter(website_id=website_id).delete()
        tips = Tip.objects.filter(website_id=website_id)
        daily = TipDailyStat.objects.filter(website_id=website_id)
        insert_from(TipDailyStat, daily_rows(tips, website_id=website_id))
        insert_from(TipDayTotalStat, day_total_rows(daily))
        insert_from(TipMonthlyStat, monthly_rows(daily))
        insert_from(TipTotalStat, total_rows(TipMonthlyStat.objects.filter(website_id=website_id)))
        insert_from(TipAmountDailyStat, amount_daily_rows(tips, website_id=website_id))
        insert_from(
            TipAmountMonthlyStat,
            amount_monthly_rows(TipAmountDailyStat.objects.filter(website_id=website_id)),
        )
        insert_from(TipWriterMonthlyStat, person_rows(tips, "writer", website_id=website_id))
        insert_from(TipClientMonthlyStat, person_rows(tips, "client", website_id=website_id))
        for role, model in zip(ROLES, (TipWriterMonthlyStat, TipClientMonthlyStat), strict=True):
            people[role] |= set(
                model.objects.filter(website_id=website_id).values_list(f"{role}_id", flat=True)
            )
            tip_stats_since_refresh(role=role, people=people[role])
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
