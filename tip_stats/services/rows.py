"""The rollup rows as grouped queries over tip rows (or finer rollups), and their insertion.

Every rollup row is recomputed from tip rows, never incremented: these queries say what the rows
of a grain are, and `insert_from` writes them set-based (`INSERT ... SELECT ... GROUP BY`).
"""

from collections.abc import Iterable
from datetime import date

from django.db import connection
from django.db.models import Count, DateField, Q, QuerySet, Sum
from django.db.models.functions import TruncDate, TruncMonth

from core.reporting import on_local_days, reporting_zone
from tip_stats.models import (
    TipAmountDailyStat,
    TipAmountMonthlyStat,
    TipClientMonthlyStat,
    TipDailyStat,
    TipDayTotalStat,
    TipMonthlyStat,
    TipTotalStat,
    TipWriterMonthlyStat,
)
from writer_management.models import Tip, TipPaymentStatus

MAIN_DIMENSIONS = ("tip_type", "payment_status", "writer_level_name")
ROLLUPS = (
    TipDailyStat,
    TipDayTotalStat,
    TipMonthlyStat,
    TipTotalStat,
    TipWriterMonthlyStat,
    TipClientMonthlyStat,
    TipAmountDailyStat,
    TipAmountMonthlyStat,
)
AMOUNT_DIMENSIONS = ("writer_level_name", "tip_amount")


def insert_from(model, queryset: QuerySet) -> int:
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


def daily_rows(tips: QuerySet[Tip], *, website_id: int) -> QuerySet:
    """The daily rows of one website's tips, on that website's calendar."""
    zone = reporting_zone(website_id)
    return (
        tips.annotate(
            day=TruncDate("sent_at", tzinfo=zone),
            month=TruncMonth("sent_at", tzinfo=zone, output_field=DateField()),
        )
        .values("website_id", "day", "month", *MAIN_DIMENSIONS)
        .annotate(
            tip_count=Count("id"),
            total_amount=Sum("tip_amount"),
            total_writer_earning=Sum("writer_earning"),
            total_platform_profit=Sum("platform_profit"),
            total_writer_percentage=Sum("writer_percentage"),
        )
    )


# Rollup rows of a coarser grain add up the finer rows' counts and sums.
SUMS = {
    name: Sum(name)
    for name in (
        "tip_count",
        "total_amount",
        "total_writer_earning",
        "total_platform_profit",
        "total_writer_percentage",
    )
}


def monthly_rows(daily: QuerySet) -> QuerySet:
    return daily.values("website_id", "month", *MAIN_DIMENSIONS).annotate(**SUMS)


def person_rows(tips: QuerySet[Tip], role: str, *, website_id: int) -> QuerySet:
    """The per-person monthly rows of one website's tips, on that website's calendar."""
    zone = reporting_zone(website_id)
    sums = {"tip_count": Count("id"), "total_amount": Sum("tip_amount")}
    if role == "writer":
        sums["total_writer_earning"] = Sum("writer_earning")
    return (
        tips.annotate(month=TruncMonth("sent_at", tzinfo=zone, output_field=DateField()))
        .values("website_id", "month", f"{role}_id")
        .annotate(**sums)
    )


def amount_daily_rows(tips: QuerySet[Tip], *, website_id: int) -> QuerySet:
    """Per local day, level name and amount: how many of one website's completed tips."""
    zone = reporting_zone(website_id)
    return (
        tips.filter(payment_status=TipPaymentStatus.COMPLETED)
        .annotate(
            day=TruncDate("sent_at", tzinfo=zone),
            month=TruncMonth("sent_at", tzinfo=zone, output_field=DateField()),
        )
        .values("website_id", "day", "month", *AMOUNT_DIMENSIONS)
        .annotate(tip_count=Count("id"))
    )


def amount_monthly_rows(amount_daily: QuerySet) -> QuerySet:
    return amount_daily.values("website_id", "month", *AMOUNT_DIMENSIONS).annotate(
        tip_count=Sum("tip_count")
    )


def tips_between(website_id: int, first_day: date, last_day: date) -> QuerySet[Tip]:
    zone = reporting_zone(website_id)
    return Tip.objects.filter(
        on_local_days("sent_at", first_day, last_day, zone=zone), website_id=website_id
    )


def tips_on(website_id: int, days: Iterable[date]) -> QuerySet[Tip]:
    """Return the website's tips sent on any of `days` (local days)."""
    zone, on_days = reporting_zone(website_id), Q()
    for day in days:
        on_days |= on_local_days("sent_at", day, day, zone=zone)
    return Tip.objects.filter(on_days, website_id=website_id)


def total_rows(monthly: QuerySet) -> QuerySet:
    return monthly.values("website_id", *MAIN_DIMENSIONS).annotate(**SUMS)


def day_total_rows(daily: QuerySet) -> QuerySet:
    return daily.values("website_id", "day").annotate(**SUMS)
