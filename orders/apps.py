from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = "Orders"

    def ready(self) -> None:
        from core.counts import counted_model
        from orders.models import Order

        # Its list pages count through the cache (core.counts): large, and written row by row.
        counted_model(Order)
