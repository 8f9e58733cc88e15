"""Reporting time zones: local calendar days and the instants that bound them.

The deployment has one reporting time zone, `settings.REPORTING_TIME_ZONE`; a website may set
its own (`websites.Website.time_zone`), and then every report, date filter, trend bucket,
rollup day and due date of that website follows its own calendar. Which websites have their own
zone is asked of the resolver the websites app registers (`website_zones_resolver_set`): this
module sits below every app and names none.

A range of local days `[date_from, date_to]` includes both ends; as instants it is
`[day_start(date_from), day_end(date_to))`. The instants are returned in UTC, so subtracting or
comparing them measures real time even across a daylight saving change.

Rows of several websites are read through `on_websites_local_days` and `local_date`: each row is
placed on its own website's calendar in one query, and when no website has its own zone they
are exactly the single-zone condition and truncation.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Case, DateField, Expression, Q, When
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

# Wide enough for any report; outside it a local day cannot be turned into an instant in every
# zone (the day after 9999-12-31 does not exist).
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2999, 12, 31)

WebsiteZones = Callable[[], Mapping[int, str]]


def _no_website_zones() -> Mapping[int, str]:
    return {}


_website_zones: WebsiteZones = _no_website_zones


def website_zones_resolver_set(resolver: WebsiteZones) -> None:
    """Name the callable that returns `{website id: zone name}` for websites with their own."""
    global _website_zones
    _website_zones = resolver


def deployment_zone() -> ZoneInfo:
    """Return the deployment's reporting time zone (websites without their own follow it)."""
    return ZoneInfo(settings.REPORTING_TIME_ZONE)


def website_zones() -> dict[int, str]:
    """Return `{website id: zone name}` for the websites whose zone differs from the deployment's."""
    default = settings.REPORTING_TIME_ZONE
    return {pk: name for pk, name in _website_zones().items() if name and name != default}


def reporting_zone(website_id: int | None = None) -> ZoneInfo:
    """Return the reporting zone of `website_id` (the deployment's for None or no own zone)."""
    if website_id is not None:
        name = website_zones().get(website_id)
        if name:
            return ZoneInfo(name)
    return deployment_zone()


def reporting_today(website_id: int | None = None) -> date:
    """Return today's date in the reporting zone of `website_id` (the deployment's for None)."""
    return local_day(timezone.now(), zone=reporting_zone(website_id))


def local_day(moment: datetime, *, zone: ZoneInfo | None = None) -> date:
    """Return the local calendar day an aware instant falls on (in the deployment's zone)."""
    return moment.astimezone(zone or deployment_zone()).date()


def day_start(day: date, *, zone: ZoneInfo | None = None) -> datetime:
    """Return the instant a local calendar day begins (in the deployment's zone by default)."""
    # A midnight skipped by a daylight saving change resolves to the offset before it: the very
    # instant the clocks jump, which is when the day begins.
    return datetime.combine(day, time.min, tzinfo=zone or deployment_zone()).astimezone(UTC)


def day_end(day: date, *, zone: ZoneInfo | None = None) -> datetime:
    """Return the instant the next local day begins: the exclusive end of `day`."""
    return day_start(day + timedelta(days=1), zone=zone)


def on_local_days(
    field: str, date_from: date | None, date_to: date | None, *, zone: ZoneInfo | None = None
) -> Q:
    """Rows whose instant `field` falls on the local days `[date_from, date_to]` (open at None)."""
    condition = Q()
    if date_from is not None:
        condition &= Q(**{f"{field}__gte": day_start(date_from, zone=zone)})
    if date_to is not None:
        condition &= Q(**{f"{field}__lt": day_end(date_to, zone=zone)})
    return condition


def _zone_groups() -> tuple[list[int], dict[str, list[int]]]:
    """The websites with their own zone, and those websites per zone name."""
    own = website_zones()
    groups: dict[str, list[int]] = defaultdict(list)
    for website_id, name in sorted(own.items()):
        groups[name].append(website_id)
    return sorted(own), dict(groups)


def on_websites_local_days(
    field: str,
    date_from: date | None,
    date_to: date | None,
    *,
    website_field: str = "website_id",
    website_id: int | None = None,
) -> Q:
    """Like `on_local_days`, each row on the calendar of its website (`website_field`).

    With `website_id` (rows of that one website) the condition is that website's alone.
    """
    if website_id is not None:
        return on_local_days(field, date_from, date_to, zone=reporting_zone(website_id))
    condition = on_local_days(field, date_from, date_to)
    if not condition:
        return condition
    own, groups = _zone_groups()
    if not own:
        return condition
    condition = ~Q(**{f"{website_field}__in": own}) & condition
    for name, ids in groups.items():
        condition |= Q(**{f"{website_field}__in": ids}) & on_local_days(
            field, date_from, date_to, zone=ZoneInfo(name)
        )
    return condition


def before_local_today(
    field: str, *, website_field: str = "website_id", website_id: int | None = None
) -> Q:
    """Rows whose date column `field` is before today, each on its website's calendar."""
    if website_id is not None:
        return Q(**{f"{field}__lt": reporting_today(website_id)})
    now = timezone.now()
    condition = Q(**{f"{field}__lt": local_day(now)})
    own, groups = _zone_groups()
    if not own:
        return condition
    condition = ~Q(**{f"{website_field}__in": own}) & condition
    for name, ids in groups.items():
        condition |= Q(
            **{f"{website_field}__in": ids, f"{field}__lt": local_day(now, zone=ZoneInfo(name))}
        )
    return condition


def _truncate(field: str, kind: str, zone: ZoneInfo) -> Expression:
    if kind == "month":
        return TruncMonth(field, tzinfo=zone, output_field=DateField())
    return TruncDate(field, tzinfo=zone)


def local_date(
    field: str,
    *,
    kind: str = "day",
    website_field: str = "website_id",
    website_id: int | None = None,
) -> Expression:
    """The local day (`kind="day"`) or month's first day (`"month"`) of the instant `field`.

    Each row is truncated on the calendar of its website (`website_field`), or of `website_id`
    when the rows are that one website's.
    """
    if website_id is not None:
        return _truncate(field, kind, reporting_zone(website_id))
    default = _truncate(field, kind, deployment_zone())
    own, groups = _zone_groups()
    if not own:
        return default
    whens = [
        When(Q(**{f"{website_field}__in": ids}), then=_truncate(field, kind, ZoneInfo(name)))
        for name, ids in groups.items()
    ]
    return Case(*whens, default=default, output_field=DateField())


DATE_ORDER_MESSAGE = "date_from must be on or before date_to."


def check_date_order(date_from: date | None, date_to: date | None) -> None:
    """Refuse `date_from` after `date_to`, naming `date_from` (a form or a serializer shows it)."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError({"date_from": [DATE_ORDER_MESSAGE]}, code="invalid")
