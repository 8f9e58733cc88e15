"""Django admin of orders: read-only rows, moved only by actions that call the order services.

An order becomes paid only through its payment (order payments admin or API), and a paid order
is cancelled by refunding its payment, so neither is an order action.
"""

from django import forms
from django.contrib import admin

from accounts.models import User
from core.admin_services import (
    ReadOnlyAdminMixin,
    ServiceActionsAdmin,
    rows_apply,
    rows_apply_with_form,
)
from core.exceptions import Conflict
from orders.models import Order, OrderStatus
from orders.services import order_assign_writer, order_status_change
from websites.admin_scoping import WebsiteScopedAdmin, rows_visible_to


def _order_cancel(order: Order) -> None:
    if order.status != OrderStatus.UNPAID:
        raise Conflict(
            "Only an unpaid order is cancelled here; refund a paid order's payment instead.",
            code="order_not_unpaid",
        )
    order_status_change(order=order, status=OrderStatus.CANCELLED)


@admin.register(Order)
class OrderAdmin(ReadOnlyAdminMixin, ServiceActionsAdmin, WebsiteScopedAdmin):
    """Placed, priced and paid through the API; here orders are read and moved by actions."""

    list_display = (
        "order_number",
        "title",
        "website",
        "client",
        "writer",
        "status",
        "total_price",
        "writer_compensation",
        "created_at",
    )
    list_filter = ("status", "website", "created_at")
    search_fields = ("order_number", "title", "client__username", "writer__username")
    list_select_related = ("website", "client", "writer")
    date_hierarchy = "created_at"
    actions = ("start_selected", "complete_selected", "cancel_selected", "assign_writer")

    @admin.action(description="Start the selected paid orders", permissions=["act"])
    def start_selected(self, request, queryset):
        rows_apply(
            self,
            request,
            queryset,
            lambda order: order_status_change(order=order, status=OrderStatus.IN_PROGRESS),
            verb="started",
            noun="order",
        )

    @admin.action(description="Complete the selected orders in progress", permissions=["act"])
    def complete_selected(self, request, queryset):
        rows_apply(
            self,
            request,
            queryset,
            lambda order: order_status_change(order=order, status=OrderStatus.COMPLETED),
            verb="completed",
            noun="order",
        )

    @admin.action(description="Cancel the selected unpaid orders", permissions=["act"])
    def cancel_selected(self, request, queryset):
        rows_apply(self, request, queryset, _order_cancel, verb="cancelled", noun="order")

    @admin.action(description="Assign a writer to the selected orders", permissions=["act"])
    def assign_writer(self, request, queryset):
        writers = rows_visible_to(User, request.user).writers().filter(is_active=True)

        class WriterInput(forms.Form):
            writer = forms.ModelChoiceField(queryset=writers.select_related("website"))

        return rows_apply_with_form(
            self,
            request,
            queryset,
            lambda order, writer: order_assign_writer(order=order, writer=writer),
            form_class=WriterInput,
            verb="assigned",
            noun="order",
            title="Assign a writer",
            intro="The writer must write for the order's website; finished orders keep theirs.",
        )
