"""The admin tip list: filters, one page of tips, every matching tip's totals, the CSV rows."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from tip_stats.selectors.reports import tip_list_totals
from tip_stats.selectors.scope import TipReportScope
from tip_stats.selectors.sources import tip_report_source, tips_sent_between
from writer_management.models import Tip

EXPORT_CHUNK_SIZE = 2000

# The CSV export's columns: the list's result fields, flattened.
EXPORT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("sent_at", "sent_at"),
    ("website_id", "website_id"),
    ("website_name", "website__name"),
    ("client_id", "client_id"),
    ("client_username", "client__username"),
    ("client_email", "client__email"),
    ("writer_id", "writer_id"),
    ("writer_username", "writer__username"),
    ("writer_email", "writer__email"),
    ("tip_type", "tip_type"),
    ("tip_amount", "tip_amount"),
    ("writer_earning", "writer_earning"),
    ("platform_profit", "platform_profit"),
    ("writer_percentage", "writer_percentage"),
    ("writer_level", "writer_level_name"),
    ("payment_status", "payment_status"),
    ("tip_reason", "tip_reason"),
    ("order_id", "order_id"),
    ("order_number", "order__order_number"),
    ("class_bundle_id", "class_bundle_id"),
    ("class_bundle_title", "class_bundle__title"),
)


@dataclass(frozen=True)
class TipListFilters:
    """What the admin list, its totals and the export narrow tips by (None: no condition)."""

    tip_type: str | None = None
    payment_status: str | None = None
    writer_id: int | None = None
    client_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def names_a_person(self) -> bool:
        return self.writer_id is not None or self.client_id is not None


def tips_filter(
    tips: QuerySet[Tip], filters: TipListFilters, *, website_id: int | None
) -> QuerySet[Tip]:
    """Narrow already scoped tips by the list filters, newest first.

    `website_id` names the one website the tips are of (None: several), whose days the dates are.
    """
    tips = tips_sent_between(tips, filters.date_from, filters.date_to, website_id=website_id)
    for name in ("tip_type", "payment_status", "writer_id", "client_id"):
        value = getattr(filters, name)
        if value is not None:
            tips = tips.filter(**{name: value})
    return tips.order_by("-sent_at", "-id")


def tip_list_page(
    *, scope: TipReportScope, filters: TipListFilters, limit: int, offset: int
) -> list[Tip]:
    """Return one page of the matching tips with everything a list row shows."""
    tips = tips_filter(scope.tips(), filters, website_id=scope.single_website_id).select_related(
        "client", "writer", "order", "class_bundle", "website"
    )
    return list(tips[offset : offset + limit])


def tip_export_rows(*, scope: TipReportScope, filters: TipListFilters) -> Iterator[tuple]:
    """Yield every matching tip as a tuple of `EXPORT_COLUMNS`, newest first, in chunks."""
    tips = tips_filter(scope.tips(), filters, website_id=scope.single_website_id)
    tips = tips.values_list(*(path for _, path in EXPORT_COLUMNS))
    return tips.iterator(chunk_size=EXPORT_CHUNK_SIZE)


def tip_list_get(
    *, scope: TipReportScope, filters: TipListFilters, limit: int, offset: int, today: date
) -> dict:
    """Return one page of matching tips with the count and sums of every match."""
    source = tip_report_source(scope, writer_id=filters.writer_id, client_id=filters.client_id)
    totals = tip_list_totals(source=source, filters=filters, today=today)
    page = tip_list_page(scope=scope, filters=filters, limit=limit, offset=offset)
    return {"count": totals["count"], "results": page, "summary": totals["summary"]}
