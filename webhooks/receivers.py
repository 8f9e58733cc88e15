"""Store each event `core.outbox` emits; after the commit, have the wanted ones dispatched."""

import logging

from django.core.cache import cache

from core.transactions import on_commit_once
from webhooks.services import event_store
from webhooks.tasks import events_dispatch_task

logger = logging.getLogger(__name__)

# Many commits in a second queue one dispatch: the first one's task takes the others' events.
_DISPATCH_QUEUED_KEY = "webhooks:dispatch-queued"
_DISPATCH_QUEUED_SECONDS = 1


def _dispatch_soon() -> None:
    if not cache.add(_DISPATCH_QUEUED_KEY, 1, _DISPATCH_QUEUED_SECONDS):
        return
    try:
        events_dispatch_task.delay()
    except Exception:  # the broker is down: the periodic dispatch picks the events up
        logger.warning("Could not queue the webhook dispatch; the periodic one will send it")


def event_emitted_receiver(sender, event, **kwargs) -> int:
    row = event_store(event)
    if row.dispatched_at is None:
        on_commit_once("webhooks.dispatch", _dispatch_soon)
    return row.pk
