from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        # Imported here: the receiver and the check use models, which need the app registry.
        from core.counts import counted_model
        from core.health import register_component
        from core.outbox import event_emitted
        from webhooks import receivers
        from webhooks.models import WebhookDelivery, WebhookEvent
        from webhooks.selectors import outbox_report

        event_emitted.connect(receivers.event_emitted_receiver, dispatch_uid="webhooks_outbox")
        register_component("webhooks_outbox", outbox_report)
        for model in (WebhookEvent, WebhookDelivery):
            counted_model(model)
