"""Write the audit row `core.audit` hands over, in the transaction of the change."""

from audit.models import AuditEntry


def audit_entry_write(sender, entry, **kwargs) -> int:
    scope = entry.scope
    row = AuditEntry.objects.create(
        website_id=entry.website_id,
        source=scope.source,
        actor_id=scope.actor_id,
        actor_role=scope.actor_role,
        actor_username=scope.actor_username,
        command=scope.command,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        object_repr=entry.object_repr,
        before=entry.before,
        after=entry.after,
        request_id=scope.request_id or "",
        ip=scope.ip or "",
    )
    return row.pk
