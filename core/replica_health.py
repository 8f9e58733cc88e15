"""Which replicas may serve reads: each one's replay lag, measured at most every few seconds.

A replica is caught up (lag 0) when it has replayed the primary's WAL position read just
before; otherwise its lag is the time since the last transaction it replayed, an upper bound
that errs towards the primary. A replica that does not answer, or is not a standby, is down
until its next check. Each process keeps its own checks (`REPLICA_CHECK_SECONDS` apart); a
replica's state changes are logged once, not on every request.
"""

import logging
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger("core.db_routing")


@dataclass(frozen=True)
class ReplicaState:
    alias: str
    usable: bool
    lag_seconds: float | None  # None when it could not be measured
    error: str = ""
    checked_at: float = 0.0  # time.monotonic()


_states: dict[str, ReplicaState] = {}
_lock = threading.Lock()


def replica_lag_measure(alias: str) -> float:
    """Return the replica's replay lag in seconds; raise if it does not answer or is no standby."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        primary_position = cursor.fetchone()[0]
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT pg_is_in_recovery(), "
            "COALESCE(pg_last_wal_replay_lsn() >= %s::pg_lsn, false), "
            "EXTRACT(EPOCH FROM clock_timestamp() - pg_last_xact_replay_timestamp())",
            [primary_position],
        )
        standby, caught_up, since_last_replay = cursor.fetchone()
    if not standby:
        raise DatabaseError(f"{alias} is not a standby (it accepts writes)")
    if caught_up:
        return 0.0
    return float(since_last_replay) if since_last_replay is not None else float("inf")


def _check(alias: str) -> ReplicaState:
    now = time.monotonic()
    try:
        lag = replica_lag_measure(alias)
    except Exception as error:  # a replica that fails is skipped, whatever the failure
        connections[alias].close()
        return ReplicaState(alias, False, None, f"{type(error).__name__}: {error}"[:300], now)
    usable = lag <= settings.REPLICA_MAX_LAG_SECONDS
    error = "" if usable else f"replay lag {lag:.1f} s over {settings.REPLICA_MAX_LAG_SECONDS} s"
    return ReplicaState(alias, usable, lag, error, now)


def _remember(state: ReplicaState) -> ReplicaState:
    with _lock:
        previous = _states.get(state.alias)
        _states[state.alias] = state
    if previous is None or previous.usable != state.usable:
        if state.usable:
            logger.info("Replica %s serves reads (lag %.2f s)", state.alias, state.lag_seconds)
        else:
            logger.warning("Replica %s skipped, the primary serves: %s", state.alias, state.error)
    return state


def replica_state(alias: str, *, fresh: bool = False) -> ReplicaState:
    """The replica's last check, or a new one when it is older than `REPLICA_CHECK_SECONDS`."""
    state = _states.get(alias)
    if (
        fresh
        or state is None
        or time.monotonic() - state.checked_at > settings.REPLICA_CHECK_SECONDS
    ):
        state = _remember(_check(alias))
    return state


def healthy_replica() -> str | None:
    """A replica that may serve reads now (one of them at random), or None for the primary."""
    usable = [alias for alias in settings.DATABASE_REPLICAS if replica_state(alias).usable]
    return random.choice(usable) if usable else None


def replica_mark_down(alias: str, error: BaseException) -> None:
    """Take a replica out until its next check (it failed during a request)."""
    connections[alias].close()
    _remember(
        ReplicaState(alias, False, None, f"{type(error).__name__}: {error}"[:300], time.monotonic())
    )


def replicas_report() -> dict[str, dict]:
    """Each replica's freshly measured state, for the readiness check and preflight."""
    report = {}
    for alias in settings.DATABASE_REPLICAS:
        started = time.monotonic()
        state = replica_state(alias, fresh=True)
        status = "ok" if state.usable else ("lagging" if state.lag_seconds is not None else "down")
        report[alias] = {
            "status": status,
            "lag_seconds": None if state.lag_seconds is None else round(state.lag_seconds, 3),
            "ms": round((time.monotonic() - started) * 1000, 1),
        }
        if state.error:
            report[alias]["error"] = state.error
    return report


def replica_states_forget() -> None:
    """Forget every replica's last check: the next read measures again."""
    with _lock:
        _states.clear()
