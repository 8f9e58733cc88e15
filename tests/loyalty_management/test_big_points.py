"""Points balances past 2**31: 64-bit columns hold them; input beyond what they hold is a 400."""

from decimal import Decimal

import pytest

from core.exceptions import DomainError
from loyalty_management.models import LoyaltyAccount, LoyaltyTransactionKind
from loyalty_management.services import points_earn_for_payment, points_ledger_append
from loyalty_management.services.ledger import MAX_POINTS, loyalty_account_lock
from tests.loyalty_management.conftest import BASE
from tests.loyalty_management.factories import (
    LoyaltySettingsFactory,
    admin_of,
    client_of,
    payment_completed_for,
    points_give,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db

INT32_MAX = 2**31 - 1


def test_a_payment_can_earn_more_points_than_a_32_bit_column_holds():
    website = WebsiteFactory()
    LoyaltySettingsFactory(website=website, points_per_currency_unit=Decimal("999999.99"))
    client = client_of(website)
    payment = payment_completed_for(client, Decimal("5000.00"))  # 4,999,999,950 points
    points_earn_for_payment(payment=payment)
    points_earn_for_payment(payment=payment)  # once per payment, however often it is sent
    account = LoyaltyAccount.objects.get(client=client)
    assert account.points_balance == account.lifetime_points == 4_999_999_950 > INT32_MAX
    earned = account.transactions.get(kind=LoyaltyTransactionKind.EARN)
    assert earned.points == earned.balance_after == 4_999_999_950


def test_nothing_takes_an_account_past_what_its_columns_hold():
    client = client_of(WebsiteFactory())
    account = points_give(client, 10).account
    account = loyalty_account_lock(account_id=account.pk)
    with pytest.raises(DomainError) as refused:
        points_ledger_append(
            account=account, kind=LoyaltyTransactionKind.ADJUST, points=MAX_POINTS, reason="x"
        )
    assert (refused.value.code, refused.value.field) == ("points_out_of_range", "points")
    assert LoyaltyAccount.objects.get(pk=account.pk).points_balance == 10


@pytest.mark.parametrize("points", [2**31, 2**63, 2**64])
@pytest.mark.parametrize("url", ["award/", "deduct/"])
def test_awarding_or_deducting_more_points_than_the_columns_hold_is_a_400(
    api_client_for, url, points
):
    client = client_of(WebsiteFactory())
    response = api_client_for(admin_of(client.website)).post(
        f"{BASE}{url}",
        {"client_id": client.pk, "points": points, "reason": "Too many"},
        format="json",
        HTTP_IDEMPOTENCY_KEY=f"big-{url}-{points}",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["points"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "tiers/",
            {"name": "Huge", "rank": 2, "min_lifetime_points": 2**63},
            "min_lifetime_points",
        ),
        (
            "milestones/",
            {"name": "Huge", "kind": "lifetime_points", "threshold": "10", "bonus_points": 2**63},
            "bonus_points",
        ),
    ],
)
def test_point_amounts_beyond_the_columns_in_the_program_are_a_400(
    api_client_for, path, body, field
):
    website = WebsiteFactory()
    response = api_client_for(admin_of(website)).post(f"{BASE}{path}", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
