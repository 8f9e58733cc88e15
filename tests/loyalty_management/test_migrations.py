"""The checklist's rollback: `migrate loyalty_management 0002` and forward again, with rows."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from loyalty_management.models import (
    ClientBadge,
    LoyaltyAccount,
    LoyaltyTransaction,
    RedemptionCategory,
    RedemptionRequest,
)
from loyalty_management.services import (
    points_award,
    redemption_approve,
    redemption_create,
)
from tests.loyalty_management.factories import (
    LoyaltySettingsFactory,
    LoyaltyTierFactory,
    MilestoneFactory,
    RedemptionItemFactory,
    admin_of,
    client_of,
    discount_item,
)
from tests.websites.factories import WebsiteFactory

ROLLBACK_TARGET = ("loyalty_management", "0002_milestones")
MIGRATIONS = (
    "0001_initial",
    "0002_milestones",
    "0003_alter_clientbadge_unique_together_and_more",
    "0004_add_redemptionitem_missing_fields",
    "0005_add_min_tier_level",
    "0006_points_bigint_and_debt",
    "0007_redemption_policies_and_sla",
)


def _migrate(target: list[tuple[str, str]]):
    MigrationExecutor(connection).migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


def _leaf() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes("loyalty_management")


def _tables() -> set[str]:
    return {
        name
        for name in connection.introspection.table_names()
        if name.startswith("loyalty_management_")
    }


@pytest.mark.django_db
def test_the_migration_history_is_the_one_the_checklist_names():
    graph = MigrationExecutor(connection).loader.graph
    names = [name for app, name in graph.forwards_plan(_leaf()[0]) if app == "loyalty_management"]
    assert tuple(names) == MIGRATIONS


@pytest.mark.django_db(transaction=True)
def test_rolling_back_to_0002_and_forward_again_keeps_the_points_and_drops_only_redemption():
    website = WebsiteFactory()
    admin = admin_of(website)
    LoyaltySettingsFactory(website=website, points_expiry_months=12)
    LoyaltyTierFactory(website=website, rank=1, min_lifetime_points=0)
    milestone = MilestoneFactory(website=website, threshold=Decimal("100"), bonus_points=10)
    client = client_of(website)
    points_award(client=client, points=1000, reason="Start", awarded_by=admin)
    pending = redemption_create(
        client=client, item_id=RedemptionItemFactory(website=website, points_required=200).pk
    )
    approved = redemption_create(
        client=client,
        item_id=RedemptionItemFactory(website=website, points_required=100, stock_quantity=4).pk,
    )
    redemption_approve(redemption=approved, approved_by=admin)
    redemption_create(client=client, item_id=discount_item(website=website).pk)
    ledger_rows = LoyaltyTransaction.objects.count()
    account = LoyaltyAccount.objects.get(client=client)
    assert "loyalty_management_redemptionrequest" in _tables()

    leaf = _leaf()
    try:
        old_apps = _migrate([ROLLBACK_TARGET])
        assert not any("redemption" in table for table in _tables())
        old_account = old_apps.get_model("loyalty_management", "LoyaltyAccount").objects.get(
            pk=account.pk
        )
        # The dropped pending request's hold is released, with a ledger row saying why.
        assert (old_account.points_balance, old_account.points_held) == (
            account.points_balance,
            0,
        )
        old_ledger = old_apps.get_model("loyalty_management", "LoyaltyTransaction")
        assert old_ledger.objects.count() == ledger_rows + 1
        release = old_ledger.objects.order_by("-pk").first()
        assert (release.kind, release.points_held_change, release.held_after) == (
            "release",
            -pending.points_used,
            0,
        )
        old_badges = old_apps.get_model("loyalty_management", "ClientBadge")
        assert old_badges.objects.filter(client_id=client.pk, milestone_id=milestone.pk).exists()
        # The old code keeps writing its rows: an award on the 0002 schema.
        old_account.points_balance += 5
        old_account.save()
        old_ledger.objects.create(
            website_id=website.pk,
            account_id=account.pk,
            kind="adjust",
            points=5,
            balance_after=old_account.points_balance,
            held_after=old_account.points_held,
            reason="Written while rolled back",
        )
    finally:
        _migrate(leaf)

    assert {
        "loyalty_management_redemptioncategory",
        "loyalty_management_redemptionitem",
        "loyalty_management_redemptionrequest",
    } <= _tables()
    assert not RedemptionRequest.objects.exists()
    assert LoyaltyTransaction.objects.count() == ledger_rows + 2
    assert not LoyaltyTransaction.objects.exclude(redemption=None).exists()
    assert ClientBadge.objects.filter(client=client, milestone=milestone).exists()
    account.refresh_from_db()
    assert (account.points_balance, account.points_held) == (1000 + 10 - 100 - 100 + 5, 0)
    ledger = LoyaltyTransaction.objects.filter(account=account)
    assert sum(ledger.values_list("points", flat=True)) == account.points_balance
    assert sum(ledger.values_list("points_held_change", flat=True)) == 0

    # The redemption schema works again for the current code.
    item = RedemptionItemFactory(
        website=website, stock_quantity=2, max_per_client=1, min_tier_level=1
    )
    RedemptionCategory.objects.get(pk=item.category_id)
    redemption = redemption_create(client=client, item_id=item.pk)
    assert redemption.status == "pending"


@pytest.mark.django_db(transaction=True)
def test_0006_reverses_to_0005_and_re_applies_with_a_debt_and_big_balances(
    django_capture_on_commit_callbacks,
):
    from order_payments_management.services import payment_refund
    from tests.loyalty_management.factories import payment_completed_for

    website = WebsiteFactory()
    admin = admin_of(website)
    LoyaltySettingsFactory(website=website)
    client, rich = client_of(website), client_of(website)
    with django_capture_on_commit_callbacks(execute=True):
        payment = payment_completed_for(client, Decimal("100.00"))
    item = RedemptionItemFactory(website=website, points_required=90)
    redemption_approve(
        redemption=redemption_create(client=client, item_id=item.pk), approved_by=admin
    )
    with django_capture_on_commit_callbacks(execute=True):
        payment_refund(payment=payment, refunded_by=admin, reason="Back")
    assert LoyaltyAccount.objects.get(client=client).points_debt == 90
    points_award(client=rich, points=1_000_000, reason="Big", awarded_by=admin)
    leaf = _leaf()
    try:
        old_apps = _migrate([("loyalty_management", "0005_add_min_tier_level")])
        old_account = old_apps.get_model("loyalty_management", "LoyaltyAccount")
        assert (old_account.objects.get(client_id=client.pk).points_balance) == 0
        assert old_account.objects.get(client_id=rich.pk).points_balance == 1_000_000
    finally:
        _migrate(leaf)
    account = LoyaltyAccount.objects.get(client=client)
    # What was owed is lost with the debt columns; balances still equal their ledgers.
    assert (account.points_balance, account.points_debt) == (0, 0)
    for each in LoyaltyAccount.objects.filter(website=website):
        ledger = LoyaltyTransaction.objects.filter(account=each)
        assert sum(ledger.values_list("points", flat=True)) == each.points_balance
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT data_type FROM information_schema.columns "
            "WHERE table_name = 'loyalty_management_loyaltyaccount' "
            "AND column_name = 'points_balance'"
        )
        assert cursor.fetchone() == ("bigint",)
