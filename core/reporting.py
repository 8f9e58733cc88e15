"""The deployment's one reporting time zone: local calendar days and the instants that bound them.

Every report buckets days, and every `date_from` / `date_to` query parameter is read, in
`settings.REPORTING_TIME_ZONE`. A range of local days `[date_from, date_to]` includes both ends;
as instants it is `[day_start(date_from), day_end(date_to))`. The instants are returned in UTC,
so subtracting or comparing them measures real time even across a daylight saving change.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

# Wide enough for any report; outside it a local day cannot be turned into an instant in every
# zone (the day after 9999-12-31 does not exist).
DATE_MIN, DATE_MAX = date(1900, 1, 1), date(2999, 12, 31)


def reporting_zone() -> ZoneInfo:
    """Return the deployment's reporting time zone."""
    return ZoneInfo(settings.REPORTING_TIME_ZONE)


def reporting_today() -> date:
    """Return today's date in the reporting time zone."""
    return local_day(timezone.now())


def local_day(moment: datetime) -> date:
    """Return the local calendar day an aware instant falls on."""
    return moment.astimezone(reporting_zone()).date()


def day_start(day: date) -> datetime:
    """Return the instant a local calendar day begins."""
    # A midnight skipped by a daylight saving change resolves to the offset before it: the very
    # instant the clocks jump, which is when the day begins.
    return datetime.combine(day, time.min, tzinfo=reporting_zone()).astimezone(UTC)


def day_end(day: date) -> datetime:
    """Return the instant the next local day begins: the exclusive end of `day`."""
    return day_start(day + timedelta(days=1))


def on_local_days(field: str, date_from: date | None, date_to: date | None) -> Q:
    """Rows whose instant `field` falls on the local days `[date_from, date_to]` (open at None)."""
    condition = Q()
    if date_from is not None:
        condition &= Q(**{f"{field}__gte": day_start(date_from)})
    if date_to is not None:
        condition &= Q(**{f"{field}__lt": day_end(date_to)})
    return condition


DATE_ORDER_MESSAGE = "date_from must be on or before date_to."


def check_date_order(date_from: date | None, date_to: date | None) -> None:
    """Refuse `date_from` after `date_to`, naming `date_from` (a form or a serializer shows it)."""
    if date_from is not None and date_to is not None and date_from > date_to:
        raise ValidationError({"date_from": [DATE_ORDER_MESSAGE]}, code="invalid")
