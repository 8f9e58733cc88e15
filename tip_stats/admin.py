"""Django admin: each website's tip statistics state (when its rollups were built), read-only."""

from django.contrib import admin

from tip_stats.models import TipStatsState
from websites.admin_scoping import ReadOnlyWebsiteScopedAdmin


@admin.register(TipStatsState)
class TipStatsStateAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("website", "time_zone", "refreshed_at", "rebuilt_at")
    list_filter = ("time_zone",)
    search_fields = ("website__name", "website__slug")
    list_select_related = ("website",)
    readonly_fields = (
        "website",
        "time_zone",
        "refreshed_at",
        "rebuilt_at",
        "created_at",
        "updated_at",
    )
