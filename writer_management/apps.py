from django.apps import AppConfig


class WriterManagementConfig(AppConfig):
    name = "writer_management"
    verbose_name = "Writer management"

    def ready(self) -> None:
        from accounts.signals import user_erased
        from approvals.models import AdjustmentKind
        from approvals.registry import executor_register
        from core.counts import counted_model
        from writer_management import receivers
        from writer_management.models import Tip
        from writer_management.services import adjustments

        executor_register(AdjustmentKind.TIP_REFUND, adjustments.tip_refund_approved)

        user_erased.connect(receivers.user_erased_receiver, dispatch_uid="tips_user_erased")

        # Its list pages count through the cache (core.counts): large, and written row by row.
        counted_model(Tip)
