from django.contrib import admin

from fines.models import Fine, FineAppeal, FineTypeConfig


@admin.register(FineTypeConfig)
class FineTypeConfigAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name",
        "website",
        "calculation",
        "amount",
        "percentage",
        "base_amount",
        "min_amount",
        "max_amount",
        "origin",
        "is_active",
    )
    list_filter = ("calculation", "base_amount", "origin", "is_active", "website")
    search_fields = ("code", "name", "description")
    list_select_related = ("website",)
    readonly_fields = ("created_at", "updated_at")


class FineAppealInline(admin.StackedInline):
    model = FineAppeal
    extra = 0
    can_delete = False
    readonly_fields = ("created_at", "updated_at", "decided_at")
    raw_id_fields = ("decided_by",)


@admin.register(Fine)
class FineAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "website",
        "order",
        "writer",
        "fine_type",
        "amount",
        "status",
        "issued_at",
    )
    list_filter = ("status", "website", "fine_type__code")
    search_fields = ("order__order_number", "writer__username", "writer__email", "reason")
    list_select_related = ("website", "order", "writer", "fine_type")
    raw_id_fields = (
        "order",
        "writer",
        "fine_type",
        "issued_by",
        "appealed_by",
        "upheld_by",
        "waived_by",
        "voided_by",
    )
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "issued_at"
    inlines = (FineAppealInline,)


@admin.register(FineAppeal)
class FineAppealAdmin(admin.ModelAdmin):
    list_display = ("id", "fine", "decision", "decided_by", "decided_at", "created_at")
    list_filter = ("decision", "fine__website")
    search_fields = (
        "reason",
        "decision_note",
        "fine__order__order_number",
        "fine__writer__username",
    )
    list_select_related = ("fine", "decided_by")
    raw_id_fields = ("fine", "decided_by")
    readonly_fields = ("created_at", "updated_at")
