from django.apps import AppConfig


class OrderPaymentsManagementConfig(AppConfig):
    name = "order_payments_management"
    verbose_name = "Order payments"
