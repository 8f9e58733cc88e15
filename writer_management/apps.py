from django.apps import AppConfig


class WriterManagementConfig(AppConfig):
    name = "writer_management"
    verbose_name = "Writer management"

    def ready(self) -> None:
        from core.counts import counted_model
        from writer_management.models import Tip

        # Its list pages count through the cache (core.counts): large, and written row by row.
        counted_model(Tip)
