"""Simultaneous requests on PostgreSQL: stock, points and per-client limits are never overspent."""

import threading

import pytest
from django.db import connection

from core.exceptions import DomainError
from loyalty_management.models import (
    LoyaltyAccount,
    RedemptionItem,
    RedemptionRequest,
    RedemptionStatus,
    RedemptionType,
)
from loyalty_management.services import (
    points_award,
    redemption_approve,
    redemption_create,
    redemption_reject,
)
from tests.loyalty_management.factories import RedemptionItemFactory, admin_of, client_of
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run_at_once(calls: list) -> list:
    """Run every call in its own thread (and database connection), all released together.

    Returns each call's result, or the exception it raised.
    """
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index: int, call) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return results


def refusal_codes(results) -> list[str]:
    return sorted(result.code for result in results if isinstance(result, DomainError))


def unexpected(results) -> list:
    return [
        result
        for result in results
        if isinstance(result, Exception) and not isinstance(result, DomainError)
    ]


def test_fifty_simultaneous_requests_for_ten_units_fulfil_exactly_ten():
    website = WebsiteFactory()
    admin = admin_of(website)
    item = RedemptionItemFactory(
        website=website,
        redemption_type=RedemptionType.VOUCHER,
        points_required=100,
        stock_quantity=10,
    )
    clients = [client_of(website) for _ in range(50)]
    for client in clients:
        points_award(client=client, points=100, reason="Start", awarded_by=admin)

    results = run_at_once(
        [
            lambda client=client: redemption_create(client=client, item_id=item.pk)
            for client in clients
        ]
    )

    assert unexpected(results) == []
    assert refusal_codes(results) == ["out_of_stock"] * 40
    item.refresh_from_db()
    assert (item.stock_quantity, item.total_redemptions) == (0, 10)
    fulfilled = RedemptionRequest.objects.filter(item=item, status=RedemptionStatus.FULFILLED)
    assert fulfilled.count() == 10
    assert len(set(fulfilled.values_list("fulfillment_code", flat=True))) == 10
    spent = LoyaltyAccount.objects.filter(website=website, points_balance=0).count()
    assert spent == 10


def test_one_clients_simultaneous_requests_never_spend_more_than_available():
    website = WebsiteFactory()
    admin = admin_of(website)
    client = client_of(website)
    points_award(client=client, points=250, reason="Start", awarded_by=admin)
    items = [RedemptionItemFactory(website=website, points_required=100) for _ in range(4)]

    results = run_at_once(
        [lambda item=item: redemption_create(client=client, item_id=item.pk) for item in items * 3]
    )

    assert unexpected(results) == []
    assert refusal_codes(results) == ["insufficient_points"] * 10
    account = LoyaltyAccount.objects.get(client=client)
    assert (account.points_balance, account.points_held) == (250, 200)
    assert RedemptionRequest.objects.filter(client=client).count() == 2


def test_one_clients_simultaneous_requests_never_pass_the_per_client_limit():
    website = WebsiteFactory()
    admin = admin_of(website)
    client = client_of(website)
    points_award(client=client, points=10_000, reason="Start", awarded_by=admin)
    item = RedemptionItemFactory(
        website=website,
        redemption_type=RedemptionType.DISCOUNT,
        discount_percentage=10,
        points_required=50,
        max_per_client=3,
    )

    results = run_at_once(
        [lambda: redemption_create(client=client, item_id=item.pk) for _ in range(12)]
    )

    assert unexpected(results) == []
    assert refusal_codes(results) == ["client_limit_reached"] * 9
    assert RedemptionRequest.objects.filter(client=client, item=item).count() == 3
    account = LoyaltyAccount.objects.get(client=client)
    assert (account.points_balance, account.points_held) == (10_000 - 150, 0)
    assert RedemptionItem.objects.get(pk=item.pk).total_redemptions == 3


def test_two_reviewers_deciding_at_once_cannot_both_win():
    website = WebsiteFactory()
    first, second = admin_of(website), admin_of(website)
    client = client_of(website)
    points_award(client=client, points=500, reason="Start", awarded_by=first)
    item = RedemptionItemFactory(website=website, points_required=300, stock_quantity=1)
    redemption = redemption_create(client=client, item_id=item.pk)

    results = run_at_once(
        [
            lambda: redemption_approve(redemption=redemption, approved_by=first),
            lambda: redemption_reject(redemption=redemption, rejected_by=second, reason="No"),
        ]
    )

    assert unexpected(results) == []
    assert refusal_codes(results) == ["invalid_redemption_transition"]
    redemption.refresh_from_db()
    account = LoyaltyAccount.objects.get(client=client)
    item.refresh_from_db()
    if redemption.status == RedemptionStatus.APPROVED:
        assert (account.points_balance, account.points_held, item.stock_quantity) == (200, 0, 0)
    else:
        assert redemption.status == RedemptionStatus.REJECTED
        assert (account.points_balance, account.points_held, item.stock_quantity) == (500, 0, 1)


def test_auto_approval_under_simultaneous_requests_never_oversells_or_overdraws():
    """A policy approving on creation takes the same locks: 30 clients, 8 units, exactly 8."""
    from core.invariants import check_invariants
    from loyalty_management.services import redemption_policy_create

    website = WebsiteFactory()
    admin = admin_of(website)
    redemption_policy_create(website=website, name="Everything small", max_points=500)
    item = RedemptionItemFactory(
        website=website,
        redemption_type=RedemptionType.PRODUCT,
        points_required=100,
        stock_quantity=8,
    )
    clients = [client_of(website) for _ in range(30)]
    for client in clients:
        points_award(client=client, points=150, reason="Start", awarded_by=admin)

    results = run_at_once(
        [
            lambda client=client: redemption_create(client=client, item_id=item.pk)
            for client in clients
        ]
    )

    assert unexpected(results) == []
    assert refusal_codes(results) == ["out_of_stock"] * 22
    approved = RedemptionRequest.objects.filter(item=item, status=RedemptionStatus.APPROVED)
    assert approved.count() == 8
    assert approved.filter(approved_by_policy_id__isnull=False).count() == 8
    item.refresh_from_db()
    assert (item.stock_quantity, item.total_redemptions) == (0, 8)
    assert LoyaltyAccount.objects.filter(website=website, points_balance=50).count() == 8
    assert check_invariants(app_labels={"loyalty_management"}) == []
