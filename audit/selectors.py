"""Reads of the audit log."""

import json
from collections.abc import Iterator

from django.db.models import QuerySet

EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "created_at",
    "website_id",
    "source",
    "actor_id",
    "actor_role",
    "actor_username",
    "command",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "request_id",
    "ip",
)


def actor_username_for(reader, *, actor_role: str, actor_username: str) -> str | None:
    """A superadmin's username is shown to superadmins only (an admin sees the role)."""
    if actor_role == "superadmin" and not reader.is_superadmin:
        return None
    return actor_username


def audit_export_rows(entries: QuerySet, *, reader) -> Iterator[tuple]:
    """The entries as export rows, newest first, read in chunks (constant memory)."""
    for row in entries.order_by("-id").values_list(*EXPORT_COLUMNS).iterator(chunk_size=2000):
        values = dict(zip(EXPORT_COLUMNS, row, strict=True))
        values["actor_username"] = actor_username_for(
            reader, actor_role=values["actor_role"], actor_username=values["actor_username"]
        )
        values["before"] = json.dumps(values["before"], sort_keys=True)
        values["after"] = json.dumps(values["after"], sort_keys=True)
        yield tuple(values.values())
