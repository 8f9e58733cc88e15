"""Small steps the webhook tests share: an endpoint, a money event, a dispatch and a send."""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from order_payments_management.models import WalletTransactionKind
from order_payments_management.services import wallet_credit, wallet_get_or_create
from webhooks.models import WebhookDelivery
from webhooks.services import deliveries_send, endpoint_create, events_dispatch


def endpoint_for(website, url: str, event_types=("wallet.credited",)):
    endpoint, secret = endpoint_create(website=website, url=url, event_types=list(event_types))
    return endpoint, secret


def credit(user, amount: str = "10.00", reason: str = "Top-up"):
    wallet = wallet_get_or_create(user=user, website=user.website)
    return wallet_credit(
        wallet=wallet, amount=Decimal(amount), kind=WalletTransactionKind.TOPUP, reason=reason
    )


def send_all(endpoint) -> int:
    events_dispatch()
    return deliveries_send(endpoint.pk)


def make_due(endpoint) -> None:
    """Pretend the backoff has passed (the test does not wait minutes)."""
    WebhookDelivery.objects.filter(endpoint=endpoint, status="pending").update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
