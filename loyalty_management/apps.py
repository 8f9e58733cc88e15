from django.apps import AppConfig


class LoyaltyManagementConfig(AppConfig):
    name = "loyalty_management"
    verbose_name = "Loyalty management"

    def ready(self) -> None:
        # Imported here: the receivers use models, which need the app registry.
        from accounts.signals import user_erased, user_erasure_blockers
        from approvals.models import AdjustmentKind
        from approvals.registry import executor_register
        from core.counts import counted_model
        from loyalty_management import receivers
        from loyalty_management.models import LoyaltyTransaction, RedemptionRequest
        from loyalty_management.services import adjustments
        from order_payments_management.signals import payment_completed, payment_refunded

        payment_completed.connect(
            receivers.payment_completed_receiver, dispatch_uid="loyalty_points_earn"
        )
        payment_refunded.connect(
            receivers.payment_refunded_receiver, dispatch_uid="loyalty_points_refund"
        )
        executor_register(AdjustmentKind.POINTS_AWARD, adjustments.points_award_approved)
        executor_register(AdjustmentKind.POINTS_DEDUCT, adjustments.points_deduct_approved)
        user_erasure_blockers.connect(
            receivers.erasure_blockers_receiver, dispatch_uid="loyalty_erasure_blockers"
        )
        user_erased.connect(receivers.user_erased_receiver, dispatch_uid="loyalty_user_erased")
        # Their list pages count through the cache (core.counts): large, and written row by row.
        for model in (RedemptionRequest, LoyaltyTransaction):
            counted_model(model)
