from celery import shared_task


@shared_task(name="core.ping")
def ping_task() -> str:
    """Answer 'pong': proves a worker receives tasks and returns results."""
    return "pong"
