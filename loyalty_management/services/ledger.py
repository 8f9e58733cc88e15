"""The one way points move: lock the account, change it, and write its ledger row.

Lock order, everywhere: redemption request, then item, then account. Every change of an
account's balance or held points writes one ledger row in the same transaction, so the balance
is always the sum of the ledger's `points` and the held points the sum of `points_held_change`.
"""

from django.db import transaction

from core.exceptions import DomainError
from loyalty_management.exceptions import InsufficientPoints
from loyalty_management.models import LoyaltyAccount, LoyaltySettings, LoyaltyTransaction
from loyalty_management.selectors.points import tier_for_lifetime, tiers_by_threshold


def loyalty_settings_get_or_create(*, website) -> LoyaltySettings:
    """Return the website's settings, saving the defaults on first use."""
    settings, _created = LoyaltySettings.objects.get_or_create(website=website)
    return settings


def loyalty_account_get_or_create(*, client, website) -> LoyaltyAccount:
    """Return the client's account on `website`, opening an empty one on first use."""
    if not client.is_client or client.website_id != website.pk:
        raise DomainError(
            f"User {client.pk} is not a client of this website.",
            field="client_id",
            code="invalid_client_id",
        )
    account, created = LoyaltyAccount.objects.get_or_create(client=client, website=website)
    if created:
        # A tier that starts at zero points is every new client's tier.
        tier = tier_for_lifetime(tiers=tiers_by_threshold(website_id=website.pk), lifetime_points=0)
        if tier is not None:
            LoyaltyAccount.objects.filter(pk=account.pk, tier=None).update(tier=tier)
            account.tier = tier
    return account


def loyalty_account_lock(*, account_id: int) -> LoyaltyAccount:
    """Lock and return the account (with its tier) for the rest of the transaction."""
    return (
        LoyaltyAccount.objects.select_for_update(of=("self",))
        .select_related("tier")
        .get(pk=account_id)
    )


@transaction.atomic
def points_ledger_append(
    *,
    account: LoyaltyAccount,
    kind: str,
    reason: str,
    points: int = 0,
    held_change: int = 0,
    lifetime_change: int = 0,
    shortfall: int = 0,
    payment=None,
    milestone=None,
    redemption=None,
    created_by=None,
) -> LoyaltyTransaction:
    """Apply a change to a locked account and record it; nothing may overdraw.

    `points` changes the balance, `held_change` the held points and `lifetime_change` the
    lifetime points (never below zero). The balance and held points never go negative and the
    held points never exceed the balance: such a change raises `InsufficientPoints`.
    """
    balance = account.points_balance + points
    held = account.points_held + held_change
    if balance < 0 or held < 0 or held > balance:
        needed = held_change if held_change > 0 else -points
        raise InsufficientPoints(needed=needed, available=account.points_available)
    account.points_balance, account.points_held = balance, held
    account.lifetime_points = max(account.lifetime_points + lifetime_change, 0)
    account.save(update_fields=["points_balance", "points_held", "lifetime_points", "updated_at"])
    return LoyaltyTransaction.objects.create(
        website_id=account.website_id,
        account=account,
        kind=kind,
        points=points,
        points_held_change=held_change,
        balance_after=balance,
        held_after=held,
        shortfall=shortfall,
        reason=reason[:255],
        payment=payment,
        milestone=milestone,
        redemption=redemption,
        created_by=created_by,
    )
