from celery import shared_task

from core.idempotency import idempotency_keys_prune


@shared_task(name="core.ping")
def ping_task() -> str:
    """Answer 'pong': proves a worker receives tasks and returns results."""
    return "pong"


@shared_task(name="core.idempotency_keys_prune_task")
def idempotency_keys_prune_task() -> int:
    """Delete idempotency keys past their replay window."""
    return idempotency_keys_prune()
