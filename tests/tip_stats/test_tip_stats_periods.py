"""Local calendar periods: splitting a range of days into whole months and edge days."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from tip_stats.selectors.periods import (
    days_from_to,
    month_add,
    month_end,
    months_from_to,
    range_by_month,
    week_start,
)

TODAY = date(2026, 5, 17)
EARLIEST = date(2023, 1, 1)


def _days_covered(split, *, first: date, last: date) -> list[date]:
    """Expand a split back into its days, between `first` and `last` for open ends."""
    days: list[date] = []
    if split.months is not None:
        first_month = split.months[0] or first.replace(day=1)
        last_month = split.months[1] or last.replace(day=1)
        for month in months_from_to(first_month, last_month):
            days.extend(days_from_to(month, month_end(month)))
    for start, end in split.edges:
        days.extend(days_from_to(start, end))
    for start, end in split.excluded:
        for day in days_from_to(start, end):
            days.remove(day)  # a day taken off must have been in a month read whole
    return days


_dates = st.dates(min_value=EARLIEST, max_value=TODAY + timedelta(days=60))


@given(date_from=st.none() | _dates, date_to=st.none() | _dates)
def test_whole_months_and_edges_cover_each_day_of_the_range_exactly_once(date_from, date_to):
    split = range_by_month(date_from, date_to, today=TODAY)
    covered = _days_covered(split, first=EARLIEST, last=TODAY)
    assert len(covered) == len(set(covered))
    wanted_from, wanted_to = date_from or EARLIEST, min(date_to or TODAY, TODAY)
    # Days after today hold no tips; a split may cover them (the current month whole) or not.
    assert {day for day in covered if day <= TODAY and day >= EARLIEST} == set(
        days_from_to(wanted_from, wanted_to) if wanted_from <= wanted_to else []
    )


def test_a_short_range_inside_one_month_is_all_edge():
    split = range_by_month(date(2026, 3, 3), date(2026, 3, 9), today=TODAY)
    assert split.months is None
    assert split.edges == ((date(2026, 3, 3), date(2026, 3, 9)),)
    assert split.excluded == ()


def test_most_of_a_month_is_the_month_less_the_days_outside_the_range():
    split = range_by_month(date(2026, 3, 3), date(2026, 3, 29), today=TODAY)
    assert split.months == (date(2026, 3, 1), date(2026, 3, 1))
    assert split.edges == ()
    assert split.excluded == (
        (date(2026, 3, 1), date(2026, 3, 2)),
        (date(2026, 3, 30), date(2026, 3, 31)),
    )


def test_a_range_reaching_today_takes_the_current_month_whole():
    split = range_by_month(date(2026, 2, 16), TODAY, today=TODAY)
    assert split.months == (date(2026, 3, 1), None)
    assert split.edges == ((date(2026, 2, 16), date(2026, 2, 28)),)
    split = range_by_month(date(2026, 2, 10), TODAY, today=TODAY)
    assert split.months == (date(2026, 2, 1), None)
    assert split.excluded == ((date(2026, 2, 1), date(2026, 2, 9)),)


def test_no_bounds_is_every_month():
    assert range_by_month(None, None, today=TODAY).months == (None, None)


def test_a_reversed_range_is_empty():
    split = range_by_month(date(2026, 3, 9), date(2026, 3, 3), today=TODAY)
    assert split.months is None
    assert split.edges == ()


def test_weeks_start_on_monday_and_months_roll_over_years():
    assert week_start(date(2026, 5, 17)) == date(2026, 5, 11)  # a Sunday
    assert week_start(date(2026, 5, 11)) == date(2026, 5, 11)
    assert month_add(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert month_add(date(2026, 1, 1), -13) == date(2024, 12, 1)
    assert month_end(date(2024, 2, 10)) == date(2024, 2, 29)
