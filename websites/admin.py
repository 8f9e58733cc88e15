from django.contrib import admin

from websites.models import Website


@admin.register(Website)
class WebsiteAdmin(admin.ModelAdmin):
    list_display = ("name", "domain", "slug", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "domain", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")
    ordering = ("id",)
