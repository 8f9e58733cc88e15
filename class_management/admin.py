from django.contrib import admin

from class_management.models import ClassBundle, ClassInstallment


class ClassInstallmentInline(admin.TabularInline):
    model = ClassInstallment
    extra = 0
    fields = (
        "installment_number",
        "amount",
        "due_date",
        "is_paid",
        "is_overdue",
        "paid_at",
        "paid_by",
        "payment_record",
    )
    readonly_fields = ("paid_at", "paid_by", "payment_record")
    raw_id_fields = ("paid_by", "payment_record")


@admin.register(ClassBundle)
class ClassBundleAdmin(admin.ModelAdmin):
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
    raw_id_fields = ("client", "assigned_writer", "deposit_payment", "created_by")
    readonly_fields = ("activated_at", "completed_at", "cancelled_at", "created_at", "updated_at")
    inlines = (ClassInstallmentInline,)


@admin.register(ClassInstallment)
class ClassInstallmentAdmin(admin.ModelAdmin):
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
    raw_id_fields = ("bundle", "paid_by", "payment_record")
    readonly_fields = ("created_at", "updated_at")
