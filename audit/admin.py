"""Django admin: the audit log, read-only (the database refuses changes anyway)."""

from django.contrib import admin

from audit.models import AuditEntry
from websites.admin_scoping import ReadOnlyWebsiteScopedAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = (
        "id",
        "created_at",
        "website_id",
        "source",
        "actor_username",
        "command",
        "action",
        "object_type",
        "object_id",
    )
    list_filter = ("source", "actor_role", "object_type")
    search_fields = ("action", "object_type", "object_id", "actor_username", "request_id")
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def get_actions(self, request):
        return {}  # bulk deletion is not an action here
