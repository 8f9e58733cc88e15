"""List filters of tips, writer levels and writer profiles."""

import django_filters

from core.filters import LocalDateRangeFilterSet
from writer_management.models import (
    Tip,
    TipPaymentMethod,
    TipPaymentStatus,
    TipType,
    WriterLevel,
    WriterProfile,
)


class TipFilter(LocalDateRangeFilterSet):
    """The admin list's filters; `date_from`/`date_to` are local days of the tips' `sent_at`."""

    date_field = "sent_at"
    tip_type = django_filters.ChoiceFilter(choices=TipType.choices)
    payment_status = django_filters.ChoiceFilter(choices=TipPaymentStatus.choices)
    payment_method = django_filters.ChoiceFilter(choices=TipPaymentMethod.choices)
    order_id = django_filters.NumberFilter(field_name="order_id")
    class_bundle_id = django_filters.NumberFilter(field_name="class_bundle_id")

    class Meta:
        model = Tip
        fields = (
            "tip_type",
            "payment_status",
            "payment_method",
            "date_from",
            "date_to",
            "order_id",
            "class_bundle_id",
        )


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
