"""The rules the outbox keeps (see `core.invariants`)."""

from core.invariants import Invariant

INVARIANTS = (
    Invariant(
        "webhook delivery of an event to another website's endpoint",
        """
            SELECT d.id, e.website_id, p.website_id
            FROM {webhooks.WebhookDelivery} d
            JOIN {webhooks.WebhookEvent} e ON e.id = d.event_id
            JOIN {webhooks.WebhookEndpoint} p ON p.id = d.endpoint_id
            WHERE e.website_id <> p.website_id
            """,
    ),
    Invariant(
        "tip event whose split does not add up to the tip",
        """
            SELECT id, payload FROM {webhooks.WebhookEvent}
            WHERE type LIKE 'tip.%'
              AND CAST(payload->>'writer_earning' AS NUMERIC)
                  + CAST(payload->>'platform_profit' AS NUMERIC)
                  <> CAST(payload->>'tip_amount' AS NUMERIC)
            """,
    ),
)
