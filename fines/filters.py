import django_filters

from fines.models import (
    AppealDecision,
    Fine,
    FineAppeal,
    FineCalculation,
    FineStatus,
    FineTypeConfig,
    FineTypeOrigin,
)


class FineTypeConfigFilter(django_filters.FilterSet):
    code = django_filters.CharFilter()
    calculation = django_filters.ChoiceFilter(choices=FineCalculation.choices)
    origin = django_filters.ChoiceFilter(choices=FineTypeOrigin.choices)
    is_active = django_filters.BooleanFilter()
    is_global = django_filters.BooleanFilter(
        field_name="website", lookup_expr="isnull", label="Only global (true) or website (false)"
    )

    class Meta:
        model = FineTypeConfig
        fields = ("code", "calculation", "origin", "is_active", "is_global")


class FineFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=FineStatus.choices)
    order_id = django_filters.NumberFilter(field_name="order_id")
    writer_id = django_filters.NumberFilter(field_name="writer_id")
    fine_type_code = django_filters.CharFilter(field_name="fine_type__code")

    class Meta:
        model = Fine
        fields = ("status", "order_id", "writer_id", "fine_type_code")


class FineAppealFilter(django_filters.FilterSet):
    decision = django_filters.ChoiceFilter(choices=AppealDecision.choices)
    fine_id = django_filters.NumberFilter(field_name="fine_id")

    class Meta:
        model = FineAppeal
        fields = ("decision", "fine_id")
