"""Django admin of fine types, fines and appeals.

Fine types are added, changed and deleted through the fine type services (the same checks as
the API). Fines and appeals are read-only: amounts and statuses move only through the admin
actions (waive, void, uphold, waive on appeal), which call the fine services.
"""

from django import forms
from django.contrib import admin

from core.admin_services import (
    ReadOnlyAdminMixin,
    ServiceActionsAdmin,
    ServiceFormAdmin,
    rows_apply_with_form,
)
from fines.models import Fine, FineAppeal, FineTypeConfig
from fines.services import (
    fine_appeal_uphold,
    fine_appeal_waive,
    fine_type_create,
    fine_type_delete,
    fine_type_update,
    fine_void,
    fine_waive,
)
from websites.admin_scoping import WebsiteScopedAdmin, WebsiteScopedInline


class DecisionNoteInput(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=1000,
        help_text="Optional; the writer sees it.",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


@admin.register(FineTypeConfig)
class FineTypeConfigAdmin(ServiceFormAdmin, WebsiteScopedAdmin):
    """A type without a website is global: only superadmins add or change those."""

    list_display = (
        "code",
        "name",
        "website",
        "calculation",
        "amount",
        "percentage",
        "base_amount",
        "min_amount",
        "max_amount",
        "origin",
        "is_active",
    )
    list_filter = ("calculation", "base_amount", "origin", "is_active", "website")
    search_fields = ("code", "name", "description")
    list_select_related = ("website",)
    readonly_fields = ("origin", "created_at", "updated_at")
    fixed_after_create = ("code",)

    def service_create(self, request, data):
        fields = {name: value for name, value in data.items() if name != "website"}
        return fine_type_create(website=self.website_for_create(request, data), **fields)

    def service_update(self, request, obj, changes):
        return fine_type_update(fine_type=obj, **changes)

    def service_delete(self, request, obj):
        fine_type_delete(fine_type=obj)


class FineAppealInline(ReadOnlyAdminMixin, WebsiteScopedInline, admin.StackedInline):
    model = FineAppeal
    extra = 0
    max_num = 0
    can_delete = False
    fields = ("reason", "decision", "decision_note", "decided_by", "decided_at", "created_at")
    readonly_fields = fields


class _ReadOnlyAdmin(ReadOnlyAdminMixin, ServiceActionsAdmin, WebsiteScopedAdmin):
    """Issued by the API, moved by the actions below: never added, edited or deleted here."""


@admin.register(Fine)
class FineAdmin(_ReadOnlyAdmin):
    list_display = (
        "id",
        "website",
        "order",
        "writer",
        "fine_type",
        "amount",
        "status",
        "issued_at",
    )
    list_filter = ("status", "website", "fine_type__code")
    search_fields = ("order__order_number", "writer__username", "writer__email", "reason")
    list_select_related = ("website", "order", "writer", "fine_type")
    date_hierarchy = "issued_at"
    inlines = (FineAppealInline,)
    actions = ("waive_selected", "void_selected")

    @admin.action(description="Waive the selected issued or appealed fines", permissions=["act"])
    def waive_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda fine, note: fine_waive(fine=fine, waived_by=request.user, note=note),
            form_class=DecisionNoteInput,
            verb="waived",
            noun="fine",
            title="Waive fines",
            intro="Waived fines no longer reduce the writers' pay; a pending appeal is granted.",
        )

    @admin.action(description="Void the selected issued fines", permissions=["act"])
    def void_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda fine, note: fine_void(fine=fine, voided_by=request.user, note=note),
            form_class=DecisionNoteInput,
            verb="voided",
            noun="fine",
            title="Void fines",
            intro="Voided fines should never have been issued; they no longer reduce any pay.",
        )


@admin.register(FineAppeal)
class FineAppealAdmin(_ReadOnlyAdmin):
    list_display = ("id", "fine", "decision", "decided_by", "decided_at", "created_at")
    list_filter = ("decision", "fine__website")
    search_fields = (
        "reason",
        "decision_note",
        "fine__order__order_number",
        "fine__writer__username",
    )
    list_select_related = ("fine", "decided_by")
    actions = ("uphold_selected", "waive_selected")

    @admin.action(description="Uphold the fines of the selected appeals", permissions=["act"])
    def uphold_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda appeal, note: fine_appeal_uphold(
                appeal=appeal, decided_by=request.user, note=note
            ),
            form_class=DecisionNoteInput,
            verb="upheld",
            noun="appeal",
            title="Uphold fines",
            intro="The appeals are refused: the fines stand and keep reducing the writers' pay.",
        )

    @admin.action(description="Grant the selected appeals (waive the fines)", permissions=["act"])
    def waive_selected(self, request, queryset):
        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda appeal, note: fine_appeal_waive(
                appeal=appeal, decided_by=request.user, note=note
            ),
            form_class=DecisionNoteInput,
            verb="granted",
            noun="appeal",
            title="Grant appeals",
            intro="The appeals are granted: the fines are waived and no longer reduce any pay.",
        )
