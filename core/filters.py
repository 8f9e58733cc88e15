"""List filters: the filter backend every list uses, and the one `date_from` / `date_to` filter.

`date_from` / `date_to` are inclusive local days, each row's on its website's calendar.
"""

from datetime import date

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.exceptions import ValidationError

from core.numbers import ASCII_NUMBER_MESSAGE, is_ascii_decimal
from core.reporting import (
    DATE_MAX,
    DATE_MIN,
    check_date_order,
    on_websites_local_days,
)

DATE_FROM_HELP = (
    "First day included (YYYY-MM-DD, 1900-01-01 to 2999-12-31), a calendar day of the "
    "website's time zone (`reporting_time_zone` of the website). After `date_to`: 400."
)
DATE_TO_HELP = (
    "Last day included (YYYY-MM-DD, 1900-01-01 to 2999-12-31), a calendar day of the "
    "website's time zone (`reporting_time_zone` of the website)."
)
DATE_FORMAT_MESSAGE = "Date has wrong format. Use one of these formats instead: YYYY-MM-DD."
DATE_RANGE_MESSAGE = f"Enter a date between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}."


BOOLEAN_MESSAGE = "Must be true or false."
NUMBER_FIELDS = (forms.IntegerField, forms.DecimalField, forms.FloatField, forms.ModelChoiceField)


def _query_value_errors(form: forms.Form, data) -> dict[str, list[str]]:
    """Return what django-filter would read wrongly instead of refusing, per parameter.

    A number written in other digits than ASCII (`int("١٢")` is 12; a filter by id would match
    row 12), and a boolean its widget cannot read (which the filter silently ignores).
    """
    errors = {}
    for name, field in form.fields.items():
        values = [value for value in data.getlist(name) if value != ""]
        if isinstance(field, NUMBER_FIELDS) and not all(map(is_ascii_decimal, values)):
            errors[name] = [ASCII_NUMBER_MESSAGE]
        elif isinstance(field, forms.NullBooleanField) and any(
            field.widget.value_from_datadict({name: value}, {}, name) is None for value in values
        ):
            errors[name] = [BOOLEAN_MESSAGE]
    return errors


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing (400) the query values django-filter would misread."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        errors = _query_value_errors(filterset.form, filterset.data)
        if errors:
            raise ValidationError(errors)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset.qs


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

    def to_python(self, value):
        # strptime's %Y reads any script's digits ("\u0662\u0660\u0662\u0665-01-01" is 2025).
        if isinstance(value, str) and not value.isascii():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class LocalDateFilter(django_filters.DateFilter):
    field_class = LocalDateField


class LocalDateRangeForm(forms.Form):
    """Refuse `date_from` after `date_to`, naming `date_from`."""

    def clean(self) -> dict:
        cleaned = super().clean()
        check_date_order(cleaned.get("date_from"), cleaned.get("date_to"))
        return cleaned


class LocalDateRangeFilterSet(django_filters.FilterSet):
    """Base of the lists that take `date_from` / `date_to` on the instant column `date_field`.

    Both ends are inclusive local days of the row's website (its own time zone, else the
    deployment's): a row matches when `day_start(date_from) <= date_field < day_end(date_to)`
    on that calendar. The website is the queryset's `website_id_field`; an admin's rows are all
    their website's. The date order check runs whatever form a subclass's `Meta` names.
    """

    date_field = "created_at"
    date_from = LocalDateFilter(method="filter_date_from", help_text=DATE_FROM_HELP)
    date_to = LocalDateFilter(method="filter_date_to", help_text=DATE_TO_HELP)

    def get_form_class(self) -> type[forms.Form]:
        form_class = super().get_form_class()
        if issubclass(form_class, LocalDateRangeForm):
            return form_class
        return type(form_class.__name__, (LocalDateRangeForm, form_class), {})

    def _on_days(self, queryset: QuerySet, date_from: date | None, date_to: date | None):
        user = getattr(self.request, "user", None)
        website_id = None
        if user is not None and not getattr(user, "is_superadmin", False):
            website_id = getattr(user, "website_id", None)
        website_field = getattr(queryset, "website_id_field", "website_id")
        return queryset.filter(
            on_websites_local_days(
                self.date_field,
                date_from,
                date_to,
                website_field=website_field,
                website_id=website_id,
            )
        )

    def filter_date_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return self._on_days(queryset, value, None)

    def filter_date_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return self._on_days(queryset, None, value)
