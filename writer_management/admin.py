"""Django admin of writer levels, writer profiles, tip settings and tips.

Levels, profiles and settings are written through the writer services (the same checks as the
API: a profile's level belongs to the writer's website, percentages stay within 0-100). Tips
move money, so they are read-only; a manual tip is confirmed and a tip refunded by admin
actions that call the tip services.
"""

from django import forms
from django.contrib import admin

from core.admin_services import (
    ReadOnlyAdminMixin,
    ServiceActionsAdmin,
    ServiceFormAdmin,
    rows_apply_with_form,
)
from websites.admin_scoping import WebsiteScopedAdmin, sees_every_website
from writer_management.models import Tip, TipSettings, WriterLevel, WriterProfile
from writer_management.services import (
    tip_confirm_payment,
    tip_refund,
    tip_settings_update,
    writer_level_create,
    writer_level_delete,
    writer_level_update,
    writer_profile_assign_level,
    writer_profile_create,
    writer_profile_update,
)


@admin.register(WriterLevel)
class WriterLevelAdmin(ServiceFormAdmin, WebsiteScopedAdmin):
    list_display = ("name", "website", "tip_percentage", "display_order", "is_active", "updated_at")
    list_filter = ("is_active", "website")
    search_fields = ("name", "website__name")
    list_select_related = ("website",)
    autocomplete_fields = ("website",)
    readonly_fields = ("created_at", "updated_at")
    ordering = ("website", "display_order", "name")

    def service_create(self, request, data):
        fields = {name: value for name, value in data.items() if name != "website"}
        return writer_level_create(website=self.website_for_create(request, data), **fields)

    def service_update(self, request, obj, changes):
        return writer_level_update(level=obj, **changes)

    def service_delete(self, request, obj):
        writer_level_delete(level=obj)


@admin.register(WriterProfile)
class WriterProfileAdmin(ServiceFormAdmin, WebsiteScopedAdmin):
    """A profile is on its writer's website, and its level must be one of that website's."""

    list_display = ("user", "pen_name", "website", "level", "updated_at")
    list_filter = ("website", "level")
    search_fields = ("user__username", "user__email", "pen_name")
    list_select_related = ("user", "website", "level")
    raw_id_fields = ("user",)
    fields = ("user", "website", "level", "pen_name", "created_at", "updated_at")
    readonly_fields = ("website", "created_at", "updated_at")
    fixed_after_create = ("user",)
    error_fields = {"writer_id": "user", "level_id": "level"}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "level" and sees_every_website(request.user):
            field.queryset = field.queryset.select_related("website")
            field.label_from_instance = lambda level: f"{level.website}: {level}"
        return field

    def service_create(self, request, data):
        level = data.get("level")
        return writer_profile_create(
            writer=data["user"],
            level_id=level.pk if level else None,
            pen_name=data.get("pen_name", ""),
        )

    def service_update(self, request, obj, changes):
        profile = obj
        if "pen_name" in changes:
            profile = writer_profile_update(profile=profile, pen_name=changes["pen_name"])
        if "level" in changes:
            level = changes["level"]
            profile = writer_profile_assign_level(
                profile=profile, level_id=level.pk if level else None
            )
        return profile

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TipSettings)
class TipSettingsAdmin(ServiceFormAdmin, WebsiteScopedAdmin):
    """Created with the defaults the first time a website needs them; changed here."""

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
    readonly_fields = ("created_at", "updated_at")

    def service_update(self, request, obj, changes):
        return tip_settings_update(website=obj.website, **changes)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TipReferenceInput(forms.Form):
    reference = forms.CharField(
        max_length=120,
        help_text="The reference of the off-platform payment (bank transfer, receipt).",
        widget=forms.TextInput(attrs={"size": 60}),
    )


class TipRefundInput(forms.Form):
    reason = forms.CharField(max_length=255, widget=forms.TextInput(attrs={"size": 80}))


@admin.register(Tip)
class TipAdmin(ReadOnlyAdminMixin, ServiceActionsAdmin, WebsiteScopedAdmin):
    """Tips move money, so they are read-only here: confirm and refund with the actions."""

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
    actions = ("confirm_selected", "refund_selected")

    @admin.action(
        description="Confirm the selected pending manual tips (asks for the reference)",
        permissions=["act"],
    )
    def confirm_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda tip, reference: tip_confirm_payment(
                tip=tip, confirmed_by=request.user, reference=reference
            ),
            form_class=TipReferenceInput,
            verb="confirmed",
            noun="tip",
            title="Confirm tips",
            intro="Confirm that these manual tips were paid; their writers are credited.",
        )

    @admin.action(
        description="Refund the selected completed tips (asks for a reason)", permissions=["act"]
    )
    def refund_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda tip, reason: tip_refund(tip=tip, refunded_by=request.user, reason=reason),
            form_class=TipRefundInput,
            verb="refunded",
            noun="tip",
            title="Refund tips",
            intro=(
                "Refund these tips to the clients' wallets; each writer gives their share back."
            ),
        )
