"""Transactions: work that waits for the commit once per key, and writes that join the caller's.

`transaction.on_commit` runs every callback it is given; a write that touches many rows of one
kind (many tips of one website's day) wants its follow-up once. `on_commit_once` registers the
callback as usual and, when the transaction's callbacks run, runs only the first one of each
key. Deciding at run time, not when registering, keeps it right when a transaction or a
savepoint rolls back: Django drops those callbacks, and nothing of ours remembers them.
"""

import functools
from collections.abc import Callable, Hashable

from django.db import DEFAULT_DB_ALIAS, transaction

_BATCH_ATTRIBUTE = "_on_commit_once_batch"


class _Batch:
    """The keys whose callbacks ran among one transaction's on-commit callbacks."""

    def __init__(self) -> None:
        self.ran: set[Hashable] = set()


def on_commit_once(
    key: Hashable, callback: Callable[[], None], *, using: str | None = None
) -> None:
    """Run `callback` once the current transaction commits, unless one of `key` already ran.

    Outside a transaction it runs at once, as `transaction.on_commit` does. A callback that
    raises is logged by Django and does not stop the others (`robust=True`).
    """
    alias = using or DEFAULT_DB_ALIAS
    connection = transaction.get_connection(alias)
    if not connection.in_atomic_block:
        callback()
        return
    batch = getattr(connection, _BATCH_ATTRIBUTE, None)
    if batch is None:
        batch = _Batch()
        setattr(connection, _BATCH_ATTRIBUTE, batch)

    def run_once() -> None:
        if getattr(connection, _BATCH_ATTRIBUTE, None) is batch:
            delattr(connection, _BATCH_ATTRIBUTE)  # the next transaction starts its own batch
        if key in batch.ran:
            return
        batch.ran.add(key)
        callback()

    transaction.on_commit(run_once, using=alias, robust=True)


def atomic_joined(func: Callable) -> Callable:
    """Run `func` in the caller's transaction when there is one, else in a transaction of its own.

    For writes that refuse before they write (a short balance, a bad amount): an error leaves
    nothing of theirs to undo, so the savepoint `transaction.atomic` would open inside the
    caller's transaction is two round trips for nothing on every money move. Unlike
    `atomic(savepoint=False)`, a refusal does not doom the caller's transaction either: a caller
    that catches it carries on.
    """

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if transaction.get_connection().in_atomic_block:
            return func(*args, **kwargs)
        with transaction.atomic():
            return func(*args, **kwargs)

    return wrapper
