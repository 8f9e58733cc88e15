"""Small helpers the hardening suites share: the live schema, requests, and rolled-back savepoints."""

import functools
import uuid
from contextlib import contextmanager
from urllib.parse import urlencode

from django.db import transaction
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@functools.cache
def schema() -> dict:
    """The OpenAPI schema exactly as the service publishes it."""
    return SchemaGenerator().get_schema(request=None, public=True)


def schema_operations() -> set[str]:
    """Every operation of the schema as "METHOD /path/template/"."""
    return {
        f"{method.upper()} {path}"
        for path, item in schema()["paths"].items()
        for method in METHODS
        if method in item
    }


def operation(key: str) -> dict:
    method, path = key.split(" ", 1)
    return schema()["paths"][path][method.lower()]


def query_parameters(key: str) -> list[tuple[str, list | None]]:
    """The documented query parameters of an operation: (name, enum values or None)."""
    found = []
    for parameter in operation(key).get("parameters", []):
        if parameter["in"] != "query":
            continue
        enum = _enum(parameter.get("schema", {}))
        found.append((parameter["name"], enum))
    return found


def _enum(definition: dict) -> list | None:
    if "enum" in definition:
        return [value for value in definition["enum"] if value not in (None, "")]
    if "$ref" in definition:
        name = definition["$ref"].rsplit("/", 1)[-1]
        return _enum(schema()["components"]["schemas"][name])
    for combined in ("allOf", "oneOf", "anyOf"):
        for part in definition.get(combined, []):
            values = _enum(part)
            if values:
                return values
    return None


def call(client, method: str, path: str, *, body=None, query=None, headers=None):
    """Send one request; every POST carries a fresh Idempotency-Key."""
    if query:
        path = f"{path}?{urlencode(query, doseq=True)}"
    extra = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}
    if method == "POST" and "HTTP_IDEMPOTENCY_KEY" not in extra:
        extra["HTTP_IDEMPOTENCY_KEY"] = str(uuid.uuid4())
    send = getattr(client, method.lower())
    if method == "GET":
        return send(path, **extra)
    return send(path, data=body if body is not None else {}, format="json", **extra)


@contextmanager
def rolled_back():
    """Run the block in a savepoint and roll it back, whatever the block did."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
