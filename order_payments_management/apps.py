from django.apps import AppConfig


class OrderPaymentsManagementConfig(AppConfig):
    name = "order_payments_management"
    verbose_name = "Order payments"

    def ready(self) -> None:
        from approvals.models import AdjustmentKind
        from approvals.registry import executor_register
        from core.counts import counted_model
        from order_payments_management import receivers  # noqa: F401  (connects the receivers)
        from order_payments_management.models import OrderPayment, WalletTransaction
        from order_payments_management.services import adjustments

        executor_register(AdjustmentKind.WALLET_CREDIT, adjustments.wallet_credit_approved)
        executor_register(AdjustmentKind.WALLET_DEBIT, adjustments.wallet_debit_approved)
        executor_register(AdjustmentKind.PAYMENT_REFUND, adjustments.payment_refund_approved)

        # Their list pages count through the cache (core.counts): large, and written row by row.
        for model in (OrderPayment, WalletTransaction):
            counted_model(model)
