"""The statements a request sends itself: what a write's query budget counts.

Every statement Django sends while the block runs is recorded, the transaction's after-commit
callbacks included, except those of Celery tasks: with a broker a worker runs them, and the
test settings only run them in process (eagerly). The tasks that ran are listed apart, so a
test can check the deferred work was queued rather than dropped.
"""

import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

from celery.signals import task_postrun, task_prerun
from django.db import connection


@dataclass
class RequestQueries:
    statements: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.statements)

    def listing(self) -> str:
        return "\n".join(f"{n:3} {sql[:160]}" for n, sql in enumerate(self.statements, 1))


@contextmanager
def request_queries():
    captured = RequestQueries()
    in_task = threading.local()

    def task_started(sender=None, **kwargs):
        in_task.depth = getattr(in_task, "depth", 0) + 1
        captured.tasks.append(sender.name)

    def task_ended(sender=None, **kwargs):
        in_task.depth -= 1

    def record(execute, sql, params, many, context):
        if not getattr(in_task, "depth", 0):
            captured.statements.append(sql)
        return execute(sql, params, many, context)

    task_prerun.connect(task_started, weak=False)
    task_postrun.connect(task_ended, weak=False)
    try:
        with connection.execute_wrapper(record):
            yield captured
    finally:
        task_prerun.disconnect(task_started)
        task_postrun.disconnect(task_ended)
