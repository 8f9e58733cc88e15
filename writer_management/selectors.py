"""Reads: the tip split, a writer's percentage, earnings by local month, levels and profiles."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    Count,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from core.fields import percentage_field
from core.money import ZERO, split_by_percentage, to_cents
from core.reporting import local_date
from writer_management.models import (
    DEFAULT_WRITER_PERCENTAGE,
    Tip,
    TipPaymentStatus,
    TipSettings,
    WriterLevel,
    WriterProfile,
)


def tip_split(*, tip_amount: Decimal, writer_percentage: Decimal) -> tuple[Decimal, Decimal]:
    """Return (writer_earning, platform_profit) of a tip.

    The writer's share is rounded half up to cents and the platform keeps exactly the rest, so
    the two always add up to the tip and neither is negative for 0 ≤ percentage ≤ 100.
    """
    return split_by_percentage(tip_amount, writer_percentage)


@dataclass(frozen=True)
class WriterTipShare:
    """The level a writer tips under right now and the percentage it gives them."""

    level: WriterLevel | None
    percentage: Decimal


def writer_tip_share_get(*, writer_id: int, website_id: int) -> WriterTipShare:
    """Return the writer's level and tip percentage on a website.

    A writer with a level gets its percentage (0 % included); one without gets the website's
    default (30.00 % until an admin changes the tip settings).
    """
    profile = (
        WriterProfile.objects.filter(user_id=writer_id, website_id=website_id)
        .select_related("level")
        .first()
    )
    if profile is not None and profile.level is not None:
        return WriterTipShare(level=profile.level, percentage=profile.level.tip_percentage)
    default = (
        TipSettings.objects.filter(website_id=website_id)
        .values_list("default_writer_percentage", flat=True)
        .first()
    )
    return WriterTipShare(
        level=None, percentage=default if default is not None else DEFAULT_WRITER_PERCENTAGE
    )


def writer_tip_share_of(*, writer, tip_settings: TipSettings) -> WriterTipShare:
    """`writer_tip_share_get`'s answer without a query.

    For a writer read with `select_related("writer_profile__level")` and the website's tip
    settings in hand, as a tip being sent has both.
    """
    profile = getattr(writer, "writer_profile", None)
    if profile is not None and profile.website_id == tip_settings.website_id and profile.level:
        return WriterTipShare(level=profile.level, percentage=profile.level.tip_percentage)
    return WriterTipShare(level=None, percentage=tip_settings.default_writer_percentage)


def _month_text(month) -> str:
    """`YYYY-MM` of a month's first day (SQLite returns the date as text)."""
    return month.strftime("%Y-%m") if isinstance(month, date) else str(month)[:7]


def tip_earnings_by_month(*, tips: QuerySet[Tip]) -> dict:
    """Sum what writers received per calendar month (each tip's website's), newest month first.

    Only completed tips count: a failed or pending tip paid nothing yet, and a refunded one was
    taken back. `tips` is an already scoped queryset (e.g. `Tip.objects.visible_to(writer)`).
    """
    received = tips.filter(payment_status=TipPaymentStatus.COMPLETED)
    rows = (
        received.annotate(month=local_date("sent_at", kind="month"))
        .values("month")
        .annotate(tips_count=Count("id"), amount_received=Sum("writer_earning"))
        .order_by("-month")
    )
    months = [
        {
            "month": _month_text(row["month"]),
            "tips_count": row["tips_count"],
            "amount_received": to_cents(row["amount_received"] or ZERO),
        }
        for row in rows
    ]
    return {
        "tips_count": sum(month["tips_count"] for month in months),
        "total_received": sum((month["amount_received"] for month in months), ZERO),
        "months": months,
    }


def writer_levels_with_counts(*, levels: QuerySet[WriterLevel]) -> QuerySet[WriterLevel]:
    """Annotate each level with `writers_count`, the writers on it now."""
    return levels.annotate(writers_count=Count("profiles", distinct=True))


def writer_profiles_with_tip_percentage(
    *, profiles: QuerySet[WriterProfile]
) -> QuerySet[WriterProfile]:
    """Annotate each profile with `tip_percentage`: its level's, else its website's default."""
    website_default = TipSettings.objects.filter(website_id=OuterRef("website_id")).values(
        "default_writer_percentage"
    )[:1]
    percentage = percentage_field()
    return profiles.annotate(
        tip_percentage=Coalesce(
            F("level__tip_percentage"),
            Subquery(website_default, output_field=percentage),
            Value(DEFAULT_WRITER_PERCENTAGE),
            output_field=percentage,
        )
    )
