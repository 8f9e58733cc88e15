"""FilterSets of the wallet, ledger, payment and discount lists."""

import django_filters

from accounts.models import Role
from core.filters import LocalDateRangeFilterSet
from order_payments_management.models import (
    Discount,
    DiscountOrigin,
    DiscountType,
    OrderPayment,
    PaymentMethod,
    PaymentStatus,
    PaymentType,
    Wallet,
    WalletTransaction,
    WalletTransactionKind,
)


class WalletFilter(django_filters.FilterSet):
    user_id = django_filters.NumberFilter(field_name="user_id")
    role = django_filters.ChoiceFilter(
        field_name="user__role", choices=((Role.CLIENT, "Client"), (Role.WRITER, "Writer"))
    )

    class Meta:
        model = Wallet
        fields = ("user_id", "role")


class WalletTransactionFilter(LocalDateRangeFilterSet):
    kind = django_filters.ChoiceFilter(choices=WalletTransactionKind.choices)

    class Meta:
        model = WalletTransaction
        fields = ("kind", "date_from", "date_to")


class OrderPaymentFilter(LocalDateRangeFilterSet):
    status = django_filters.ChoiceFilter(choices=PaymentStatus.choices)
    payment_type = django_filters.ChoiceFilter(choices=PaymentType.choices)
    method = django_filters.ChoiceFilter(choices=PaymentMethod.choices)
    client_id = django_filters.NumberFilter(field_name="client_id")
    order_id = django_filters.NumberFilter(field_name="order_id")

    class Meta:
        model = OrderPayment
        fields = (
            "status",
            "payment_type",
            "method",
            "client_id",
            "order_id",
            "date_from",
            "date_to",
        )


class DiscountFilter(django_filters.FilterSet):
    is_active = django_filters.BooleanFilter()
    origin = django_filters.ChoiceFilter(choices=DiscountOrigin.choices)
    discount_type = django_filters.ChoiceFilter(choices=DiscountType.choices)

    class Meta:
        model = Discount
        fields = ("is_active", "origin", "discount_type")
