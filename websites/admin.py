from django.contrib import admin

from websites.admin_scoping import WebsiteScopedAdmin, sees_every_website
from websites.models import Website


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

    def has_add_permission(self, request):
        return sees_every_website(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return sees_every_website(request.user) and super().has_delete_permission(request, obj)
