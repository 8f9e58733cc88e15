from django.contrib import admin

from websites.admin_scoping import WebsiteScopedAdmin, sees_every_website
from websites.models import Website
from websites.services import website_time_zone_set


@admin.register(Website)
class WebsiteAdmin(WebsiteScopedAdmin):
    """Websites; anyone but a superadmin sees only their own, and neither adds nor closes one."""

    list_display = ("name", "domain", "slug", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "domain", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    ordering = ("id",)

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if sees_every_website(request.user):
            return fields
        return [*fields, "is_active"]

    def save_model(self, request, obj, form, change):
        """A changed time zone moves through the service: the tip statistics are rebuilt."""
        if not change or "time_zone" not in form.changed_data:
            super().save_model(request, obj, form, change)
            return
        zone = obj.time_zone
        obj.time_zone = form.initial.get("time_zone", "")
        super().save_model(request, obj, form, change)
        website_time_zone_set(website=obj, time_zone=zone)

    def has_add_permission(self, request):
        return sees_every_website(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return sees_every_website(request.user) and super().has_delete_permission(request, obj)
