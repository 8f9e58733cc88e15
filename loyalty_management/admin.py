"""Django admin of the loyalty program.

Balances and the ledger are read-only here: points move only through the services (the API).
Redemption requests are decided with the bulk actions, which call the same services as the API.
"""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse

from core.exceptions import DomainError
from loyalty_management.models import (
    Badge,
    ClientBadge,
    LoyaltyAccount,
    LoyaltySettings,
    LoyaltyTier,
    LoyaltyTransaction,
    Milestone,
    RedemptionCategory,
    RedemptionItem,
    RedemptionRequest,
)
from loyalty_management.services import (
    redemption_approve,
    redemption_reject,
    tiers_reassign,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows only services write: visible, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoyaltySettings)
class LoyaltySettingsAdmin(admin.ModelAdmin):
    list_display = (
        "website",
        "points_per_currency_unit",
        "points_expiry_months",
        "is_active",
        "updated_at",
    )
    list_filter = ("is_active",)
    search_fields = ("website__name", "website__domain")
    list_select_related = ("website",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(LoyaltyTier)
class LoyaltyTierAdmin(admin.ModelAdmin):
    list_display = ("name", "website", "rank", "min_lifetime_points", "multiplier")
    list_filter = ("website",)
    search_fields = ("name", "website__name")
    list_select_related = ("website",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("website", "rank")

    # Accounts follow their website's tiers, however the tiers were changed.
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        tiers_reassign(website_id=obj.website_id)

    def delete_model(self, request, obj):
        website_id = obj.website_id
        super().delete_model(request, obj)
        tiers_reassign(website_id=website_id)

    def delete_queryset(self, request, queryset):
        website_ids = set(queryset.values_list("website_id", flat=True))
        super().delete_queryset(request, queryset)
        for website_id in website_ids:
            tiers_reassign(website_id=website_id)


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(ReadOnlyAdmin):
    list_display = (
        "client",
        "website",
        "points_balance",
        "points_held",
        "lifetime_points",
        "tier",
        "updated_at",
    )
    list_filter = ("website", "tier")
    search_fields = ("client__username", "client__email")
    list_select_related = ("client", "website", "tier")


@admin.register(LoyaltyTransaction)
class LoyaltyTransactionAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "account",
        "kind",
        "points",
        "points_held_change",
        "balance_after",
        "held_after",
        "shortfall",
        "reason",
        "created_by",
        "created_at",
    )
    list_filter = ("kind", "website", "created_at")
    search_fields = ("account__client__username", "reason")
    list_select_related = ("account", "created_by")
    date_hierarchy = "created_at"


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ("name", "website", "icon", "is_active")
    list_filter = ("is_active", "website")
    search_fields = ("name", "description")
    list_select_related = ("website",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ("name", "website", "kind", "threshold", "badge", "bonus_points", "is_active")
    list_filter = ("kind", "is_active", "website")
    search_fields = ("name", "description", "badge__name")
    list_select_related = ("website", "badge")
    readonly_fields = ("created_at", "updated_at")


@admin.register(ClientBadge)
class ClientBadgeAdmin(ReadOnlyAdmin):
    list_display = ("client", "badge", "website", "milestone", "awarded_at")
    list_filter = ("website", "badge")
    search_fields = ("client__username", "badge__name")
    list_select_related = ("client", "badge", "website", "milestone")


@admin.register(RedemptionCategory)
class RedemptionCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "website", "sort_order", "is_active")
    list_filter = ("is_active", "website")
    search_fields = ("name", "description")
    list_select_related = ("website",)
    readonly_fields = ("created_at", "updated_at")


@admin.register(RedemptionItem)
class RedemptionItemAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "website",
        "category",
        "redemption_type",
        "points_required",
        "stock_quantity",
        "total_redemptions",
        "max_per_client",
        "min_tier_level",
        "is_active",
    )
    list_filter = ("redemption_type", "is_active", "website", "category")
    search_fields = ("name", "description")
    list_select_related = ("website", "category")
    readonly_fields = ("total_redemptions", "created_at", "updated_at")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "image_url":
            kwargs["assume_scheme"] = "https"  # an image address typed without a scheme
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RedemptionRejectForm(forms.Form):
    reason = forms.CharField(max_length=255, widget=forms.TextInput(attrs={"size": 80}))


@admin.register(RedemptionRequest)
class RedemptionRequestAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "client",
        "item",
        "points_used",
        "status",
        "fulfillment_code",
        "requested_at",
        "approved_by",
        "rejected_at",
    )
    list_filter = ("status", "item__redemption_type", "website", "requested_at")
    search_fields = ("client__username", "item__name", "fulfillment_code")
    list_select_related = ("client", "item", "approved_by")
    date_hierarchy = "requested_at"
    actions = ("approve_selected", "reject_selected")

    def has_decide_permission(self, request) -> bool:
        """Deciding is changing a request, through the services only."""
        return request.user.has_perm("loyalty_management.change_redemptionrequest")

    def _decide(self, request, queryset, decide, verb: str) -> None:
        done, refused = 0, []
        for redemption in queryset.order_by("id"):
            try:
                decide(redemption)
            except DomainError as error:
                refused.append(f"#{redemption.pk}: {error.message}")
            else:
                done += 1
        if done:
            self.message_user(request, f"{done} request(s) {verb}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"Not {verb}: {line}", messages.WARNING)

    @admin.action(description="Approve the selected pending requests", permissions=["decide"])
    def approve_selected(self, request, queryset):
        self._decide(
            request,
            queryset,
            lambda redemption: redemption_approve(redemption=redemption, approved_by=request.user),
            "approved",
        )

    @admin.action(
        description="Reject the selected pending requests (asks for a reason)",
        permissions=["decide"],
    )
    def reject_selected(self, request, queryset):
        form = RedemptionRejectForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._decide(
                request,
                queryset,
                lambda redemption: redemption_reject(
                    redemption=redemption, rejected_by=request.user, reason=reason
                ),
                "rejected",
            )
            return None
        return TemplateResponse(
            request,
            "admin/loyalty_management/redemptionrequest/reject_selected.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reject redemption requests",
                "opts": self.model._meta,
                "form": form,
                "requests": queryset.select_related("client", "item"),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
