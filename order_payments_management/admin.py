"""Django admin of wallets, the ledger (read-only), payments, discounts and their usages.

Balances, ledger rows, payment amounts and usages change only through the services, so the
admin shows them read-only; a wallet is credited or debited through the API, which writes
the ledger row.
"""

from django import forms
from django.contrib import admin

from order_payments_management.models import (
    Discount,
    DiscountUsage,
    OrderPayment,
    Wallet,
    WalletTransaction,
)


class _ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written only by the services: visible, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class WalletTransactionInline(admin.TabularInline):
    model = WalletTransaction
    fields = ("created_at", "kind", "amount", "balance_after", "reason", "payment", "created_by")
    readonly_fields = fields
    ordering = ("-created_at", "-id")
    extra = 0
    max_num = 0
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("payment", "created_by")


@admin.register(Wallet)
class WalletAdmin(_ReadOnlyAdmin):
    list_display = ("id", "user", "website", "balance", "created_at", "updated_at")
    list_filter = ("website", "user__role")
    search_fields = ("user__username", "user__email")
    list_select_related = ("user", "website")
    readonly_fields = ("website", "user", "balance", "created_at", "updated_at")
    inlines = (WalletTransactionInline,)


@admin.register(WalletTransaction)
class WalletTransactionAdmin(_ReadOnlyAdmin):
    list_display = (
        "id",
        "wallet",
        "kind",
        "amount",
        "balance_after",
        "reason",
        "payment",
        "created_by",
        "created_at",
    )
    list_filter = ("kind", "wallet__website", "created_at")
    search_fields = (
        "wallet__user__username",
        "wallet__user__email",
        "reason",
        "reference",
        "payment__reference",
    )
    list_select_related = ("wallet__user", "payment", "created_by")
    date_hierarchy = "created_at"


@admin.register(OrderPayment)
class OrderPaymentAdmin(_ReadOnlyAdmin):
    list_display = (
        "reference",
        "website",
        "client",
        "payment_type",
        "order",
        "method",
        "status",
        "original_amount",
        "discount_amount",
        "amount",
        "created_at",
    )
    list_filter = ("status", "payment_type", "method", "website", "created_at")
    search_fields = (
        "reference",
        "external_reference",
        "client__username",
        "client__email",
        "order__order_number",
    )
    list_select_related = ("website", "client", "order")
    date_hierarchy = "created_at"


class DiscountAdminForm(forms.ModelForm):
    class Meta:
        model = Discount
        fields = (
            "website",
            "code",
            "description",
            "discount_type",
            "value",
            "max_uses",
            "per_user_limit",
            "valid_from",
            "valid_until",
            "min_order_value",
            "origin",
            "is_active",
        )

    def clean_code(self) -> str:
        # Upper-case before the unique-per-website check runs, as the API does.
        return self.cleaned_data["code"].strip().upper()


@admin.register(Discount)
class DiscountAdmin(admin.ModelAdmin):
    form = DiscountAdminForm
    list_display = (
        "code",
        "website",
        "discount_type",
        "value",
        "used_count",
        "max_uses",
        "per_user_limit",
        "valid_from",
        "valid_until",
        "origin",
        "is_active",
    )
    list_filter = ("is_active", "discount_type", "origin", "website")
    search_fields = ("code", "description")
    list_select_related = ("website",)
    autocomplete_fields = ("website",)
    raw_id_fields = ("created_by",)
    readonly_fields = ("used_count", "created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        # A used code is kept for its usages and payments; deactivate it instead.
        if obj is not None and obj.used_count > 0:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(DiscountUsage)
class DiscountUsageAdmin(_ReadOnlyAdmin):
    list_display = ("id", "discount", "user", "payment", "order", "applied_amount", "used_at")
    list_filter = ("discount__website", "used_at")
    search_fields = ("discount__code", "user__username", "user__email", "payment__reference")
    list_select_related = ("discount", "user", "payment", "order")
    date_hierarchy = "used_at"
