"""Money and points under concurrency: many threads at once on PostgreSQL, then the invariants.

Each thread has its own database connection and sends real API requests (the idempotent parts
with their `Idempotency-Key`), all released together by a barrier. Afterwards the tables must
hold: no balance below zero, every cached balance equal to its ledger, every split adding up, no
stock below zero, and each operation and idempotency key executed exactly once.
"""

import random
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.db import OperationalError, connection, transaction
from rest_framework.test import APIClient

from accounts.models import Role
from core import invariants
from fines.models import Fine
from loyalty_management.models import (
    LoyaltyAccount,
    LoyaltyTransaction,
    RedemptionItem,
    RedemptionRequest,
)
from loyalty_management.services import (
    loyalty_badge_create,
    loyalty_milestone_create,
    points_award,
    redemption_item_create,
)
from order_payments_management.models import OrderPayment, Wallet, WalletTransactionKind
from order_payments_management.services import order_pay, wallet_credit, wallet_get_or_create
from orders.models import Order
from orders.services import order_create
from tests.hardening.world import _user, access_token, build_world
from writer_management.models import Tip

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

THREADS = 24


class Storm:
    """Requests queued now, sent all at once later; each remembers its outcome."""

    def __init__(self):
        self.jobs: list[tuple[str, object, str, str, dict, dict]] = []
        self.results: list[tuple[str, int, dict]] = []

    def add(self, label: str, user, method: str, path: str, body=None, *, key: str | None = None):
        headers = {}
        if method == "POST":
            headers["HTTP_IDEMPOTENCY_KEY"] = key or str(uuid.uuid4())
        self.jobs.append((label, user, method, path, body or {}, headers))

    def run(self) -> None:
        """Send every request from THREADS threads, released together; mixed, not grouped."""
        tokens = {id(user): access_token(user) for _, user, *_ in self.jobs}
        jobs = list(self.jobs)
        random.Random(8).shuffle(jobs)
        start = threading.Event()

        def send(job):
            label, user, method, path, body, headers = job
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[id(user)]}")
            try:
                start.wait(timeout=30)
                response = getattr(client, method.lower())(path, body, format="json", **headers)
                payload = response.json() if response.content else {}
                return label, response.status_code, payload
            finally:
                connection.close()

        with ThreadPoolExecutor(max_workers=THREADS) as pool:
            futures = [pool.submit(send, job) for job in jobs]
            start.set()
            self.results = [future.result(timeout=120) for future in futures]

    def statuses(self, label: str) -> Counter:
        return Counter(status for name, status, _ in self.results if name == label)

    def bodies(self, label: str, status: int) -> list[dict]:
        return [body for name, code, body in self.results if name == label and code == status]


def _fund(user, amount: str) -> Wallet:
    wallet = wallet_get_or_create(user=user, website=user.website)
    wallet_credit(
        wallet=wallet, amount=Decimal(amount), kind=WalletTransactionKind.TOPUP, reason="Top-up"
    )
    return wallet


def test_tips_payments_refunds_redemptions_and_installments_at_once_keep_the_books():
    world = build_world()
    a = world.a
    site = a.website
    storm = Storm()

    # Tips: a client whose wallet covers three of six tips.
    tipper = _user("tipper_storm", Role.CLIENT, site)
    _fund(tipper, "90.00")
    for _ in range(6):
        storm.add(
            "tip",
            tipper,
            "POST",
            "/api/v1/writer-management/tips/",
            {"writer_id": a.writer.pk, "tip_amount": "30.00", "tip_reason": "Thanks"},
        )
    # Payments: one order paid from four threads; a payment refunded from four.
    for _ in range(4):
        storm.add("order_pay", a.client, "POST", f"/api/v1/orders/{a.order.pk}/pay/")
    for _ in range(4):
        storm.add(
            "payment_refund",
            a.admin,
            "POST",
            f"/api/v1/order-payments/payments/{a.payment_completed.pk}/refund/",
            {"reason": "Twice?"},
        )
    # A manual payment confirmed, and a class deposit paid, from three threads each.
    for _ in range(3):
        storm.add(
            "confirm",
            a.admin,
            "POST",
            f"/api/v1/order-payments/payments/{a.payment_manual.pk}/confirm/",
            {"reference": "BANK-STORM"},
        )
        storm.add(
            "deposit",
            a.client,
            "POST",
            f"/api/v1/class-management/bundles/{a.bundle_deposit.pk}/pay-deposit/",
        )
    # A completed tip refunded from three threads, while the website's other money moves.
    for _ in range(3):
        storm.add(
            "tip_refund",
            a.admin,
            "POST",
            f"/api/v1/writer-management/tips/{a.tip.pk}/refund/",
            {"reason": "Disputed"},
        )
    # Wallet debits that together ask for more than the wallet holds.
    debited = _user("debited_storm", Role.CLIENT, site)
    debited_wallet = _fund(debited, "50.00")
    for _ in range(5):
        storm.add(
            "debit",
            a.admin,
            "POST",
            f"/api/v1/order-payments/wallets/{debited_wallet.pk}/debit/",
            {"amount": "20.00", "reason": "Correction"},
        )
    # Installments: the first paid from four threads, the others once each, all at once.
    installments = list(a.bundle_active.installments.order_by("installment_number"))
    for _ in range(4):
        storm.add(
            "installment_1",
            a.client,
            "POST",
            f"/api/v1/class-management/installments/{installments[0].pk}/pay/",
        )
    for installment in installments[1:]:
        storm.add(
            "installment_rest",
            a.client,
            "POST",
            f"/api/v1/class-management/installments/{installment.pk}/pay/",
        )
    # Redemptions: six clients want the last three units; one client asks five times for an
    # item its points cover twice; a pending request is approved from three threads.
    scarce = redemption_item_create(
        website=site,
        category=a.category,
        name="Scarce mug",
        points_required=100,
        redemption_type="product",
        stock_quantity=3,
    )
    for n in range(6):
        fan = _user(f"fan_storm_{n}", Role.CLIENT, site)
        points_award(client=fan, points=150, reason="Storm", awarded_by=a.admin)
        storm.add(
            "scarce",
            fan,
            "POST",
            "/api/v1/loyalty-management/redemption-requests/",
            {"item_id": scarce.pk},
        )
    saver = _user("saver_storm", Role.CLIENT, site)
    points_award(client=saver, points=250, reason="Storm", awarded_by=a.admin)
    for _ in range(5):
        storm.add(
            "saver",
            saver,
            "POST",
            "/api/v1/loyalty-management/redemption-requests/",
            {"item_id": a.item.pk},
        )
    for _ in range(3):
        storm.add(
            "approve",
            a.admin,
            "POST",
            f"/api/v1/loyalty-management/redemption-requests/{a.redemption.pk}/approve/",
            {"note": "OK"},
        )
    # Points deducted from five threads: the balance covers two.
    deducted = _user("deducted_storm", Role.CLIENT, site)
    points_award(client=deducted, points=250, reason="Storm", awarded_by=a.admin)
    for _ in range(5):
        storm.add(
            "deduct",
            a.admin,
            "POST",
            "/api/v1/loyalty-management/deduct/",
            {"client_id": deducted.pk, "points": 100, "reason": "Correction"},
        )

    # A manual tip's payment: the generic payment endpoints race the tip's own confirmation;
    # only the tip's endpoint may move it, so the tip and its payment never disagree.
    for _ in range(3):
        storm.add(
            "tip_confirm",
            a.admin,
            "POST",
            f"/api/v1/writer-management/tips/{a.tip_manual.pk}/confirm_payment/",
            {"reference": "BANK-TIP"},
        )
        storm.add(
            "tip_payment_generic",
            a.admin,
            "POST",
            f"/api/v1/order-payments/payments/{a.tip_manual.payment_id}/confirm/",
            {"reference": "BANK-TIP"},
        )
        storm.add(
            "tip_payment_generic",
            a.client,
            "POST",
            f"/api/v1/order-payments/payments/{a.tip_manual.payment_id}/cancel/",
        )
    # A refund racing the redemption of the points its payment earned (and the milestone bonus
    # the payment reached), and an admin trying to cancel the paid order without the refund.
    loyalty_milestone_create(
        website=site,
        name="Big spender storm",
        kind="amount_spent",
        threshold=Decimal("100.00"),
        badge=loyalty_badge_create(website=site, name="Big spender storm"),
        bonus_points=30,
    )
    spender = _user("spender_storm", Role.CLIENT, site)
    _fund(spender, "500.00")
    spender_order = order_create(
        website=site,
        client=spender,
        writer=a.writer,
        title="Storm essay",
        total_price=Decimal("200.00"),
        writer_compensation=Decimal("100.00"),
    )
    spender_payment = order_pay(order=spender_order, client=spender)  # earns 200 + a 30 bonus
    reward = redemption_item_create(
        website=site,
        category=a.category,
        name="Storm reward",
        points_required=200,
        redemption_type="product",
    )
    for _ in range(3):
        storm.add(
            "spender_redeem",
            spender,
            "POST",
            "/api/v1/loyalty-management/redemption-requests/",
            {"item_id": reward.pk},
        )
        storm.add(
            "spender_refund",
            a.admin,
            "POST",
            f"/api/v1/order-payments/payments/{spender_payment.pk}/refund/",
            {"reason": "Storm refund"},
        )
    for _ in range(2):
        storm.add(
            "order_cancel_unrefunded",
            a.admin,
            "POST",
            f"/api/v1/orders/{spender_order.pk}/status/",
            {"status": "cancelled"},
        )

    storm.run()

    server_errors = [(label, status) for label, status, _ in storm.results if status >= 500]
    assert not server_errors, storm.results
    assert invariants.violations() == []

    # Tips and their payments move together, only through the tip's endpoints.
    assert storm.statuses("tip_confirm")[200] == 1, storm.statuses("tip_confirm")
    assert storm.statuses("tip_payment_generic") == Counter({409: 6}), storm.results
    assert Tip.objects.get(pk=a.tip_manual.pk).payment_status == "completed"
    # The refund happened once; whatever the redemption got first is owed, never lost.
    assert storm.statuses("spender_refund")[200] == 1, storm.statuses("spender_refund")
    assert 200 not in storm.statuses("order_cancel_unrefunded"), storm.results
    redeemed = storm.statuses("spender_redeem")[201]
    assert redeemed <= 1, storm.statuses("spender_redeem")
    spender_account = LoyaltyAccount.objects.get(client=spender)
    assert spender_account.points_available == 0
    assert spender_account.points_debt == 200 * redeemed  # 170 of the payment + the 30 bonus
    assert Order.objects.get(pk=spender_order.pk).status == "cancelled"

    # Exactly once.
    assert storm.statuses("order_pay")[201] == 1, storm.statuses("order_pay")
    assert storm.statuses("payment_refund")[200] == 1, storm.statuses("payment_refund")
    assert storm.statuses("tip_refund")[200] == 1, storm.statuses("tip_refund")
    assert storm.statuses("confirm")[200] == 1, storm.statuses("confirm")
    assert storm.statuses("deposit")[200] == 1, storm.statuses("deposit")
    deposits = OrderPayment.objects.filter(
        client=a.client, payment_type="class_deposit", status="completed"
    )
    assert deposits.count() == 1
    assert storm.statuses("installment_1")[200] == 1, storm.statuses("installment_1")
    assert storm.statuses("installment_rest")[200] == len(installments) - 1
    assert storm.statuses("approve")[200] == 1, storm.statuses("approve")
    assert OrderPayment.objects.filter(order=a.order, status="completed").count() == 1

    # Never more than the money or points allow.
    assert storm.statuses("debit")[201] == 2, storm.statuses("debit")
    assert Wallet.objects.get(pk=debited_wallet.pk).balance == Decimal("10.00")
    completed_tips = Tip.objects.filter(client=tipper, payment_status="completed").count()
    assert completed_tips == 3
    assert Tip.objects.filter(client=tipper).count() == 6  # a short wallet stores a failed tip
    assert wallet_get_or_create(user=tipper, website=site).balance == Decimal("0.00")
    assert storm.statuses("deduct")[201] == 2, storm.statuses("deduct")
    assert storm.statuses("saver")[201] == 2, storm.statuses("saver")

    # No stock below zero; every unit taken belongs to a live request.
    scarce = RedemptionItem.objects.get(pk=scarce.pk)
    taken = RedemptionRequest.objects.filter(item=scarce).count()
    assert storm.statuses("scarce")[201] == taken == 3
    assert scarce.stock_quantity == 0


IDEMPOTENT_OPERATIONS = {
    "tip": (
        "client",
        "/api/v1/writer-management/tips/",
        lambda a: {"writer_id": a.writer.pk, "tip_amount": "7.00", "tip_reason": "Once"},
        lambda a: Tip.objects.filter(client=a.client, tip_amount=Decimal("7.00")).count(),
    ),
    "wallet_credit": (
        "admin",
        "/api/v1/order-payments/wallets/{wallet}/credit/",
        lambda a: {"amount": "3.33", "reason": "Once"},
        lambda a: a.wallet.transactions.filter(amount=Decimal("3.33")).count(),
    ),
    "points_award": (
        "admin",
        "/api/v1/loyalty-management/award/",
        lambda a: {"client_id": a.client.pk, "points": 33, "reason": "Once"},
        lambda a: _loyalty_rows(a, 33),
    ),
    "redemption": (
        "client",
        "/api/v1/loyalty-management/redemption-requests/",
        lambda a: {"item_id": a.item_spare.pk},
        lambda a: RedemptionRequest.objects.filter(item=a.item_spare).count(),
    ),
    "redemption_approve": (
        "admin",
        "/api/v1/loyalty-management/redemption-requests/{redemption}/approve/",
        lambda a: {"note": "Once"},
        lambda a: LoyaltyTransaction.objects.filter(redemption=a.redemption, kind="redeem").count(),
    ),
    "fine": (
        "admin",
        "/api/v1/fines/fines/",
        lambda a: {
            "order_id": a.order_fined.pk,
            "fine_type_code": a.fine_type.code,
            "reason": "Once",
        },
        lambda a: Fine.objects.filter(order=a.order_fined, reason="Once").count(),
    ),
}


def _loyalty_rows(a, points: int) -> int:
    return LoyaltyTransaction.objects.filter(account__client=a.client, points=points).count()


def test_one_idempotency_key_sent_from_many_threads_executes_once():
    a = build_world().a
    for name, (role, path, body, count) in sorted(IDEMPOTENT_OPERATIONS.items()):
        path = path.format(wallet=a.wallet.pk, redemption=a.redemption.pk)
        before = count(a)
        key = str(uuid.uuid4())
        storm = Storm()
        for _ in range(8):
            storm.add(name, a.user(role), "POST", path, body(a), key=key)
        storm.run()

        statuses = storm.statuses(name)
        assert set(statuses) <= {200, 201, 409}, storm.results
        created = storm.bodies(name, 201) + storm.bodies(name, 200)
        assert created, storm.results
        assert len({body.get("id") for body in created}) == 1, name  # replays answer the first
        assert count(a) - before == 1, name
    assert invariants.violations() == []


def test_a_tip_refunded_from_many_threads_is_refunded_once():
    a = build_world().a
    writer_wallet_before = wallet_get_or_create(user=a.writer, website=a.website).balance
    storm = Storm()
    for _ in range(6):
        storm.add(
            "tip_refund",
            a.admin,
            "POST",
            f"/api/v1/writer-management/tips/{a.tip.pk}/refund/",
            {"reason": "Disputed"},
        )
    storm.run()
    assert storm.statuses("tip_refund") == Counter({200: 1, 409: 5}), storm.results
    tip = Tip.objects.get(pk=a.tip.pk)
    assert tip.payment_status == "refunded"
    writer_wallet = wallet_get_or_create(user=a.writer, website=a.website)
    assert writer_wallet.balance == writer_wallet_before - tip.writer_earning
    assert invariants.violations() == []


def test_locking_a_tip_for_a_refund_leaves_its_website_row_free():
    """Refund, confirm and retry lock a tip; that must not block the website's other writes.

    Every other transaction of the website takes a KEY SHARE lock on the website row at COMMIT
    (its deferred foreign-key checks): a tip lock that also locked the website row FOR UPDATE
    made concurrent tip refunds, payments and installment payments deadlock (500).
    """
    from writer_management.services.tips import _lock_tip

    a = build_world().a
    locked, release, outcome = threading.Event(), threading.Event(), {}

    def refunder():
        try:
            with transaction.atomic():
                _lock_tip(a.tip)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    thread = threading.Thread(target=refunder)
    thread.start()
    try:
        assert locked.wait(timeout=30)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
            try:
                cursor.execute(
                    "SELECT 1 FROM websites_website WHERE id = %s FOR KEY SHARE",
                    [a.website.pk],
                )
                outcome["website"] = "free"
            except OperationalError:
                outcome["website"] = "locked"
    finally:
        release.set()
        thread.join(timeout=30)
    assert outcome["website"] == "free"
