"""The one way points move: lock the account, change it, and write its ledger row.

Lock order, everywhere: redemption request, then item, then account. Every change of an
account's balance, held points or debt writes one ledger row in the same transaction, so the
balance is always the sum of the ledger's `points`, the held points the sum of
`points_held_change` and the debt the sum of `debt_change`.

An account in debt pays it with the first points that become available (earned, awarded, a
bonus, a released hold, a refunded redemption): a `recovery` row follows the row that freed
them, so an account in debt never has points available to spend.
"""

from core.exceptions import DomainError
from core.outbox import emit_for
from core.transactions import atomic_joined
from loyalty_management.exceptions import InsufficientPoints
from loyalty_management.models import (
    LoyaltyAccount,
    LoyaltySettings,
    LoyaltyTransaction,
    LoyaltyTransactionKind,
)
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


def loyalty_account_open_locked(*, client, website) -> LoyaltyAccount:
    """Return the client's account (with its tier) locked for the transaction, opened on first use.

    One `SELECT ... FOR UPDATE` for a client who has an account, as nearly every caller's has.
    """
    account = (
        LoyaltyAccount.objects.select_for_update(of=("self",))
        .select_related("tier")
        .filter(client_id=client.pk, website_id=website.pk)
        .first()
    )
    if account is not None:
        return account
    account = loyalty_account_get_or_create(client=client, website=website)
    return loyalty_account_lock(account_id=account.pk)


def loyalty_account_lock(*, account_id: int) -> LoyaltyAccount:
    """Lock and return the account (with its tier) for the rest of the transaction."""
    return (
        LoyaltyAccount.objects.select_for_update(of=("self",))
        .select_related("tier")
        .get(pk=account_id)
    )


# The largest number of points a balance, held points, lifetime points or a debt may reach: the
# columns are 64-bit integers.
MAX_POINTS = 2**63 - 1


# The ledger kinds that are events (holds and releases are told by the redemption's own).
_POINTS_EVENTS = {
    LoyaltyTransactionKind.EARN: "points.earned",
    LoyaltyTransactionKind.BONUS: "points.earned",
    LoyaltyTransactionKind.REDEEM: "points.redeemed",
    LoyaltyTransactionKind.EXPIRE: "points.expired",
    LoyaltyTransactionKind.ADJUST: "points.adjusted",
    LoyaltyTransactionKind.REFUND: "points.adjusted",
    LoyaltyTransactionKind.REVERSAL: "points.adjusted",
    LoyaltyTransactionKind.RECOVERY: "points.adjusted",
}


# Joins the caller's transaction: a refusal is raised before anything is written.
@atomic_joined
def points_ledger_append(
    *,
    account: LoyaltyAccount,
    kind: str,
    reason: str,
    points: int = 0,
    held_change: int = 0,
    lifetime_change: int = 0,
    shortfall: int = 0,
    debt_change: int = 0,
    payment=None,
    milestone=None,
    redemption=None,
    created_by=None,
) -> LoyaltyTransaction:
    """Apply a change to a locked account and record it; nothing may overdraw.

    `points` changes the balance, `held_change` the held points, `debt_change` the points owed
    and `lifetime_change` the lifetime points (never below zero). The balance, held points and
    debt never go negative and the held points never exceed the balance: such a change raises
    `InsufficientPoints`. When the change frees points while the account owes some, they pay
    the debt first (a `recovery` row, appended after this one).
    """
    balance = account.points_balance + points
    held = account.points_held + held_change
    debt = account.points_debt + debt_change
    if balance < 0 or held < 0 or held > balance or debt < 0:
        needed = held_change if held_change > 0 else -points
        raise InsufficientPoints(needed=needed, available=account.points_available)
    lifetime = max(account.lifetime_points + lifetime_change, 0)
    if max(balance, lifetime, debt) > MAX_POINTS:
        raise DomainError(
            "This would take the account beyond the largest number of points it can hold.",
            field="points",
            code="points_out_of_range",
        )
    account.points_balance, account.points_held, account.points_debt = balance, held, debt
    account.lifetime_points = lifetime
    account.save(
        update_fields=[
            "points_balance",
            "points_held",
            "points_debt",
            "lifetime_points",
            "updated_at",
        ]
    )
    row = LoyaltyTransaction.objects.create(
        website_id=account.website_id,
        account=account,
        kind=kind,
        points=points,
        points_held_change=held_change,
        balance_after=balance,
        held_after=held,
        shortfall=shortfall,
        debt_change=debt_change,
        debt_after=debt,
        reason=reason[:255],
        payment=payment,
        milestone=milestone,
        redemption=redemption,
        created_by=created_by,
    )
    if kind in _POINTS_EVENTS:
        emit_for(
            _POINTS_EVENTS[kind],
            account,
            {
                "account_id": account.pk,
                "client_id": account.client_id,
                "transaction_id": row.pk,
                "kind": kind,
                "points": points,
                "held_change": held_change,
                "balance_after": balance,
                "held_after": held,
                "lifetime_points": lifetime,
                "debt_after": debt,
                "reason": row.reason,
                "payment_id": row.payment_id,
                "redemption_id": row.redemption_id,
                "milestone_id": row.milestone_id,
            },
        )
    if kind != LoyaltyTransactionKind.RECOVERY:
        points_debt_recover(account=account)
    return row


def points_debt_recover(*, account: LoyaltyAccount) -> LoyaltyTransaction | None:
    """Pay a locked account's debt from its available points, as far as they go."""
    paid = min(account.points_debt, account.points_available)
    if paid <= 0:
        return None
    return points_ledger_append(
        account=account,
        kind=LoyaltyTransactionKind.RECOVERY,
        points=-paid,
        debt_change=-paid,
        reason=f"{paid} points paid towards the points owed ({account.points_debt - paid} left)",
    )


def points_take_back(
    *, account: LoyaltyAccount, points: int, kind: str, reason: str, **row
) -> LoyaltyTransaction:
    """Take `points` back from a locked account: what is available now, the rest as a debt.

    Held points are never touched (a pending request keeps its hold); what cannot be taken at
    once is the row's `shortfall` and is added to the account's debt.
    """
    taken = min(points, account.points_available)
    owed = points - taken
    if owed:
        reason = f"{reason} ({owed} owed: already spent or held; the next points pay it)"
    return points_ledger_append(
        account=account,
        kind=kind,
        points=-taken,
        shortfall=owed,
        debt_change=owed,
        reason=reason,
        **row,
    )
