from django.apps import AppConfig


class OrderPaymentsManagementConfig(AppConfig):
    name = "order_payments_management"
    verbose_name = "Order payments"

    def ready(self) -> None:
        from core.counts import counted_model
        from order_payments_management import receivers  # noqa: F401  (connects the receivers)
        from order_payments_management.models import OrderPayment, WalletTransaction

        # Their list pages count through the cache (core.counts): large, and written row by row.
        for model in (OrderPayment, WalletTransaction):
            counted_model(model)
