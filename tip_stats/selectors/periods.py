"""Calendar periods of the tip reports: weeks (starting on Monday) and months of local days.

Local days are those of the deployment's reporting time zone (`core.reporting`). A range of
local days `[date_from, date_to]` is inclusive at both ends.
"""

from dataclasses import dataclass
from datetime import date, timedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_add(month: date, months: int) -> date:
    """Return the first day of the month `months` after (or before) `month`'s month."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    """Return the last day of `day`'s month."""
    return month_add(month_start(day), 1) - timedelta(days=1)


# The analytics window is at most 365 days ending today: its first month is at most 12 months
# before today's.
SINCE_MONTHS = 13


def since_horizon(today: date) -> date:
    """Return the earliest month an analytics window ending on `today` can start in."""
    return month_add(month_start(today), -(SINCE_MONTHS - 1))


def week_start(day: date) -> date:
    """Return the Monday of `day`'s week."""
    return day - timedelta(days=day.weekday())


def months_from_to(first: date, last: date) -> list[date]:
    """Return the first days of the months from `first`'s month to `last`'s, chronologically."""
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = month_add(month, 1)
    return months


def days_from_to(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


@dataclass(frozen=True)
class RangeByMonth:
    """A range of local days split into whole months and the days around them.

    `months` is `(first, last)` of the months read whole (either end may be open: `None`), or
    `None` when none is; `edges` are the `(first, last)` day ranges added to them, `excluded`
    the day ranges taken off them (a month more than half in the range is read whole, less the
    days outside it).
    """

    months: tuple[date | None, date | None] | None
    edges: tuple[tuple[date, date], ...]
    excluded: tuple[tuple[date, date], ...] = ()


def _day_count(first: date, last: date) -> int:
    return max((last - first).days + 1, 0)


def range_by_month(date_from: date | None, date_to: date | None, *, today: date) -> RangeByMonth:
    """Split `[date_from, date_to]` (inclusive, open where `None`) into whole months and edges.

    No tip is sent after today, so a range reaching today or later counts the current month
    whole: it needs no day-by-day edge at its end.
    """
    if date_to is not None and date_to >= today:
        date_to = None
    if date_from is not None and date_to is not None and date_from > date_to:
        return RangeByMonth(months=None, edges=())
    edges: list[tuple[date, date]] = []
    first_month: date | None = None
    last_month: date | None = None
    if date_from is not None:
        if date_from.day == 1:
            first_month = date_from
        else:
            end = month_end(date_from) if date_to is None else min(month_end(date_from), date_to)
            edges.append((date_from, end))
            first_month = month_add(date_from, 1)
    if date_to is not None:
        if date_to == month_end(date_to):
            last_month = month_start(date_to)
        else:
            start = (
                month_start(date_to) if date_from is None else max(month_start(date_to), date_from)
            )
            if not edges or edges[0][1] < start:
                edges.append((start, date_to))
            last_month = month_add(date_to, -1)
    kept: list[tuple[date, date]] = []
    excluded: list[tuple[date, date]] = []
    for first_day, last_day in edges:
        # Fewer days to take off the month than to add up: read the month, less those days.
        month, last_tip_day = month_start(first_day), min(month_end(first_day), today)
        outside = [
            (start, end)
            for start, end in (
                (month, first_day - timedelta(days=1)),
                (last_day + timedelta(days=1), last_tip_day),
            )
            if start <= end
        ]
        if sum(_day_count(*days) for days in outside) >= _day_count(
            first_day, min(last_day, today)
        ):
            kept.append((first_day, last_day))
            continue
        excluded += outside
        if first_month is not None:
            first_month = min(first_month, month)
        if last_month is not None:
            last_month = max(last_month, month)
    if first_month is not None and last_month is not None and first_month > last_month:
        return RangeByMonth(months=None, edges=tuple(kept))
    return RangeByMonth(
        months=(first_month, last_month), edges=tuple(kept), excluded=tuple(excluded)
    )
