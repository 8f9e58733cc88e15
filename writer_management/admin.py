from django.contrib import admin

from writer_management.models import Tip, TipSettings, WriterLevel, WriterProfile


@admin.register(WriterLevel)
class WriterLevelAdmin(admin.ModelAdmin):
    list_display = ("name", "website", "tip_percentage", "display_order", "is_active", "updated_at")
    list_filter = ("is_active", "website")
    search_fields = ("name", "website__name")
    list_select_related = ("website",)
    autocomplete_fields = ("website",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("website", "display_order", "name")


@admin.register(WriterProfile)
class WriterProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "pen_name", "website", "level", "updated_at")
    list_filter = ("website", "level")
    search_fields = ("user__username", "user__email", "pen_name")
    list_select_related = ("user", "website", "level")
    raw_id_fields = ("user", "level")
    autocomplete_fields = ("website",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(TipSettings)
class TipSettingsAdmin(admin.ModelAdmin):
    list_display = (
        "website",
        "default_writer_percentage",
        "min_tip_amount",
        "max_tip_amount",
        "updated_at",
    )
    list_filter = ("website",)
    search_fields = ("website__name", "website__slug")
    list_select_related = ("website",)
    autocomplete_fields = ("website",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    """Tips move money, so they are read-only here: create, pay and refund through the API."""

    list_display = (
        "id",
        "website",
        "client",
        "writer",
        "tip_type",
        "tip_amount",
        "writer_percentage",
        "writer_earning",
        "platform_profit",
        "payment_method",
        "payment_status",
        "sent_at",
    )
    list_filter = ("payment_status", "tip_type", "payment_method", "website", "sent_at")
    search_fields = (
        "client__username",
        "writer__username",
        "tip_reason",
        "payment__reference",
        "writer_level_name",
    )
    list_select_related = ("website", "client", "writer")
    date_hierarchy = "sent_at"
    ordering = ("-sent_at", "-id")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
