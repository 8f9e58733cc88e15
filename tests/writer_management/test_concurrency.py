"""Concurrent requests: one tip per Idempotency-Key, no overdraft, one refund per tip."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from order_payments_management.models import Wallet, WalletTransaction
from tests.writer_management.conftest import balance, fund
from writer_management.models import Tip

pytestmark = pytest.mark.django_db(transaction=True)

TIPS = "/api/v1/writer-management/tips/"


def _in_parallel(calls) -> list:
    """Run each call in its own thread (own database connection), all released at once."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index, call):
        try:
            barrier.wait(timeout=60)
            results[index] = call()
        except BaseException as error:  # re-raised in the test's thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def _ledger_matches_balances() -> bool:
    return all(
        wallet.balance
        == sum(
            (row.amount for row in WalletTransaction.objects.filter(wallet=wallet)),
            Decimal("0.00"),
        )
        for wallet in Wallet.objects.all()
    )


def test_concurrent_duplicate_posts_with_one_key_create_one_tip(api_client_for, world):
    body = {"writer_id": world.writer.pk, "tip_amount": "10.00", "tip_reason": "Thanks"}

    def send():
        return api_client_for(world.client).post(
            TIPS, body, format="json", HTTP_IDEMPOTENCY_KEY="same-key"
        )

    responses = _in_parallel([send for _ in range(6)])
    statuses = sorted(response.status_code for response in responses)
    assert statuses.count(201) >= 1
    assert set(statuses) <= {201, 409}  # 409: the first was still running
    assert Tip.objects.count() == 1
    created = {response.json()["id"] for response in responses if response.status_code == 201}
    assert created == {Tip.objects.get().pk}
    assert balance(world.client) == Decimal("90.00")
    assert balance(world.writer) == Decimal("4.00")


def test_concurrent_tips_from_one_client_never_overdraw_the_wallet(api_client_for, world):
    body = {"writer_id": world.writer.pk, "tip_amount": "30.00", "tip_reason": "Thanks"}
    fund(world.client, "20.00")  # 120.00: room for four tips of 30.00

    def send(n):
        return lambda: api_client_for(world.client).post(
            TIPS, body, format="json", HTTP_IDEMPOTENCY_KEY=f"tip-{n}"
        )

    responses = _in_parallel([send(n) for n in range(7)])
    assert [response.status_code for response in responses] == [201] * 7
    statuses = sorted(response.json()["payment_status"] for response in responses)
    assert statuses == ["completed"] * 4 + ["failed"] * 3
    assert balance(world.client) == Decimal("0.00")
    assert balance(world.writer) == Decimal("48.00")
    assert Tip.objects.filter(payment_status="completed").count() == 4
    assert _ledger_matches_balances()


def test_concurrent_refunds_of_one_tip_refund_it_once(api_client_for, world):
    tip_id = (
        api_client_for(world.client)
        .post(
            TIPS,
            {"writer_id": world.writer.pk, "tip_amount": "25.00", "tip_reason": "Thanks"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="tip",
        )
        .json()["id"]
    )

    def refund(n):
        return lambda: api_client_for(world.admin).post(
            f"{TIPS}{tip_id}/refund/",
            {"reason": "Disputed"},
            format="json",
            HTTP_IDEMPOTENCY_KEY=f"refund-{n}",
        )

    responses = _in_parallel([refund(n) for n in range(4)])
    assert sorted(response.status_code for response in responses) == [200, 409, 409, 409]
    assert (balance(world.client), balance(world.writer)) == (Decimal("100.00"), Decimal("0.00"))
    assert _ledger_matches_balances()
