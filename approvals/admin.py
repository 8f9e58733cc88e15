"""Django admin: thresholds and adjustments, read-only (decided through the API)."""

from django.contrib import admin

from approvals.models import ApprovalSettings, PendingAdjustment
from websites.admin_scoping import ReadOnlyWebsiteScopedAdmin


@admin.register(ApprovalSettings)
class ApprovalSettingsAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("website", "money_threshold", "points_threshold", "expiry_hours")


@admin.register(PendingAdjustment)
class PendingAdjustmentAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("id", "website", "kind", "amount", "points", "status", "requested_at")
    list_filter = ("status", "kind")
