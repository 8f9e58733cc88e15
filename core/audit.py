"""The audit trail of admin hands: one append-only row per admin or superadmin write.

Three doors change money, points, stock, settings, levels, roles and statuses: the API, the Django
admin and management commands. Each opens an `AuditScope` (who, from where, which request) and
records, inside the transaction of the change, one entry per changed object: the action, the
object, and the fields that changed with their values before and after.

- API: `AuditedWritesMixin` (on every website-scoped viewset and every admin write view) opens
  the scope for admins and superadmins and wraps the handler, so the entry is written in the
  handler's transaction, or, for an idempotent POST, in the transaction the idempotency key
  stores the response in (`write_pending`). A replayed response changed nothing and writes none.
- Django admin: `websites.admin_scoping` and `core.admin_services` record adds, changes,
  deletions and each row an action moves.
- Commands: `command_scope(name)` around what a command changes.

The rows themselves belong to the `audit` app: `core` sends `audit_entry_ready` and the app's
receiver inserts the row in the same transaction. No receiver means no audit log, which is an
error, never a silent loss.

Values are JSON (decimals and instants as strings). Secrets never reach an entry: a password or
secret field shows only that it changed (`[redacted:<fingerprint>]`), and so does personal data a
model names in `audit_redacted` (a user's name, email and username), so erasing a person leaves
nothing of them in the log.
"""

import hashlib
import hmac
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.dispatch import Signal

from core.request_context import current_request_id

# Sent with `entry` (an `AuditEntryData`) inside the transaction of the change.
audit_entry_ready = Signal()

SENSITIVE_PARTS = ("password", "secret", "token")
# Bookkeeping columns: they change on every save and say nothing an auditor asks.
SKIPPED_FIELDS = frozenset({"updated_at", "modified_at", "last_login"})
MAX_VALUE_CHARS = 2000


@dataclass
class AuditScope:
    source: str  # "api", "admin" or "command"
    actor_id: int | None = None
    actor_role: str = ""
    actor_username: str = ""
    actor_website_id: int | None = None
    command: str = ""
    request_id: str | None = None
    ip: str | None = None
    recorded: int = 0
    pending: list = field(default_factory=list)
    # Rows read before a Django admin form or deletion changes them, by (model, pk).
    snapshots: dict = field(default_factory=dict)


@dataclass(frozen=True)
class AuditEntryData:
    scope: AuditScope
    action: str
    object_type: str
    object_id: str
    object_repr: str
    website_id: int | None
    before: dict
    after: dict


_scope: ContextVar[AuditScope | None] = ContextVar("audit_scope", default=None)


def current_scope() -> AuditScope | None:
    return _scope.get()


def is_audited_actor(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_staff_role", False))


def scope_for_user(user, *, source: str, ip: str | None = None) -> AuditScope:
    return AuditScope(
        source=source,
        actor_id=user.pk,
        actor_role=getattr(user, "role", ""),
        actor_username=user.get_username(),
        actor_website_id=getattr(user, "website_id", None),
        request_id=current_request_id(),
        ip=ip,
    )


def scope_enter(scope: AuditScope):
    """Make `scope` current; return the token `scope_leave` takes (for a request's two halves)."""
    return _scope.set(scope)


def scope_leave(token) -> None:
    _scope.reset(token)


@contextmanager
def opened(scope: AuditScope) -> Iterator[AuditScope]:
    token = scope_enter(scope)
    try:
        yield scope
    finally:
        scope_leave(token)


@contextmanager
def command_scope(command: str) -> Iterator[AuditScope]:
    """Audit what a management command changes, with the command as the actor."""
    with opened(AuditScope(source="command", command=command)) as scope:
        yield scope


MAX_ROW_ID = 2**63 - 1


def row_id(value) -> int | None:
    """An id named in a path or a body, when it can name a row (ASCII digits, within bigint)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) < 20:
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ROW_ID else None


# Snapshots ---------------------------------------------------------------------------------------


def _json_value(value):
    value = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    if isinstance(value, str) and len(value) > MAX_VALUE_CHARS:
        return value[:MAX_VALUE_CHARS] + "…"
    return value


def _redacted(value) -> str | None:
    # Keyed, so a fingerprint cannot be matched against guessed emails or names.
    if value in (None, ""):
        return value
    digest = hmac.new(settings.SECRET_KEY.encode(), str(value).encode(), hashlib.sha256)
    return "[redacted:" + digest.hexdigest()[:12] + "]"


def _is_sensitive(name: str) -> bool:
    return any(part in name for part in SENSITIVE_PARTS)


def audited_fields(model: type[models.Model]) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname not in SKIPPED_FIELDS and not getattr(f, "audit_skip", False)
    ]


def snapshot(model: type[models.Model], lookup: dict) -> dict | None:
    """The row's audited fields as JSON values, read now (None when there is no such row).

    A model whose rows own child rows that an operation rewrites (a bundle's installment
    schedule) names them in `audit_children = {"relation": ("field", ...)}`: each relation is
    one more value, the list of its rows' fields in id order.
    """
    names = audited_fields(model)
    using = router.db_for_write(model)
    row = model._base_manager.using(using).filter(**lookup).values(*names).first()
    if row is None:
        return None
    personal = set(getattr(model, "audit_redacted", ()))
    values = {
        name: _redacted(value) if _is_sensitive(name) or name in personal else _json_value(value)
        for name, value in row.items()
    }
    for relation, fields in getattr(model, "audit_children", {}).items():
        related = model._meta.get_field(relation)
        children = related.related_model._base_manager.using(using).filter(
            **{related.field.name: row["id"]}
        )
        values[relation] = _json_value(list(children.order_by("pk").values(*fields)))
    return values


def changed(before: dict | None, after: dict | None) -> tuple[dict, dict]:
    """The fields whose values differ, as (before, after).

    A new row has no before (every set field is "after"), a deleted one no after.
    """
    before, after = before or {}, after or {}
    if not before:
        return {}, {k: v for k, v in after.items() if v not in (None, "")}
    if not after:
        return before, {}
    names = [name for name in after if before.get(name) != after[name]]
    return {n: before.get(n) for n in names}, {n: after[n] for n in names}


def object_type_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def website_of(model: type[models.Model], values: dict) -> int | None:
    """The website a row belongs to: its own `website_id`, or itself for a website."""
    if model._meta.label_lower == "websites.website":
        return values.get("id")
    website_id = values.get("website_id")
    if website_id is not None:
        return website_id
    # A row that reaches its website through another (an appeal through its fine): the path its
    # tenancy queryset uses.
    path = getattr(model._default_manager._queryset_class, "website_id_field", None)
    if path and path != "website_id" and values.get("id") is not None:
        return model._base_manager.filter(pk=values["id"]).values_list(path, flat=True).first()
    return None


# Recording ---------------------------------------------------------------------------------------


class Target:
    """The one object an operation changes, read before it and again after it.

    `lookup` finds the row (`{"pk": 5}`, or `{"website_id": 3}` for a website's settings row
    that the operation may create). Reading before and after inside one scope gives the diff.
    """

    def __init__(self, model: type[models.Model], lookup: dict, *, created: bool = False):
        self.model = model
        self.lookup = lookup
        self.before = None if created else snapshot(model, lookup)

    def record(self, action: str, *, scope: AuditScope | None = None) -> bool:
        after = snapshot(self.model, self.lookup)
        return record_change(action, self.model, before=self.before, after=after, scope=scope)


def record_change(
    action: str,
    model: type[models.Model],
    *,
    before: dict | None,
    after: dict | None,
    scope: AuditScope | None = None,
    object_repr: str = "",
) -> bool:
    """Write one entry for one object's change in the current transaction; False outside a scope.

    An object that neither existed before nor after changed nothing and writes no entry.
    """
    scope = scope or current_scope()
    if scope is None or (before is None and after is None):
        return False
    values = after or before
    old, new = changed(before, after)
    entry = AuditEntryData(
        scope=scope,
        action=action,
        object_type=object_type_of(model),
        object_id=str(values.get("id", "")),
        # A model whose rows are people names no one in the log (`audit_redacted`).
        object_repr="" if getattr(model, "audit_redacted", ()) else object_repr[:200],
        website_id=website_of(model, values) or scope.actor_website_id,
        before=old,
        after=new,
    )
    connection = transaction.get_connection(router.db_for_write(model))
    if not connection.in_atomic_block:
        raise ImproperlyConfigured("An audit entry must be written in the change's transaction.")
    if not audit_entry_ready.send(sender=AuditEntryData, entry=entry):
        raise ImproperlyConfigured("No audit log is installed (the `audit` app is missing).")
    scope.recorded += 1
    return True


def write_pending(response) -> None:
    """Inside the handler's transaction: record what the scope's pending targets became.

    Called by `AuditedWritesMixin` and by `core.idempotency` for idempotent handlers, once the
    handler answered 2xx and before the transaction commits.
    """
    scope = current_scope()
    if scope is None or not scope.pending:
        return
    pending, scope.pending = scope.pending, []
    for resolve in pending:
        resolve(response)
