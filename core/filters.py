"""The one `date_from` / `date_to` filter of list endpoints: inclusive days of the reporting zone."""

from datetime import date

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet

from core.reporting import DATE_MAX, DATE_MIN, day_end, day_start

DATE_FROM_HELP = (
    "First day included (YYYY-MM-DD, 1900-01-01 to 2999-12-31), a calendar day of the "
    "deployment's reporting time zone. After `date_to`: 400."
)
DATE_TO_HELP = (
    "Last day included (YYYY-MM-DD, 1900-01-01 to 2999-12-31), a calendar day of the "
    "deployment's reporting time zone."
)
DATE_FORMAT_MESSAGE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
DATE_RANGE_MESSAGE = f"Enter a date between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}."
DATE_ORDER_MESSAGE = "date_from must be on or before date_to."


class LocalDateField(forms.DateField):
    """A local calendar day written `YYYY-MM-DD`, between 1900-01-01 and 2999-12-31."""

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        kwargs.setdefault("error_messages", {"invalid": DATE_FORMAT_MESSAGE})
        kwargs.setdefault(
            "validators",
            [
                MinValueValidator(DATE_MIN, message=DATE_RANGE_MESSAGE),
                MaxValueValidator(DATE_MAX, message=DATE_RANGE_MESSAGE),
            ],
        )
        super().__init__(**kwargs)


class LocalDateFilter(django_filters.DateFilter):
    field_class = LocalDateField


class LocalDateRangeForm(forms.Form):
    """Refuse `date_from` after `date_to`, naming `date_from`."""

    def clean(self) -> dict:
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_from", DATE_ORDER_MESSAGE)
        return cleaned


class LocalDateRangeFilterSet(django_filters.FilterSet):
    """Base of the lists that take `date_from` / `date_to` on the instant column `date_field`.

    Both ends are inclusive local days of `settings.REPORTING_TIME_ZONE`: a row matches when
    `day_start(date_from) <= date_field < day_end(date_to)`. The date order check runs whatever
    form a subclass's `Meta` names.
    """

    date_field = "created_at"
    date_from = LocalDateFilter(method="filter_date_from", help_text=DATE_FROM_HELP)
    date_to = LocalDateFilter(method="filter_date_to", help_text=DATE_TO_HELP)

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        if issubclass(form_class, LocalDateRangeForm):
            return form_class
        return type(form_class.__name__, (LocalDateRangeForm, form_class), {})

    def filter_date_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(**{f"{self.date_field}__gte": day_start(value)})

    def filter_date_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(**{f"{self.date_field}__lt": day_end(value)})
