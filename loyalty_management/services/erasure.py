"""A client's erasure, as loyalty sees it: what still needs them, and the text they wrote."""

from django.db.models import Q

from accounts.signals import ERASED_TEXT
from loyalty_management.models import LoyaltyAccount, RedemptionRequest, RedemptionStatus

# Fulfilment details the client gave (an address, a phone) are replaced by this marker.
ERASED_DETAILS = {"erased": True}


def loyalty_erasure_blockers(*, client) -> list[tuple[str, str]]:
    reasons = []
    live = list(
        RedemptionRequest.objects.filter(
            client=client, status__in=(RedemptionStatus.PENDING, RedemptionStatus.APPROVED)
        ).values_list("pk", flat=True)[:5]
    )
    if live:
        reasons.append(
            ("pending_redemption", f"redemption {', '.join(map(str, live))} is not delivered")
        )
    if LoyaltyAccount.objects.filter(client=client, points_held__gt=0).exists():
        reasons.append(("points_held", "points are held for a redemption"))
    return reasons


def loyalty_client_erase(*, client) -> int:
    """Replace the fulfilment details and the cancellation reasons the client wrote."""
    requests = RedemptionRequest.objects.filter(client=client)
    changed = requests.exclude(fulfillment_details={}).update(fulfillment_details=ERASED_DETAILS)
    changed += requests.filter(Q(cancelled_by=client) & ~Q(cancellation_reason="")).update(
        cancellation_reason=ERASED_TEXT
    )
    return changed
