"""Django admin of the loyalty program.

Balances, the ledger and badges earned are read-only here: points move only through the
services (the API). The program (settings, tiers, badges, milestones) and the catalog are
written through the program and catalog services, with the same checks as the API; stock and
redemption counts are read-only. Redemption requests are approved, rejected, fulfilled and
cancelled with the bulk actions, which call the same services as the API.
"""

from django import forms
from django.contrib import admin

from core.admin_services import (
    ServiceActionsAdmin,
    ServiceFormAdmin,
    rows_apply,
    rows_apply_with_form,
)
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
    loyalty_badge_create,
    loyalty_badge_delete,
    loyalty_badge_update,
    loyalty_milestone_create,
    loyalty_milestone_delete,
    loyalty_milestone_update,
    loyalty_settings_update,
    loyalty_tier_create,
    loyalty_tier_delete,
    loyalty_tier_update,
    redemption_approve,
    redemption_cancel,
    redemption_category_create,
    redemption_category_delete,
    redemption_category_update,
    redemption_fulfill,
    redemption_item_create,
    redemption_item_delete,
    redemption_item_update,
    redemption_reject,
)
from websites.admin_scoping import ReadOnlyWebsiteScopedAdmin, WebsiteScopedAdmin


class _ProgramAdmin(ServiceFormAdmin, WebsiteScopedAdmin):
    """Rows of a website's program or catalog, written through `create`, `update`, `delete`.

    The three services take the website (when creating) and the row's fields by name.
    """

    create_service = update_service = delete_service = None
    row_argument = ""

    def service_create(self, request, data):
        fields = {name: value for name, value in data.items() if name != "website"}
        return self.create_service(website=self.website_for_create(request, data), **fields)

    def service_update(self, request, obj, changes):
        return self.update_service(**{self.row_argument: obj}, **changes)

    def service_delete(self, request, obj):
        self.delete_service(**{self.row_argument: obj})


@admin.register(LoyaltySettings)
class LoyaltySettingsAdmin(ServiceFormAdmin, WebsiteScopedAdmin):
    """Created with the defaults the first time a website needs them; changed here."""

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

    def service_update(self, request, obj, changes):
        return loyalty_settings_update(website=obj.website, **changes)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoyaltyTier)
class LoyaltyTierAdmin(_ProgramAdmin):
    """Accounts follow their website's tiers: the tier services move them."""

    list_display = ("name", "website", "rank", "min_lifetime_points", "multiplier")
    list_filter = ("website",)
    search_fields = ("name", "website__name")
    list_select_related = ("website",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("website", "rank")
    create_service = staticmethod(loyalty_tier_create)
    update_service = staticmethod(loyalty_tier_update)
    delete_service = staticmethod(loyalty_tier_delete)
    row_argument = "tier"


@admin.register(LoyaltyAccount)
class LoyaltyAccountAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = (
        "client",
        "website",
        "points_balance",
        "points_held",
        "points_debt",
        "lifetime_points",
        "tier",
        "updated_at",
    )
    list_filter = ("website", "tier")
    search_fields = ("client__username", "client__email")
    list_select_related = ("client", "website", "tier")


@admin.register(LoyaltyTransaction)
class LoyaltyTransactionAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = (
        "id",
        "account",
        "kind",
        "points",
        "points_held_change",
        "balance_after",
        "held_after",
        "shortfall",
        "debt_change",
        "debt_after",
        "reason",
        "created_by",
        "created_at",
    )
    list_filter = ("kind", "website", "created_at")
    search_fields = ("account__client__username", "reason")
    list_select_related = ("account", "created_by")
    date_hierarchy = "created_at"


@admin.register(Badge)
class BadgeAdmin(_ProgramAdmin):
    list_display = ("name", "website", "icon", "is_active")
    list_filter = ("is_active", "website")
    search_fields = ("name", "description")
    list_select_related = ("website",)
    readonly_fields = ("created_at", "updated_at")
    create_service = staticmethod(loyalty_badge_create)
    update_service = staticmethod(loyalty_badge_update)
    delete_service = staticmethod(loyalty_badge_delete)
    row_argument = "badge"


@admin.register(Milestone)
class MilestoneAdmin(_ProgramAdmin):
    list_display = ("name", "website", "kind", "threshold", "badge", "bonus_points", "is_active")
    list_filter = ("kind", "is_active", "website")
    search_fields = ("name", "description", "badge__name")
    list_select_related = ("website", "badge")
    readonly_fields = ("created_at", "updated_at")
    create_service = staticmethod(loyalty_milestone_create)
    update_service = staticmethod(loyalty_milestone_update)
    delete_service = staticmethod(loyalty_milestone_delete)
    row_argument = "milestone"


@admin.register(ClientBadge)
class ClientBadgeAdmin(ReadOnlyWebsiteScopedAdmin):
    list_display = ("client", "badge", "website", "milestone", "awarded_at")
    list_filter = ("website", "badge")
    search_fields = ("client__username", "badge__name")
    list_select_related = ("client", "badge", "website", "milestone")


@admin.register(RedemptionCategory)
class RedemptionCategoryAdmin(_ProgramAdmin):
    list_display = ("name", "website", "sort_order", "is_active")
    list_filter = ("is_active", "website")
    search_fields = ("name", "description")
    list_select_related = ("website",)
    readonly_fields = ("created_at", "updated_at")
    create_service = staticmethod(redemption_category_create)
    update_service = staticmethod(redemption_category_update)
    delete_service = staticmethod(redemption_category_delete)
    row_argument = "category"


@admin.register(RedemptionItem)
class RedemptionItemAdmin(_ProgramAdmin):
    """Stock is set when an item is added; afterwards redemptions take and give it back."""

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
    fixed_after_create = ("stock_quantity",)
    create_service = staticmethod(redemption_item_create)
    update_service = staticmethod(redemption_item_update)
    delete_service = staticmethod(redemption_item_delete)
    row_argument = "item"

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "image_url":
            kwargs["assume_scheme"] = "https"  # an image address typed without a scheme
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RedemptionReasonInput(forms.Form):
    reason = forms.CharField(max_length=255, widget=forms.TextInput(attrs={"size": 80}))


class RedemptionCancelInput(forms.Form):
    reason = forms.CharField(
        required=False, max_length=255, widget=forms.TextInput(attrs={"size": 80})
    )


@admin.register(RedemptionRequest)
class RedemptionRequestAdmin(ServiceActionsAdmin, ReadOnlyWebsiteScopedAdmin):
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
    actions = ("approve_selected", "reject_selected", "fulfil_selected", "cancel_selected")

    @admin.action(description="Approve the selected pending requests", permissions=["act"])
    def approve_selected(self, request, queryset):
        rows_apply(
            self,
            request,
            queryset,
            lambda redemption: redemption_approve(redemption=redemption, approved_by=request.user),
            verb="approved",
            noun="request",
        )

    @admin.action(
        description="Reject the selected pending requests (asks for a reason)",
        permissions=["act"],
    )
    def reject_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset.select_related("client", "item"),
            lambda redemption, reason: redemption_reject(
                redemption=redemption, rejected_by=request.user, reason=reason
            ),
            form_class=RedemptionReasonInput,
            verb="rejected",
            noun="request",
            title="Reject redemption requests",
            intro=(
                "Reject these requests? Their held points and stock are released; only pending"
                " requests can be rejected."
            ),
        )

    @admin.action(description="Mark the selected approved requests delivered", permissions=["act"])
    def fulfil_selected(self, request, queryset):
        rows_apply(
            self,
            request,
            queryset,
            lambda redemption: redemption_fulfill(redemption=redemption, fulfilled_by=request.user),
            verb="fulfilled",
            noun="request",
        )

    @admin.action(
        description="Cancel the selected pending or approved requests (points go back)",
        permissions=["act"],
    )
    def cancel_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset.select_related("client", "item"),
            lambda redemption, reason: redemption_cancel(
                redemption=redemption, cancelled_by=request.user, reason=reason
            ),
            form_class=RedemptionCancelInput,
            verb="cancelled",
            noun="request",
            title="Cancel redemption requests",
            intro=(
                "Cancel these requests? Held points are released, spent points refunded, and"
                " the stock comes back; delivered requests cannot be cancelled."
            ),
        )
