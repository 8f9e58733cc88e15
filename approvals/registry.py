"""Who runs an approved adjustment: each owning app registers the service of its kinds.

The owning apps sit above this one, so they register (in their `AppConfig.ready()`) instead of
being imported: a wallet credit is run by the payments app, a points award by loyalty, a tip
refund by the tips app. An executor takes the locked `PendingAdjustment`, calls the original
service (joining the approval's transaction) and returns what it made, for the adjustment's
`result`.
"""

from collections.abc import Callable

_executors: dict[str, Callable] = {}


def executor_register(kind: str, run: Callable) -> None:
    _executors[kind] = run


def executor_for(kind: str) -> Callable:
    try:
        return _executors[kind]
    except KeyError:
        raise LookupError(f"No app runs adjustments of kind {kind!r}.") from None
