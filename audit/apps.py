from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log"

    def ready(self) -> None:
        # Imported here: the receiver writes a model, which needs the app registry.
        from audit import receivers
        from audit.models import AuditEntry
        from core.audit import audit_entry_ready
        from core.counts import counted_model

        audit_entry_ready.connect(receivers.audit_entry_write, dispatch_uid="audit_entry_write")
        counted_model(AuditEntry)  # a long list, written row by row
