"""Django admin of class bundles and their installments.

Prices, deposits, the schedule and every paid flag are read-only here: bundles are priced and
scheduled through the API and paid by their clients, so un-ticking a paid installment can never
charge a client twice. A bundle's title, course and writer are changed through
`class_bundle_update`; it is activated or cancelled by admin actions calling the services.
"""

from django.contrib import admin

from class_management.models import ClassBundle, ClassInstallment
from class_management.services import (
    class_bundle_activate,
    class_bundle_cancel,
    class_bundle_update,
)
from core.admin_services import ReadOnlyAdminMixin, ServiceFormAdmin, rows_apply
from websites.admin_scoping import WebsiteScopedAdmin, WebsiteScopedInline

INSTALLMENT_FIELDS = (
    "installment_number",
    "amount",
    "due_date",
    "is_paid",
    "is_overdue",
    "paid_at",
    "paid_by",
    "payment_record",
)


class ClassInstallmentInline(ReadOnlyAdminMixin, WebsiteScopedInline, admin.TabularInline):
    model = ClassInstallment
    fields = INSTALLMENT_FIELDS
    readonly_fields = INSTALLMENT_FIELDS
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = True


@admin.register(ClassBundle)
class ClassBundleAdmin(ServiceFormAdmin, WebsiteScopedAdmin):
    list_display = (
        "id",
        "title",
        "website",
        "client",
        "assigned_writer",
        "status",
        "total_price",
        "deposit_required",
        "deposit_payment",
        "installments_enabled",
        "created_at",
    )
    list_filter = ("status", "installments_enabled", "website")
    search_fields = ("title", "course", "client__username", "client__email")
    list_select_related = ("website", "client", "assigned_writer", "deposit_payment")
    raw_id_fields = ("assigned_writer",)
    fields = (
        "website",
        "client",
        "title",
        "course",
        "assigned_writer",
        "status",
        "total_price",
        "deposit_required",
        "deposit_payment",
        "installments_enabled",
        "created_by",
        "activated_at",
        "completed_at",
        "cancelled_at",
        "created_at",
        "updated_at",
    )
    readonly_fields = (
        "client",
        "status",
        "total_price",
        "deposit_required",
        "deposit_payment",
        "installments_enabled",
        "created_by",
        "activated_at",
        "completed_at",
        "cancelled_at",
        "created_at",
        "updated_at",
    )
    inlines = (ClassInstallmentInline,)
    actions = ("activate_selected", "cancel_selected")

    def has_add_permission(self, request):
        return False  # a bundle is created with its price and plan through the API

    def has_delete_permission(self, request, obj=None):
        return False

    def service_update(self, request, obj, changes):
        return class_bundle_update(bundle=obj, **changes)

    @admin.action(description="Activate the selected draft bundles", permissions=["act"])
    def activate_selected(self, request, queryset):
        rows_apply(
            self,
            request,
            queryset,
            lambda bundle: class_bundle_activate(bundle=bundle),
            verb="activated",
            noun="bundle",
        )

    @admin.action(
        description="Cancel the selected bundles (only those with nothing paid)",
        permissions=["act"],
    )
    def cancel_selected(self, request, queryset):
        rows_apply(
            self,
            request,
            queryset,
            lambda bundle: class_bundle_cancel(bundle=bundle),
            verb="cancelled",
            noun="bundle",
        )


@admin.register(ClassInstallment)
class ClassInstallmentAdmin(ReadOnlyAdminMixin, WebsiteScopedAdmin):
    """Installments are scheduled and paid through the API: read-only here."""

    list_display = (
        "id",
        "bundle",
        "installment_number",
        "amount",
        "due_date",
        "is_paid",
        "is_overdue",
        "paid_at",
        "paid_by",
    )
    list_filter = ("is_paid", "is_overdue", "bundle__website", "due_date")
    search_fields = ("bundle__title", "bundle__client__username", "paid_by__username")
    list_select_related = ("bundle", "paid_by")
