"""Events out: every state change worth telling, written in the transaction of the change.

A service that changes a tip, a payment, a wallet, a redemption, points, a tier, a badge, a fine
or an installment calls `emit(...)` inside its transaction. The `webhooks` app stores the event
(its receiver of `event_emitted` inserts the outbox row), so the event exists exactly when the
change committed: a rolled-back change leaves no event, and a committed one cannot lose its
event. Delivery to the websites' endpoints happens later, from the outbox (`webhooks.tasks`).

The payload carries what the website's admins may read about the object, and never anything of
another website: an event goes only to its own website's endpoints.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, transaction
from django.dispatch import Signal

# Every type an endpoint may subscribe to, with what it means (docs/WEBHOOKS.md has payloads).
EVENT_TYPES: dict[str, str] = {
    "tip.created": "A client sent a tip (any payment method).",
    "tip.completed": "A tip's payment went through; the writer's share was credited.",
    "tip.failed": "A tip's payment failed (the wallet could not cover it).",
    "tip.refunded": "An admin refunded a tip.",
    "payment.completed": "A payment (order, tip or class) completed.",
    "payment.refunded": "A completed payment was refunded.",
    "wallet.credited": "Money was added to a wallet.",
    "wallet.debited": "Money was taken from a wallet.",
    "redemption.requested": "A client asked to redeem points for a catalog item.",
    "redemption.approved": "A redemption was approved (its points are spent).",
    "redemption.rejected": "A redemption was rejected (its points and stock returned).",
    "redemption.fulfilled": "An approved redemption was delivered.",
    "redemption.cancelled": "A redemption was cancelled (its points and stock returned).",
    "redemption.sla_breached": "A redemption waiting for review passed its website's SLA.",
    "points.earned": "A client earned points (a payment, a milestone bonus).",
    "points.redeemed": "A client's held points were spent on a redemption.",
    "points.expired": "Points expired.",
    "points.adjusted": "An admin awarded or deducted points, or a refund took earned points back.",
    "tier.changed": "A client moved to another loyalty tier.",
    "badge.awarded": "A client was awarded a badge.",
    "fine.issued": "A writer was fined.",
    "fine.appeal_decided": "A fine's appeal was decided (upheld or waived).",
    "installment.paid": "A class installment (or deposit) was paid.",
    "installment.overdue": "A class installment passed its due date unpaid.",
    "adjustment.requested": "A large manual adjustment or refund waits for a second admin.",
    "adjustment.approved": "A second admin approved an adjustment; it was executed.",
    "adjustment.rejected": "An adjustment was rejected (or withdrawn); nothing moved.",
    "adjustment.expired": "An adjustment expired undecided; nothing moved.",
}

# Sent with `event` (an `OutboxEvent`) inside the transaction of the change.
event_emitted = Signal()


class OutboxEvent:
    """One event, as the outbox receives it."""

    __slots__ = ("object_id", "object_type", "payload", "type", "website_id")

    def __init__(self, type: str, website_id: int, object_type: str, object_id, payload: dict):
        self.type = type
        self.website_id = website_id
        self.object_type = object_type
        self.object_id = str(object_id)
        self.payload = payload


def emit(
    event_type: str,
    *,
    website_id: int,
    object_type: str,
    object_id,
    payload: dict,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Write one event in the current transaction.

    Outside one it is an error: the event must commit with its change, or not at all.
    """
    if event_type not in EVENT_TYPES:
        raise ValueError(f"Unknown event type {event_type!r}.")
    if not transaction.get_connection(using).in_atomic_block:
        raise ImproperlyConfigured(f"{event_type} must be emitted inside the change's transaction.")
    event = OutboxEvent(event_type, website_id, object_type, object_id, payload)
    if not event_emitted.send(sender=OutboxEvent, event=event):
        raise ImproperlyConfigured("No outbox is installed (the `webhooks` app is missing).")


def emit_for(event_type: str, row, payload: dict, *, website_id: int | None = None) -> None:
    """`emit` about a model row: its website (unless given), `<app>.<model>` and its id."""
    emit(
        event_type,
        website_id=website_id if website_id is not None else row.website_id,
        object_type=row._meta.label_lower,
        object_id=row.pk,
        payload=payload,
    )


def row_payload(row, names: tuple[str, ...]) -> dict:
    """The named attributes of a row (ids as `<field>_id`), for an event's payload."""
    return {name: getattr(row, name) for name in names}
