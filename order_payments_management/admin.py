"""Django admin of wallets, the ledger (read-only), payments, discounts and their usages.

Balances, ledger rows, payment amounts and usages change only through the services, so the
admin shows them read-only; a wallet is credited or debited through the API, which writes
the ledger row. Order payments are confirmed, cancelled and refunded by admin actions calling
the payment services; a payment of a tip or a class is moved by what it pays for. Discounts
are added, changed and deleted through the discount services.
"""

from django import forms
from django.contrib import admin

from core.admin_services import (
    ReadOnlyAdminMixin,
    ServiceActionsAdmin,
    ServiceFormAdmin,
    rows_apply,
    rows_apply_with_form,
)
from core.exceptions import Conflict
from order_payments_management.models import (
    Discount,
    DiscountUsage,
    OrderPayment,
    PaymentType,
    Wallet,
    WalletTransaction,
)
from order_payments_management.services import (
    discount_create,
    discount_delete,
    discount_update,
    order_payment_refund,
    payment_cancel,
    payment_confirm_manual,
)
from websites.admin_scoping import (
    ReadOnlyWebsiteScopedAdmin,
    WebsiteScopedAdmin,
    WebsiteScopedInline,
)


class WalletTransactionInline(ReadOnlyAdminMixin, WebsiteScopedInline, admin.TabularInline):
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
class WalletAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("id", "user", "website", "balance", "created_at", "updated_at")
    list_filter = ("website", "user__role")
    search_fields = ("user__username", "user__email")
    list_select_related = ("user", "website")
    readonly_fields = ("website", "user", "balance", "created_at", "updated_at")
    inlines = (WalletTransactionInline,)


@admin.register(WalletTransaction)
class WalletTransactionAdmin(ReadOnlyWebsiteScopedAdmin):
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


class PaymentReferenceInput(forms.Form):
    reference = forms.CharField(
        max_length=120,
        help_text="The reference of the off-platform payment (bank transfer, receipt).",
        widget=forms.TextInput(attrs={"size": 60}),
    )


class RefundReasonInput(forms.Form):
    reason = forms.CharField(max_length=255, widget=forms.TextInput(attrs={"size": 80}))


def _order_payment_only(payment: OrderPayment) -> OrderPayment:
    """Refuse a payment of a tip or a class: only what it pays for may move it."""
    if payment.payment_type != PaymentType.ORDER:
        raise Conflict(
            f"A {payment.get_payment_type_display().lower()} payment is moved by what it pays"
            " for, not here.",
            code="not_an_order_payment",
        )
    return payment


@admin.register(OrderPayment)
class OrderPaymentAdmin(ServiceActionsAdmin, ReadOnlyWebsiteScopedAdmin):
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
    actions = ("confirm_selected", "cancel_selected", "refund_selected")

    @admin.action(
        description="Confirm the selected manual order payments (asks for the reference)",
        permissions=["act"],
    )
    def confirm_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda payment, reference: payment_confirm_manual(
                payment=_order_payment_only(payment),
                confirmed_by=request.user,
                external_reference=reference,
            ),
            form_class=PaymentReferenceInput,
            verb="confirmed",
            noun="payment",
            title="Confirm payments",
            intro="Confirm that these manual payments arrived; their orders become paid.",
        )

    @admin.action(description="Cancel the selected pending order payments", permissions=["act"])
    def cancel_selected(self, request, queryset):
        rows_apply(
            self,
            request,
            queryset,
            lambda payment: payment_cancel(payment=_order_payment_only(payment)),
            verb="cancelled",
            noun="payment",
        )

    @admin.action(
        description="Refund the selected completed order payments (asks for a reason)",
        permissions=["act"],
    )
    def refund_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda payment, reason: order_payment_refund(
                payment=payment, refunded_by=request.user, reason=reason
            ),
            form_class=RefundReasonInput,
            verb="refunded",
            noun="payment",
            title="Refund payments",
            intro=(
                "Refund these payments to the clients' wallets; a paid order or one in progress"
                " is cancelled."
            ),
        )


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
class DiscountAdmin(ServiceFormAdmin, WebsiteScopedAdmin):
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
    readonly_fields = ("used_count", "created_by", "created_at", "updated_at")
    fixed_after_create = ("origin",)

    def service_create(self, request, data):
        fields = {name: value for name, value in data.items() if name != "website"}
        return discount_create(
            website=self.website_for_create(request, data), created_by=request.user, **fields
        )

    def service_update(self, request, obj, changes):
        return discount_update(discount=obj, **changes)

    def service_delete(self, request, obj):
        discount_delete(discount=obj)

    def has_delete_permission(self, request, obj=None):
        # A used code is kept for its usages and payments; deactivate it instead.
        if obj is not None and obj.used_count > 0:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(DiscountUsage)
class DiscountUsageAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("id", "discount", "user", "payment", "order", "applied_amount", "used_at")
    list_filter = ("discount__website", "used_at")
    search_fields = ("discount__code", "user__username", "user__email", "payment__reference")
    list_select_related = ("discount", "user", "payment", "order")
    date_hierarchy = "used_at"
