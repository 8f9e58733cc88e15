"""FilterSets of the loyalty lists; dates are calendar days in the reporting time zone."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import django_filters
from django.conf import settings

from loyalty_management.models import (
    LoyaltyTransaction,
    LoyaltyTransactionKind,
    RedemptionCategory,
    RedemptionItem,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)


def _day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(settings.REPORTING_TIME_ZONE))


class _DateRangeFilterSet(django_filters.FilterSet):
    """`date_from` / `date_to` (inclusive) on the FilterSet's `date_field`."""

    date_field = "created_at"
    date_from = django_filters.DateFilter(
        method="filter_date_from", help_text="From this day on (reporting time zone)."
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to", help_text="Up to and including this day (reporting time zone)."
    )

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": _day_start(value)})

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lt": _day_start(value + timedelta(days=1))})


class RedemptionCategoryFilter(django_filters.FilterSet):
    class Meta:
        model = RedemptionCategory
        fields = ("is_active",)


class RedemptionItemFilter(django_filters.FilterSet):
    category = django_filters.NumberFilter(field_name="category_id", help_text="A category id.")
    redemption_type = django_filters.ChoiceFilter(choices=RedemptionType.choices)

    class Meta:
        model = RedemptionItem
        fields = ("category", "redemption_type", "is_active")


class RedemptionRequestFilter(_DateRangeFilterSet):
    date_field = "requested_at"
    status = django_filters.ChoiceFilter(choices=RedemptionStatus.choices)
    redemption_type = django_filters.ChoiceFilter(
        field_name="item__redemption_type", choices=RedemptionType.choices
    )
    item = django_filters.NumberFilter(field_name="item_id", help_text="An item id.")
    client = django_filters.NumberFilter(field_name="client_id", help_text="A client's user id.")

    class Meta:
        model = RedemptionRequest
        fields = ("status", "redemption_type", "item", "client", "date_from", "date_to")


class LoyaltyTransactionFilter(_DateRangeFilterSet):
    kind = django_filters.ChoiceFilter(choices=LoyaltyTransactionKind.choices)
    client = django_filters.NumberFilter(
        field_name="account__client_id", help_text="A client's user id (admins)."
    )

    class Meta:
        model = LoyaltyTransaction
        fields = ("kind", "client", "date_from", "date_to")
