"""Heavy reads on a PostgreSQL replica; writes, and every read that must see one, on the primary.

With `DATABASE_REPLICA_URLS` empty (the default) every query goes to the primary, as if this
module did not exist. With replicas configured:

- A view opts its heavy reads in (`ReplicaReadsMixin`: list pages, admin reports, exports and
  analytics, after authentication, which always reads the primary so that a deactivated user
  is refused at once).
- Such a request reads a replica only if it has not written, and if its user has not written
  in the last `READ_YOUR_WRITES_SECONDS` (read-your-writes): a request that writes leaves a
  mark in the shared cache, read with the token's revocation mark in one round trip
  (`accounts.authentication`), so every web node sees it.
- A replica is used only while its measured replay lag is at most `REPLICA_MAX_LAG_SECONDS`
  and it answers (`core.replica_health`); otherwise the primary serves and the skip is
  logged. A replica that fails in the middle of a request has the request served again by
  the primary.
- Everything that runs outside a request (Celery tasks, commands) reads the primary.
"""

import logging
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

from core.replica_health import healthy_replica, replica_mark_down

logger = logging.getLogger(__name__)


@dataclass
class RequestRouting:
    """Where one request's reads go, and why."""

    wrote: bool = False
    recent_writer: bool = False  # its user wrote within READ_YOUR_WRITES_SECONDS
    replica: str | None = None  # the replica its heavy reads go to, once chosen


_routing: ContextVar[RequestRouting | None] = ContextVar("request_routing", default=None)


def replicas_configured() -> bool:
    return bool(getattr(settings, "DATABASE_REPLICAS", ()))


def read_your_writes_key(user_id) -> str:
    return f"db:wrote:{user_id}"


def routing_begin() -> object:
    """Start a request's routing (the middleware); returns the token `routing_end` takes."""
    return _routing.set(RequestRouting())


def routing_end(token: object) -> RequestRouting | None:
    state = _routing.get()
    _routing.reset(token)
    return state


def routing_recent_write_seen(seen: bool) -> None:
    """Record whether the caller wrote within the read-your-writes window (authentication)."""
    state = _routing.get()
    if state is not None and seen:
        state.recent_writer = True


def replica_reads_begin() -> str | None:
    """Send this request's reads from now on to a replica when that is safe; return its alias."""
    state = _routing.get()
    if state is None or not replicas_configured():
        return None
    if state.wrote or state.recent_writer:
        return None
    state.replica = healthy_replica()
    return state.replica


def replica_reads_abandon() -> str | None:
    """Send the rest of the request to the primary; return the replica it was reading."""
    state = _routing.get()
    if state is None or state.replica is None:
        return None
    alias, state.replica = state.replica, None
    return alias


def replica_in_use() -> str | None:
    state = _routing.get()
    if state is None or state.wrote:
        return None
    return state.replica


class PrimaryReplicaRouter:
    """Route a request's heavy reads to its chosen replica; everything else to the primary."""

    def db_for_read(self, model, **hints):
        # Explicitly the primary otherwise: without an answer Django would follow the hinted
        # instance, which may have been read from a replica.
        return replica_in_use() or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        state = _routing.get()
        if state is not None:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def replica_failed(error: BaseException, alias: str) -> bool:
    """Whether `error` is the replica `alias` failing (not answering, or gone mid-query)."""
    if not isinstance(error, OperationalError | InterfaceError):
        return False
    connection = connections[alias]
    return connection.connection is None or not connection.is_usable()


class ReplicaReadsMixin:
    """For DRF views: the actions in `replica_actions` read a replica (see the module doc).

    Listed by action name for viewsets (`list`, `analytics`, ...) or by method for plain views
    (`get`). A replica that fails during the action has the action run again on the primary,
    which is safe because an action that has written never reads a replica.
    """

    replica_actions: frozenset[str] = frozenset({"list"})

    def _reads_replica(self, request) -> bool:
        if request.method not in ("GET", "HEAD"):
            return False
        name = getattr(self, "action", None) or request.method.lower()
        return name in self.replica_actions

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self._reads_replica(request):
            replica_reads_begin()

    def handle_exception(self, exc):
        alias = replica_in_use()
        if alias is not None and replica_failed(exc, alias):
            replica_reads_abandon()
            replica_mark_down(alias, exc)
            logger.warning("Replica %s failed during a read; the primary serves it", alias)
            handler = getattr(self, self.request.method.lower())
            try:
                return handler(self.request, *self.args, **self.kwargs)
            except Exception as error:  # the primary's own answer, errors included
                return super().handle_exception(error)
        return super().handle_exception(exc)


class RequestRoutingMiddleware:
    """Give each request its routing; leave a read-your-writes mark when it wrote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = routing_begin()
        try:
            response = self.get_response(request)
        finally:
            state = routing_end(token)
        if state is not None and state.wrote and replicas_configured():
            user_id = getattr(getattr(request, "user", None), "pk", None)
            if user_id is not None:
                cache.set(
                    read_your_writes_key(user_id), 1, timeout=settings.READ_YOUR_WRITES_SECONDS
                )
        return response
