from django.apps import AppConfig


class OrderPaymentsManagementConfig(AppConfig):
    name = "order_payments_management"
    verbose_name = "Order payments"

    def ready(self) -> None:
        from order_payments_management import receivers  # noqa: F401  (connects the receivers)
