from django.apps import AppConfig


class WriterManagementConfig(AppConfig):
    name = "writer_management"
    verbose_name = "Writer management"

    def ready(self) -> None:
        from accounts.signals import user_erased
        from core.counts import counted_model
        from writer_management import receivers
        from writer_management.models import Tip

        user_erased.connect(receivers.user_erased_receiver, dispatch_uid="tips_user_erased")

        # Its list pages count through the cache (core.counts): large, and written row by row.
        counted_model(Tip)
