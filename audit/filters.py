import django_filters

from audit.models import AuditEntry, AuditSource
from core.filters import LocalDateRangeFilterSet


class AuditEntryFilter(LocalDateRangeFilterSet):
    actor_id = django_filters.NumberFilter(help_text="Entries of this user's actions.")
    object_type = django_filters.CharFilter(
        help_text="`<app>.<model>`, e.g. `order_payments_management.wallet`."
    )
    object_id = django_filters.CharFilter(help_text="With `object_type`: one object's history.")
    action = django_filters.CharFilter(help_text="`<model>.<verb>`, e.g. `wallet.credit`.")
    source = django_filters.ChoiceFilter(choices=AuditSource.choices)

    class Meta:
        model = AuditEntry
        fields = ("actor_id", "object_type", "object_id", "action", "source")
