from django.apps import AppConfig


class TipStatsConfig(AppConfig):
    name = "tip_stats"
    verbose_name = "Tip statistics"

    def ready(self) -> None:
        from tip_stats import receivers  # noqa: F401  (connects the tip_changed receiver)
