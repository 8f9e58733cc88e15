"""List filters of tips, writer levels and writer profiles."""

import django_filters
from django import forms

from writer_management.models import (
    Tip,
    TipPaymentMethod,
    TipPaymentStatus,
    TipType,
    WriterLevel,
    WriterProfile,
)
from writer_management.selectors import reporting_day_end, reporting_day_start


class TipFilterForm(forms.Form):
    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_from", "date_from must be on or before date_to.")
        return cleaned


class TipFilter(django_filters.FilterSet):
    """The admin list's filters; `date_from`/`date_to` are whole days in the reporting zone."""

    tip_type = django_filters.ChoiceFilter(choices=TipType.choices)
    payment_status = django_filters.ChoiceFilter(choices=TipPaymentStatus.choices)
    payment_method = django_filters.ChoiceFilter(choices=TipPaymentMethod.choices)
    date_from = django_filters.DateFilter(
        method="filter_date_from",
        label="Sent on or after this day (YYYY-MM-DD, reporting time zone).",
    )
    date_to = django_filters.DateFilter(
        method="filter_date_to",
        label="Sent on or before this day (YYYY-MM-DD, reporting time zone), inclusive.",
    )
    order_id = django_filters.NumberFilter(field_name="order_id")
    class_bundle_id = django_filters.NumberFilter(field_name="class_bundle_id")

    class Meta:
        model = Tip
        form = TipFilterForm
        fields = (
            "tip_type",
            "payment_status",
            "payment_method",
            "date_from",
            "date_to",
            "order_id",
            "class_bundle_id",
        )

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(sent_at__gte=reporting_day_start(value))

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(sent_at__lt=reporting_day_end(value))


class WriterLevelFilter(django_filters.FilterSet):
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = WriterLevel
        fields = ("is_active",)


class WriterProfileFilter(django_filters.FilterSet):
    level_id = django_filters.NumberFilter(field_name="level_id")
    has_level = django_filters.BooleanFilter(field_name="level", lookup_expr="isnull", exclude=True)

    class Meta:
        model = WriterProfile
        fields = ("level_id", "has_level")
