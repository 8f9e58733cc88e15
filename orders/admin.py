from django.contrib import admin

from orders.models import Order


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
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
    raw_id_fields = ("client", "writer")
    autocomplete_fields = ("website",)
    readonly_fields = ("created_at", "updated_at")
    date_hierarchy = "created_at"
