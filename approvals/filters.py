import django_filters

from approvals.models import AdjustmentKind, AdjustmentStatus, PendingAdjustment


class PendingAdjustmentFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AdjustmentStatus.choices)
    kind = django_filters.ChoiceFilter(choices=AdjustmentKind.choices)

    class Meta:
        model = PendingAdjustment
        fields = ("status", "kind")
