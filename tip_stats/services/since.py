"""Writes of the per-person "since a month" sums that the top lists rank people by.

A person's rows are recomputed whole from their per-person monthly rows (never incremented),
whenever one of those rows may have changed: the refreshes and rebuilds pass the people whose
monthly rows they replaced. Rows for months before the horizon are dropped on the way: no
analytics window can start there any more.
"""

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from itertools import islice

from django.db.models import Model

from core.money import ZERO
from core.reporting import reporting_today
from tip_stats.models import (
    TipClientMonthlyStat,
    TipClientSinceStat,
    TipWriterMonthlyStat,
    TipWriterSinceStat,
)
from tip_stats.selectors.periods import month_add, since_horizon

ROLES = ("writer", "client")
PERSON_SINCE = (TipWriterSinceStat, TipClientSinceStat)

_TABLES: dict[str, tuple[type[Model], type[Model], str]] = {
    "writer": (TipWriterSinceStat, TipWriterMonthlyStat, "total_writer_earning"),
    "client": (TipClientSinceStat, TipClientMonthlyStat, "total_amount"),
}
_BATCH = 2000


def _since_rows(
    since_model: type[Model], role: str, measure: str, horizon: date, months: list[tuple]
) -> list[Model]:
    """Build one person's rows from their `(website_id, month, sum)` rows, oldest month first."""
    person_id = months[0][0]
    websites = {website_id for _person, website_id, _month, _sum in months}
    website_id = websites.pop() if len(websites) == 1 else None
    per_month: dict[date, Decimal] = {}
    for _person, _website, month, amount in months:
        per_month[month] = per_month.get(month, ZERO) + amount
    rows, running, month = [], ZERO, max(per_month)
    while month >= horizon:  # newest first: each sum is its month's plus the later months'
        running += per_month.get(month, ZERO)
        rows.append(
            since_model(
                **{
                    f"{role}_id": person_id,
                    "website_id": website_id,
                    "since_month": month,
                    measure: running,
                }
            )
        )
        month = month_add(month, -1)
    return rows


def tip_stats_since_refresh(*, role: str, people: Iterable[int] | None = None) -> int:
    """Recompute the since-month rows of some writers or clients (everyone's when `None`).

    Call it in the transaction that replaced the people's monthly rows. Returns how many rows
    were written.
    """
    since_model, monthly_model, _measure = _TABLES[role]
    return since_rows_replace(since_model, monthly_model, role=role, people=people)


def _expected(
    since_model: type[Model], monthly_model: type[Model], role: str, people: list[int] | None
) -> Iterator[Model]:
    """Yield the rows `people` (everyone when `None`) should have, person by person."""
    measure = _TABLES[role][2]
    person = f"{role}_id"
    horizon = since_horizon(reporting_today())
    monthly = monthly_model.objects.filter(month__gte=horizon)
    if people is not None:
        monthly = monthly.filter(**{f"{person}__in": people})
    person_months: list[tuple] = []
    ordered = monthly.order_by(person, "month").values_list(person, "website_id", "month", measure)
    for row in ordered.iterator(chunk_size=_BATCH):
        if person_months and person_months[0][0] != row[0]:
            yield from _since_rows(since_model, role, measure, horizon, person_months)
            person_months = []
        person_months.append(row)
    if person_months:
        yield from _since_rows(since_model, role, measure, horizon, person_months)


def since_rows_replace(
    since_model: type[Model],
    monthly_model: type[Model],
    *,
    role: str,
    people: Iterable[int] | None = None,
) -> int:
    """Replace the since-month rows of `people` (everyone's when `None`) from the monthly rows.

    The tables are parameters so that a migration can pass its historical models.
    """
    stale = since_model.objects.all()
    if people is not None:
        people = sorted(set(people))
        if not people:
            return 0
        stale = stale.filter(**{f"{role}_id__in": people})
    stale.delete()
    written, rows = 0, _expected(since_model, monthly_model, role, people)
    while batch := list(islice(rows, _BATCH)):
        since_model.objects.bulk_create(batch)
        written += len(batch)
    return written


def tip_stats_since_drifted(*, role: str) -> set[int]:
    """Return the writers or clients whose since-month rows differ from their monthly rows."""
    since_model, monthly_model, measure = _TABLES[role]
    person = f"{role}_id"

    def key(person_id, website_id, since_month, amount):
        return (person_id, since_month), (website_id, amount)

    expected = dict(
        key(getattr(row, person), row.website_id, row.since_month, getattr(row, measure))
        for row in _expected(since_model, monthly_model, role, None)
    )
    stored = dict(
        key(*row)
        for row in since_model.objects.values_list(person, "website_id", "since_month", measure)
    )
    return {
        group[0]
        for group in expected.keys() | stored.keys()
        if expected.get(group) != stored.get(group)
    }
