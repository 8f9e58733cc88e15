"""The nightly expiry: oldest points first, never held points, safe to run twice."""

from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from loyalty_management.models import LoyaltyAccount, LoyaltyTransaction
from loyalty_management.services import (
    points_deduct,
    points_expire,
    redemption_cancel,
    redemption_create,
)
from loyalty_management.services.points import months_before
from loyalty_management.tasks import points_expire_task
from tests.loyalty_management.factories import (
    LoyaltySettingsFactory,
    RedemptionItemFactory,
    admin_of,
    client_of,
    points_give,
)
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


def give_at(client, points: int, when: datetime):
    row = points_give(client, points)
    LoyaltyTransaction.objects.filter(pk=row.pk).update(created_at=when)
    return row


def account_of(client) -> LoyaltyAccount:
    return LoyaltyAccount.objects.get(client=client)


@pytest.fixture
def website():
    website = WebsiteFactory()
    LoyaltySettingsFactory(website=website, points_expiry_months=12)
    return website


def test_points_older_than_the_expiry_expire_and_newer_ones_stay(website):
    client = client_of(website)
    now = timezone.now()
    give_at(client, 100, now - timedelta(days=400))
    give_at(client, 50, now - timedelta(days=30))
    assert points_expire_task() == 100
    account = account_of(client)
    assert (account.points_balance, account.lifetime_points) == (50, 150)
    expired = LoyaltyTransaction.objects.get(kind="expire")
    assert (expired.points, expired.balance_after) == (-100, 50)


def test_spending_uses_the_oldest_points_first(website):
    client = client_of(website)
    now = timezone.now()
    give_at(client, 100, now - timedelta(days=400))
    give_at(client, 50, now - timedelta(days=30))
    points_deduct(client=client, points=30, reason="Spent", deducted_by=admin_of(website))
    assert points_expire() == 70
    assert account_of(client).points_balance == 50


def test_held_points_never_expire(website):
    client = client_of(website)
    give_at(client, 100, timezone.now() - timedelta(days=400))
    item = RedemptionItemFactory(website=website, points_required=80)
    redemption = redemption_create(client=client, item_id=item.pk)
    assert points_expire() == 20
    account = account_of(client)
    assert (account.points_balance, account.points_held) == (80, 80)
    redemption_cancel(redemption=redemption, cancelled_by=client)
    assert points_expire() == 80  # released, the rest of the old points expire the next night
    assert account_of(client).points_balance == 0


def test_running_twice_expires_nothing_more(website):
    client = client_of(website)
    give_at(client, 100, timezone.now() - timedelta(days=400))
    assert points_expire() == 100
    assert points_expire() == 0
    assert LoyaltyTransaction.objects.filter(kind="expire").count() == 1


def test_websites_without_expiry_keep_their_points():
    website = WebsiteFactory()
    LoyaltySettingsFactory(website=website, points_expiry_months=None)
    client = client_of(website)
    give_at(client, 100, timezone.now() - timedelta(days=4000))
    assert points_expire() == 0
    assert account_of(client).points_balance == 100


def test_an_inactive_program_expires_nothing(website):
    website.loyalty_settings.is_active = False
    website.loyalty_settings.save()
    client = client_of(website)
    give_at(client, 100, timezone.now() - timedelta(days=400))
    assert points_expire() == 0


def test_the_cutoff_is_exactly_that_many_months_before(website):
    client = client_of(website)
    now = datetime(2025, 3, 31, 2, 0, tzinfo=UTC)
    give_at(client, 10, datetime(2024, 3, 30, 23, 0, tzinfo=UTC))
    give_at(client, 20, datetime(2024, 4, 1, 0, 0, tzinfo=UTC))
    assert points_expire(now=now) == 10


@pytest.mark.parametrize(
    ("moment", "months", "expected"),
    [
        (datetime(2025, 3, 31, tzinfo=UTC), 1, datetime(2025, 2, 28, tzinfo=UTC)),
        (datetime(2024, 3, 31, tzinfo=UTC), 1, datetime(2024, 2, 29, tzinfo=UTC)),
        (datetime(2025, 1, 15, tzinfo=UTC), 13, datetime(2023, 12, 15, tzinfo=UTC)),
        (datetime(2025, 6, 1, tzinfo=UTC), 12, datetime(2024, 6, 1, tzinfo=UTC)),
    ],
)
def test_months_before_clamps_to_the_end_of_a_shorter_month(moment, months, expected):
    assert months_before(moment, months) == expected


def test_the_nightly_task_is_the_one_the_beat_schedule_runs():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert points_expire_task.name == "loyalty_management.points_expire_task"
    assert points_expire_task.name in scheduled
