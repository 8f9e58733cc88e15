"""Celery entry points of the outbox: dispatch events, send deliveries, prune old events."""

from celery import shared_task

from webhooks.services import (
    deliveries_send,
    endpoints_with_due_deliveries,
    events_dispatch,
    events_prune,
)


@shared_task(name="webhooks.events_dispatch_task")
def events_dispatch_task() -> int:
    """Fan out undispatched events, then send to each endpoint that got deliveries."""
    endpoints = events_dispatch()
    for endpoint_id in sorted(endpoints):
        deliveries_send_task.delay(endpoint_id)
    return len(endpoints)


@shared_task(name="webhooks.deliveries_send_task")
def deliveries_send_task(endpoint_id: int) -> int:
    return deliveries_send(endpoint_id)


@shared_task(name="webhooks.deliveries_due_task")
def deliveries_due_task() -> int:
    """The periodic sweep: a send for every endpoint with a delivery whose time has come."""
    endpoints = endpoints_with_due_deliveries()
    for endpoint_id in endpoints:
        deliveries_send_task.delay(endpoint_id)
    return len(endpoints)


@shared_task(name="webhooks.events_prune_task")
def events_prune_task() -> int:
    return events_prune()
