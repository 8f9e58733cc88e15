"""The points rules catch what they name: a milestone bonus reversal that takes back too little."""

import pytest

from core.invariants import check_invariants
from loyalty_management.models import LoyaltyAccount, LoyaltyTransaction
from tests.loyalty_management.factories import MilestoneFactory, client_of, points_give

pytestmark = pytest.mark.django_db

REVERSAL_RULE = (
    "milestone bonus reversal that does not take back the whole bonus (now or as a debt)"
)


def _ledger_row(account, milestone, kind: str, points: int) -> LoyaltyTransaction:
    return LoyaltyTransaction.objects.create(
        website=account.website,
        account=account,
        kind=kind,
        points=points,
        balance_after=100,
        milestone=milestone,
        reason=f"Test {kind}",
    )


def _reversals_flagged() -> set[int]:
    return {
        violation.row[0]
        for violation in check_invariants(app_labels={"loyalty_management"})
        if violation.invariant == REVERSAL_RULE
    }


def test_a_reversal_is_held_to_the_latest_bonus_before_it():
    client = client_of(MilestoneFactory().website)
    points_give(client, 100)
    account = LoyaltyAccount.objects.get(client=client)
    milestone = MilestoneFactory(website=account.website)
    _ledger_row(account, milestone, "bonus", 20)
    _ledger_row(account, milestone, "bonus", 50)
    whole = _ledger_row(account, milestone, "reversal", -50)
    short = _ledger_row(account, milestone, "reversal", -30)
    orphan_milestone = MilestoneFactory(website=account.website)
    orphan = _ledger_row(account, orphan_milestone, "reversal", -10)
    flagged = _reversals_flagged()
    assert short.pk in flagged
    assert whole.pk not in flagged
    assert orphan.pk not in flagged  # no bonus before it: another rule's business
