"""FilterSets of the loyalty lists."""

import django_filters
from django.utils import timezone

from core.filters import LocalDateRangeFilterSet
from loyalty_management.models import (
    LoyaltyTransaction,
    LoyaltyTransactionKind,
    RedemptionCategory,
    RedemptionItem,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)


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


class RedemptionRequestFilter(LocalDateRangeFilterSet):
    date_field = "requested_at"
    status = django_filters.ChoiceFilter(choices=RedemptionStatus.choices)
    redemption_type = django_filters.ChoiceFilter(
        field_name="item__redemption_type", choices=RedemptionType.choices
    )
    item = django_filters.NumberFilter(field_name="item_id", help_text="An item id.")
    client = django_filters.NumberFilter(field_name="client_id", help_text="A client's user id.")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        help_text="Admins: pending requests past their review SLA (true) or within it (false).",
    )
    ordering = django_filters.OrderingFilter(
        fields=(("requested_at", "requested_at"), ("id", "id")),
        help_text="`requested_at` (oldest first: the review queue) or `-requested_at`.",
    )

    class Meta:
        model = RedemptionRequest
        fields = ("status", "redemption_type", "item", "client", "date_from", "date_to")

    def filter_overdue(self, queryset, name, value):
        pending = queryset.filter(status=RedemptionStatus.PENDING)
        if value:
            return pending.filter(sla_due_at__lt=timezone.now())
        return pending.filter(sla_due_at__gte=timezone.now())


class LoyaltyTransactionFilter(LocalDateRangeFilterSet):
    kind = django_filters.ChoiceFilter(choices=LoyaltyTransactionKind.choices)
    client = django_filters.NumberFilter(
        field_name="account__client_id", help_text="A client's user id (admins)."
    )

    class Meta:
        model = LoyaltyTransaction
        fields = ("kind", "client", "date_from", "date_to")
