from django.apps import AppConfig


class FinesConfig(AppConfig):
    name = "fines"
    verbose_name = "Fines"

    def ready(self) -> None:
        from accounts.signals import user_erased
        from fines import receivers

        user_erased.connect(receivers.user_erased_receiver, dispatch_uid="fines_user_erased")
