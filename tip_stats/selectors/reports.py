"""The admin tip reports, assembled from a source's grouped totals.

Every figure is Decimal: money is rounded to cents, averages and percentages to two places
(`core.money`). The plain mean of the tips' percentages is their sum over their count, and the
platform's profit percentage is its profit over the tipped amount, times 100 (0 without tips).
"""

from datetime import date, timedelta
from decimal import Decimal

from core.money import HUNDRED, ZERO, round_2, to_cents
from tip_stats.selectors.periods import (
    days_from_to,
    month_add,
    month_start,
    months_from_to,
    week_start,
)
from tip_stats.selectors.sources import Grouped, Totals
from writer_management.models import TipPaymentStatus, TipType

TOP_PERFORMERS = 10
TRENDS_WEEKS = 12
TRENDS_DAYS = 30
EARNINGS_MONTHS = 12


def _mean(total: Decimal, count: int) -> Decimal:
    return round_2(total / count) if count else ZERO


def _sum_by(grouped: Grouped, position: int | None = None) -> dict:
    """Fold grouped totals onto one of their key's positions (all into `None` when absent)."""
    folded: dict = {}
    for key, totals in grouped.items():
        folded.setdefault(None if position is None else key[position], Totals()).add(totals)
    return folded


def _overall(grouped: Grouped) -> Totals:
    return _sum_by(grouped).get(None, Totals())


def _level_name(stored: str | None) -> str | None:
    """Rollups and tips keep "" for a writer without a level; the reports say null."""
    return stored or None


def _by_level(grouped: Grouped, position: int) -> list[tuple[str | None, Totals]]:
    """Return `(level name or None, totals)` pairs, largest amount first, then by name."""
    folded: dict[str | None, Totals] = {}
    for name, totals in _sum_by(grouped, position).items():
        folded.setdefault(_level_name(name), Totals()).add(totals)
    return sorted(
        folded.items(), key=lambda item: (-item[1].total_amount, item[0] is None, item[0] or "")
    )


def _amounts(totals: Totals) -> dict:
    return {
        "total_tip_amount": to_cents(totals.total_amount),
        "total_writer_earnings": to_cents(totals.total_writer_earning),
        "total_platform_profit": to_cents(totals.total_platform_profit),
    }


def _trend_point(totals: Totals) -> dict:
    return {
        "count": totals.tip_count,
        "total_amount": to_cents(totals.total_amount),
        "writer_earnings": to_cents(totals.total_writer_earning),
        "platform_profit": to_cents(totals.total_platform_profit),
    }


def tip_dashboard(*, source, days: int, today: date) -> dict:
    """Summarise every tip, the last `days` days, and the split by type, status and level."""
    everything = source.grouped(
        dims=("tip_type", "payment_status", "writer_level_name"), today=today
    )
    recent = _overall(
        source.grouped(
            dims=(), date_from=today - timedelta(days=days - 1), date_to=today, today=today
        )
    )
    summary = _overall(everything)
    by_type = _sum_by(everything, 0)
    by_status = _sum_by(everything, 1)
    return {
        "summary": {
            "total_tips": summary.tip_count,
            **_amounts(summary),
            "avg_tip_amount": to_cents(_mean(summary.total_amount, summary.tip_count)),
            "avg_writer_percentage": _mean(summary.total_writer_percentage, summary.tip_count),
        },
        "recent_summary": {"days": days, "total_tips": recent.tip_count, **_amounts(recent)},
        "payment_status": {
            status: by_status.get(status, Totals()).tip_count
            for status in (
                TipPaymentStatus.COMPLETED,
                TipPaymentStatus.PENDING,
                TipPaymentStatus.PROCESSING,
                TipPaymentStatus.FAILED,
                TipPaymentStatus.REFUNDED,
            )
        },
        "type_breakdown": [
            {"tip_type": tip_type, **_trend_point(by_type.get(tip_type, Totals()))}
            for tip_type in TipType.values
        ],
        "payment_status_breakdown": [
            {
                "payment_status": status,
                "count": by_status.get(status, Totals()).tip_count,
                "total_amount": to_cents(by_status.get(status, Totals()).total_amount),
            }
            for status in TipPaymentStatus.values
        ],
        "level_breakdown": [
            {
                "writer_level__name": name,
                **_trend_point(totals),
                "avg_percentage": _mean(totals.total_writer_percentage, totals.tip_count),
            }
            for name, totals in _by_level(everything, 2)
        ],
    }


def tip_analytics(*, source, days: int, today: date) -> dict:
    """Trends by month, week and day, breakdowns and top performers over the last `days` days."""
    date_from = today - timedelta(days=days - 1)
    window = source.grouped(
        dims=("month", "tip_type", "writer_level_name"),
        date_from=date_from,
        date_to=today,
        today=today,
    )
    first_week = week_start(today) - timedelta(weeks=TRENDS_WEEKS - 1)
    first_day = today - timedelta(days=TRENDS_DAYS - 1)
    by_day = {
        key[0]: totals
        for key, totals in source.grouped(
            dims=("day",), date_from=min(first_week, first_day), date_to=today, today=today
        ).items()
    }
    by_month = _sum_by(window, 0)
    by_type = _sum_by(window, 1)
    weekly = []
    for week_index in range(TRENDS_WEEKS):
        monday = first_week + timedelta(weeks=week_index)
        week = Totals()
        for day in days_from_to(monday, monday + timedelta(days=6)):
            week.add(by_day.get(day, Totals()))
        weekly.append({"week": monday, **_trend_point(week)})
    writers = source.top(
        role="writer", date_from=date_from, date_to=today, today=today, limit=TOP_PERFORMERS
    )
    clients = source.top(
        role="client", date_from=date_from, date_to=today, today=today, limit=TOP_PERFORMERS
    )
    return {
        "period": {"days": days, "date_from": date_from},
        "trends": {
            "monthly": [
                {"month": month, **_trend_point(by_month.get(month, Totals()))}
                for month in months_from_to(date_from, today)
            ],
            "weekly": weekly,
            "daily": [
                {"day": day, **_trend_point(by_day.get(day, Totals()))}
                for day in days_from_to(first_day, today)
            ],
        },
        "breakdowns": {
            "by_type": [
                {
                    "tip_type": tip_type,
                    **_trend_point(totals),
                    "avg_amount": to_cents(_mean(totals.total_amount, totals.tip_count)),
                }
                for tip_type in TipType.values
                for totals in [by_type.get(tip_type, Totals())]
            ],
            "by_level": [
                {
                    "writer_level__name": name,
                    "tip_count": totals.tip_count,
                    "total_tips": to_cents(totals.total_amount),
                    "total_writer_earnings": to_cents(totals.total_writer_earning),
                    "total_platform_profit": to_cents(totals.total_platform_profit),
                    "avg_percentage": _mean(totals.total_writer_percentage, totals.tip_count),
                }
                for name, totals in _by_level(window, 2)
            ],
        },
        "top_performers": {
            "writers": [
                {
                    "writer__id": writer.user_id,
                    "writer__username": writer.username,
                    "writer__email": writer.email,
                    "tip_count": writer.tip_count,
                    "total_received": to_cents(writer.total_writer_earning),
                    "avg_tip": to_cents(_mean(writer.total_amount, writer.tip_count)),
                }
                for writer in writers
            ],
            "clients": [
                {
                    "client__id": client.user_id,
                    "client__username": client.username,
                    "client__email": client.email,
                    "tip_count": client.tip_count,
                    "total_sent": to_cents(client.total_amount),
                }
                for client in clients
            ],
        },
    }


def _earning_point(totals: Totals) -> dict:
    return {
        "tip_count": totals.tip_count,
        "total_tips": to_cents(totals.total_amount),
        "writer_earnings": to_cents(totals.total_writer_earning),
        "platform_profit": to_cents(totals.total_platform_profit),
    }


def tip_earnings(*, source, date_from: date | None, date_to: date | None, today: date) -> dict:
    """Split the completed tips of `[date_from, date_to]` (all time by default)."""
    grouped = source.grouped(
        dims=("month", "tip_type", "writer_level_name"),
        date_from=date_from,
        date_to=date_to,
        today=today,
        payment_status=TipPaymentStatus.COMPLETED,
    )
    overall = _overall(grouped)
    by_month = _sum_by(grouped, 0)
    by_type = _sum_by(grouped, 1)
    last_month = month_start(date_to or today)
    first_month = month_add(last_month, -(EARNINGS_MONTHS - 1))
    if date_from is not None:
        first_month = max(first_month, month_start(date_from))
    profit_percentage = (
        round_2(overall.total_platform_profit / overall.total_amount * HUNDRED)
        if overall.total_amount
        else ZERO
    )
    return {
        "overall": {
            "total_tips": overall.tip_count,
            **_amounts(overall),
            "avg_tip_amount": to_cents(_mean(overall.total_amount, overall.tip_count)),
            "avg_writer_percentage": _mean(overall.total_writer_percentage, overall.tip_count),
            "platform_profit_percentage": profit_percentage,
        },
        "by_level": [
            {
                "writer_level__name": name,
                **_earning_point(totals),
                "avg_percentage": _mean(totals.total_writer_percentage, totals.tip_count),
            }
            for name, totals in _by_level(grouped, 2)
        ],
        "by_type": [
            {"tip_type": tip_type, **_earning_point(by_type.get(tip_type, Totals()))}
            for tip_type in TipType.values
        ],
        "monthly": [
            {"month": month, **_earning_point(by_month.get(month, Totals()))}
            for month in months_from_to(first_month, last_month)
        ],
    }


def tip_list_totals(*, source, filters, today: date) -> dict:
    """Count and sum every tip the list filters match (not just one page)."""
    totals = _overall(
        source.grouped(
            dims=(),
            date_from=filters.date_from,
            date_to=filters.date_to,
            tip_type=filters.tip_type,
            payment_status=filters.payment_status,
            today=today,
        )
    )
    return {"count": totals.tip_count, "summary": _amounts(totals)}
