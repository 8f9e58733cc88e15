"""Where the report numbers come from: the rollup tables, or the tip rows themselves.

Both sources answer the same questions with the same shapes, so every report is assembled once
(`tip_stats.selectors.reports`) and the two can be compared number for number:
`TipRollupSource` is what the endpoints read; `TipRowSource` aggregates the tip rows on the fly
and is the reference the tests and the benchmark hold the rollups to.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections, router
from django.db.models import Count, F, Q, QuerySet, Sum, Value

from core.money import ZERO, to_cents
from core.reporting import local_date, on_websites_local_days, reporting_today
from tip_stats.models import (
    TipAmountDailyStat,
    TipAmountMonthlyStat,
    TipClientMonthlyStat,
    TipClientSinceStat,
    TipDailyStat,
    TipDayTotalStat,
    TipMonthlyStat,
    TipTotalStat,
    TipWriterMonthlyStat,
    TipWriterSinceStat,
)
from tip_stats.selectors.periods import month_start, range_by_month, since_horizon
from tip_stats.selectors.scope import TipReportScope
from writer_management.models import TipPaymentStatus

# The dimensions a report may group by; `day` is only kept by the daily rollup.
DIMENSIONS = ("month", "day", "tip_type", "payment_status", "writer_level_name")

# The top lists add up the exact sums of this many people first (at least), then four times as
# many each time the bounds do not yet prove the ranking (`TipRollupSource.top`).
TOP_FIRST_FACTOR = 4
TOP_FIRST_PEOPLE = 40
TOP_GROWTH = 4

SOURCE_ROLLUPS = "rollups"
SOURCE_TIPS = "tips"


@dataclass
class Totals:
    """A count of tips and the sums of their amounts, shares and percentages."""

    tip_count: int = 0
    total_amount: Decimal = ZERO
    total_writer_earning: Decimal = ZERO
    total_platform_profit: Decimal = ZERO
    total_writer_percentage: Decimal = ZERO

    def add(self, other: "Totals", sign: int = 1) -> "Totals":
        self.tip_count += sign * other.tip_count
        self.total_amount += sign * other.total_amount
        self.total_writer_earning += sign * other.total_writer_earning
        self.total_platform_profit += sign * other.total_platform_profit
        self.total_writer_percentage += sign * other.total_writer_percentage
        return self


@dataclass
class PersonTotals:
    """One writer's or client's tips in a period, with who they are."""

    user_id: int
    username: str
    email: str
    tip_count: int
    total_amount: Decimal
    total_writer_earning: Decimal = field(default=ZERO)


Grouped = dict[tuple, Totals]
# {(level name, tip amount): how many completed tips}
AmountCounts = dict[tuple[str, Decimal], int]


def _amount_counts(
    querysets: Iterable[QuerySet], count: Count | Sum, *, sign: int = 1
) -> AmountCounts:
    counts: AmountCounts = {}
    for queryset in querysets:
        rows = queryset.values("writer_level_name", "tip_amount").annotate(n=count).order_by()
        for row in rows:
            key = (row["writer_level_name"], _decimal(row["tip_amount"]))
            counts[key] = counts.get(key, 0) + sign * int(row["n"])
    return counts


def _decimal(value) -> Decimal:
    """Read a sum from the database: Decimal on PostgreSQL, a float or None on SQLite."""
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    # Every measure is a sum of two-place values, so the float's nearest cent is exact.
    return to_cents(Decimal(repr(value)))


def _dimension_value(name: str, value):
    if name in ("month", "day"):
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, str):
            return date.fromisoformat(value[:10])
    return value


def _totals(row: dict) -> Totals:
    return Totals(
        tip_count=int(row["s_count"] or 0),
        total_amount=_decimal(row["s_amount"]),
        total_writer_earning=_decimal(row["s_earning"]),
        total_platform_profit=_decimal(row["s_profit"]),
        total_writer_percentage=_decimal(row["s_percentage"]),
    )


def _collect(
    querysets: Iterable[QuerySet],
    dims: Sequence[str],
    measures: dict,
    *,
    taken_off: Iterable[QuerySet] = (),
) -> Grouped:
    """Run each grouped query and add its rows up per key (the dims' values, in order).

    The rows of `taken_off` are subtracted; a key left without a tip is dropped, as if it had
    never been read.
    """
    grouped: Grouped = {}
    for sign, parts in ((1, querysets), (-1, taken_off)):
        for queryset in parts:
            if not dims:
                rows = [queryset.aggregate(**measures)]
            else:
                rows = queryset.values(*dims).annotate(**measures).order_by()
            for row in rows:
                key = tuple(_dimension_value(name, row[name]) for name in dims)
                grouped.setdefault(key, Totals()).add(_totals(row), sign)
    if taken_off:
        grouped = {key: totals for key, totals in grouped.items() if totals.tip_count}
        if not dims and not grouped:
            grouped = {(): Totals()}
    return grouped


_ROLLUP_MEASURES = {
    "s_count": Sum("tip_count"),
    "s_amount": Sum("total_amount"),
    "s_earning": Sum("total_writer_earning"),
    "s_profit": Sum("total_platform_profit"),
    "s_percentage": Sum("total_writer_percentage"),
}
_TIP_MEASURES = {
    "s_count": Count("id"),
    "s_amount": Sum("tip_amount"),
    "s_earning": Sum("writer_earning"),
    "s_profit": Sum("platform_profit"),
    "s_percentage": Sum("writer_percentage"),
}


def _matching(tip_type: str | None, payment_status: str | None) -> dict:
    conditions = {}
    if tip_type is not None:
        conditions["tip_type"] = tip_type
    if payment_status is not None:
        conditions["payment_status"] = payment_status
    return conditions


def tips_sent_between(
    tips: QuerySet, date_from: date | None, date_to: date | None, *, website_id: int | None
) -> QuerySet:
    """Narrow tips to those sent on the local days `[date_from, date_to]` (open where None).

    Each tip's days are its website's (`website_id`: the tips are that one website's).
    """
    return tips.filter(on_websites_local_days("sent_at", date_from, date_to, website_id=website_id))


def _in_months(monthly: QuerySet, months: tuple[date | None, date | None]) -> QuerySet:
    """Narrow monthly rows to the months `(first, last)` (either end open at None)."""
    first, last = months
    if first is not None:
        monthly = monthly.filter(month__gte=first)
    if last is not None:
        monthly = monthly.filter(month__lte=last)
    return monthly


def _on_days(ranges: Iterable[tuple[date, date]]) -> Q:
    days = Q()
    for first_day, last_day in ranges:
        days |= Q(day__gte=first_day, day__lte=last_day)
    return days


class TipRowSource:
    """Aggregate the scope's tip rows on the fly (the reference for the rollups)."""

    def __init__(self, scope: TipReportScope, *, writer_id: int | None = None, client_id=None):
        tips = scope.tips()
        if writer_id is not None:
            tips = tips.filter(writer_id=writer_id)
        if client_id is not None:
            tips = tips.filter(client_id=client_id)
        self.tips = tips
        self.website_id = scope.single_website_id

    def grouped(
        self,
        *,
        dims: Sequence[str],
        today: date,
        date_from: date | None = None,
        date_to: date | None = None,
        tip_type: str | None = None,
        payment_status: str | None = None,
    ) -> Grouped:
        """Return the totals per combination of `dims` over the matching tips."""
        del today  # every tip row is exact; only the rollups need to know what "today" is
        tips = tips_sent_between(self.tips, date_from, date_to, website_id=self.website_id)
        tips = tips.filter(**_matching(tip_type, payment_status))
        for kind in ("month", "day"):
            if kind in dims:
                tips = tips.annotate(
                    **{kind: local_date("sent_at", kind=kind, website_id=self.website_id)}
                )
        return _collect([tips], dims, _TIP_MEASURES)

    def amounts(
        self,
        *,
        level_names: Iterable[str],
        today: date,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> AmountCounts:
        """Count the completed tips of the given level names per (level name, amount)."""
        del today
        tips = tips_sent_between(self.tips, date_from, date_to, website_id=self.website_id)
        tips = tips.filter(
            payment_status=TipPaymentStatus.COMPLETED, writer_level_name__in=list(level_names)
        )
        return _amount_counts([tips], Count("id"))

    def top(self, *, role: str, date_from: date, date_to: date, today: date, limit: int):
        """Return the `limit` writers (by share received) or clients (by amount sent)."""
        del today
        person = f"{role}_id"
        rows = (
            tips_sent_between(self.tips, date_from, date_to, website_id=self.website_id)
            .values(person_id=F(person), username=F(f"{role}__username"), email=F(f"{role}__email"))
            .annotate(
                c=Count("id"),
                a=Sum("tip_amount"),
                e=Sum("writer_earning" if role == "writer" else "tip_amount"),
            )
            .order_by("-e", "person_id")[:limit]
        )
        return [
            PersonTotals(
                user_id=row["person_id"],
                username=row["username"],
                email=row["email"],
                tip_count=row["c"],
                total_amount=_decimal(row["a"]),
                total_writer_earning=_decimal(row["e"]),
            )
            for row in rows
        ]


class TipRollupSource:
    """Read the rollup tables rather than the tip rows.

    All time comes from the all-time rows, whole months from the monthly rows and the days
    around them from the daily rows (the day totals when only days are asked for).
    """

    def __init__(self, scope: TipReportScope):
        self.scope = scope

    def grouped(
        self,
        *,
        dims: Sequence[str],
        today: date,
        date_from: date | None = None,
        date_to: date | None = None,
        tip_type: str | None = None,
        payment_status: str | None = None,
    ) -> Grouped:
        """Return the totals per combination of `dims` over the matching tips."""
        matching = _matching(tip_type, payment_status)
        daily = self.scope.narrow(TipDailyStat.objects.all()).filter(**matching)
        if "day" in dims:
            if tuple(dims) == ("day",) and not matching:
                daily = self.scope.narrow(TipDayTotalStat.objects.all())
            if date_from is not None:
                daily = daily.filter(day__gte=date_from)
            if date_to is not None:
                daily = daily.filter(day__lte=date_to)
            return _collect([daily], dims, _ROLLUP_MEASURES)
        split = range_by_month(date_from, date_to, today=today)
        if split.months == (None, None) and not split.edges and "month" not in dims:
            everything = self.scope.narrow(TipTotalStat.objects.all()).filter(**matching)
            return _collect([everything], dims, _ROLLUP_MEASURES)
        querysets = []
        if split.months is not None:
            monthly = self.scope.narrow(TipMonthlyStat.objects.all()).filter(**matching)
            querysets.append(_in_months(monthly, split.months))
        if split.edges:
            querysets.append(daily.filter(_on_days(split.edges)))
        taken_off = [daily.filter(_on_days(split.excluded))] if split.excluded else []
        return _collect(querysets, dims, _ROLLUP_MEASURES, taken_off=taken_off)

    def amounts(
        self,
        *,
        level_names: Iterable[str],
        today: date,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> AmountCounts:
        """Count the completed tips of the given level names per (level name, amount).

        Whole months from the monthly amount rows, the days around them from the daily ones
        (less the days a whole month read counts outside the range): no tip row is read.
        """
        names = {"writer_level_name__in": list(level_names)}
        monthly = self.scope.narrow(TipAmountMonthlyStat.objects.all()).filter(**names)
        daily = self.scope.narrow(TipAmountDailyStat.objects.all()).filter(**names)
        split = range_by_month(date_from, date_to, today=today)
        parts = []
        if split.months is not None:
            parts.append(_in_months(monthly, split.months))
        if split.edges:
            parts.append(daily.filter(_on_days(split.edges)))
        counts = _amount_counts(parts, Sum("tip_count"))
        if split.excluded:
            taken_off = daily.filter(_on_days(split.excluded))
            for key, n in _amount_counts([taken_off], Sum("tip_count"), sign=-1).items():
                counts[key] = counts.get(key, 0) + n
        return {key: n for key, n in counts.items() if n}

    def top(self, *, role: str, date_from: date, date_to: date, today: date, limit: int):
        """Return the `limit` writers (by share received) or clients (by amount sent).

        Whole months come from the per-person monthly rollup, the days around them from the
        tip rows; the database adds both up, ranks and keeps the first `limit`. The days around
        are read only for the people who could rank, through their own index: amounts are never
        negative, so a person's sum over every month from the range's first month on bounds
        their sum over the range. Those sums are kept per person and first month
        (`TipWriterSinceStat`, `TipClientSinceStat`) and read largest first through an index,
        so only the people with the largest bounds are read at all. The exact sums of those
        people are added up, of more people while the `limit`-th exact sum is not larger than
        the next bound. No tip row is read but those people's, so the cost follows the number
        of people ranked, not of people or tips. A range starting before the kept months
        bounds by the monthly rows instead (the sums over the months it touches).
        """
        split = range_by_month(date_from, date_to, today=today)
        if not split.edges and not split.excluded:  # whole months only: the monthly rows
            return self._top_of(role, split, people=None, limit=limit)
        bounds = self._bounds(role, split)
        examined = max(limit * TOP_FIRST_FACTOR, TOP_FIRST_PEOPLE)
        while True:
            candidates = list(bounds[: examined + 1])
            if len(candidates) <= examined:  # everyone fits in one pass: nothing to prove
                return self._top_of(role, split, people=None, limit=limit)
            people = [person for person, _bound in candidates[:examined]]
            ranked = self._top_of(role, split, people=people, limit=limit)
            next_bound = candidates[examined][1]
            if len(ranked) == limit and next_bound < ranked[-1].total_writer_earning:
                return ranked
            examined *= TOP_GROWTH

    def _bounds(self, role: str, split) -> QuerySet:
        """(person, a bound of their sum over the range), largest first."""
        writer = role == "writer"
        model = TipWriterMonthlyStat if writer else TipClientMonthlyStat
        firsts = [month_start(first) for first, _last in split.edges]
        lasts = [month_start(last) for _first, last in split.edges]
        open_start = open_end = False
        if split.months is not None:
            first, last = split.months
            open_start, open_end = first is None, last is None
            firsts += [first] if first is not None else []
            lasts += [last] if last is not None else []
        # The kept months start at the horizon of the real today: rows built earlier started at
        # an earlier horizon, so every kept person has a row for any month from it on.
        if not open_start and min(firsts) >= since_horizon(reporting_today()):
            return self._since_bounds(role, min(firsts))
        monthly = self.scope.narrow(model.objects.all())
        if not open_start:
            monthly = monthly.filter(month__gte=min(firsts))
        if not open_end:
            monthly = monthly.filter(month__lte=max(lasts))
        ranked = "total_writer_earning" if writer else "total_amount"
        return (
            monthly.values(f"{role}_id")
            .annotate(bound=Sum(ranked))
            .order_by("-bound", f"{role}_id")
            .values_list(f"{role}_id", "bound")
        )

    def _since_bounds(self, role: str, since_month: date) -> QuerySet:
        """(person, sum over every month from `since_month` on), largest first, by index.

        A website's list also reads the people whose tips span several websites (no website on
        their rows): their sum over every website bounds their sum over one. Those rows only
        name candidates; their exact sums come from the website's own rows.
        """
        model = TipWriterSinceStat if role == "writer" else TipClientSinceStat
        measure = "total_writer_earning" if role == "writer" else "total_amount"
        rows = model.objects.filter(since_month=since_month)
        return (
            (self.scope.narrow(rows) | rows.filter(website__isnull=True))
            .order_by(f"-{measure}", f"{role}_id")
            .values_list(f"{role}_id", measure)
        )

    def _top_of(self, role: str, split, *, people: list[int] | None, limit: int):
        """Rank the people (everyone when None) by their exact sums over `split`."""
        writer = role == "writer"
        person = F(f"{role}_id")
        only = {} if people is None else {f"{role}_id__in": people}
        # Rows, not groups: the database groups the union once (a second grouping per part
        # costs more than it saves).
        parts: list[QuerySet] = []
        if split.months is not None:
            model = TipWriterMonthlyStat if writer else TipClientMonthlyStat
            monthly = _in_months(
                self.scope.narrow(model.objects.all()).filter(**only), split.months
            )
            columns = {"person_id": person, "c": F("tip_count"), "a": F("total_amount")}
            if writer:
                columns["e"] = F("total_writer_earning")
            parts.append(monthly.values(**columns))
        days = [(days, 1) for days in split.edges] + [(days, -1) for days in split.excluded]
        for (first_day, last_day), sign in days:
            columns = {"person_id": person, "c": Value(sign), "a": sign * F("tip_amount")}
            if writer:
                columns["e"] = sign * F("writer_earning")
            parts.append(
                tips_sent_between(
                    self.scope.tips(),
                    first_day,
                    last_day,
                    website_id=self.scope.single_website_id,
                )
                .filter(**only)
                .values(**columns)
            )
        if not parts:
            return []
        return _top_from_parts(parts, limit=limit, rank_by="e" if writer else "a")


def _top_from_parts(parts: list[QuerySet], *, limit: int, rank_by: str) -> list[PersonTotals]:
    """Add up per-person rows of several queries; return the top `limit` by `rank_by`.

    Each part selects `person_id`, a count `c`, an amount `a` and, to rank writers, their share
    `e` (negative for the days taken off a month). For clients the ranked sum is the amount,
    returned as their `total_writer_earning`. People left without a tip are not ranked.
    """
    selects, params = [], []
    for part in parts:
        sql, part_params = part.order_by().query.sql_with_params()
        selects.append(f"SELECT * FROM ({sql}) AS part{len(selects)}")  # noqa: S608 - ORM SQL
        params.extend(part_params)
    users = get_user_model()._meta.db_table
    # The database the ORM would read the parts from (a replica for a report, when routed).
    connection = connections[router.db_for_read(get_user_model())]
    quote = connection.ops.quote_name
    # Only ORM-compiled SQL, quoted names and fixed column names go into the text; values travel
    # as parameters.
    parts_sql = " UNION ALL ".join(selects)
    ranked = (
        f"SELECT person_id, SUM(c) AS c, SUM(a) AS a, SUM({rank_by}) AS e "  # noqa: S608
        f"FROM ({parts_sql}) AS parts GROUP BY person_id HAVING SUM(c) > 0 "
        f"ORDER BY SUM({rank_by}) DESC, person_id LIMIT %s"
    )
    people = f"{quote(users)} AS people ON people.{quote('id')} = ranked.person_id"
    columns = f"people.{quote('username')}, people.{quote('email')}"
    sql = (
        f"SELECT ranked.person_id, {columns}, ranked.c, ranked.a, ranked.e "  # noqa: S608
        f"FROM ({ranked}) AS ranked JOIN {people} ORDER BY ranked.e DESC, ranked.person_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit])
        rows = cursor.fetchall()
    return [
        PersonTotals(
            user_id=person_id,
            username=username,
            email=email,
            tip_count=int(count),
            total_amount=_decimal(amount),
            total_writer_earning=_decimal(earning),
        )
        for person_id, username, email, count, amount, earning in rows
    ]


def tip_report_source(
    scope: TipReportScope, *, writer_id: int | None = None, client_id: int | None = None
) -> TipRollupSource | TipRowSource:
    """Return the source a report reads for `scope`.

    The rollups, unless the deployment sets `TIP_REPORTS_SOURCE = "tips"` (aggregate the tip
    rows on the fly). A report about one writer or client reads that person's tip rows through
    their index: the rollups do not keep every person's days.
    """
    if writer_id is not None or client_id is not None:
        return TipRowSource(scope, writer_id=writer_id, client_id=client_id)
    if getattr(settings, "TIP_REPORTS_SOURCE", SOURCE_ROLLUPS) == SOURCE_TIPS:
        return TipRowSource(scope)
    return TipRollupSource(scope)
