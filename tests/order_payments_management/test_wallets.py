"""Wallets: credits and debits always write a ledger row; the balance never goes below zero."""

import logging
from decimal import Decimal

import pytest
from django.db import connection

from core.exceptions import DomainError
from order_payments_management.exceptions import InsufficientFunds
from order_payments_management.models import Wallet, WalletTransaction, WalletTransactionKind
from order_payments_management.selectors import wallet_ledger_sum, wallets_with_ledger_mismatch
from order_payments_management.services import (
    wallet_credit,
    wallet_debit,
    wallet_get_or_create,
    wallet_open,
    wallets_reconcile,
)
from order_payments_management.tasks import wallets_reconcile_task
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.order_payments_management.factories import WalletFactory
from tests.order_payments_management.utils import run_concurrently
from tests.websites.factories import WebsiteFactory

pytestmark = pytest.mark.django_db


def test_a_users_first_wallet_is_empty_and_opening_it_again_finds_the_same_one():
    writer = WriterFactory()
    wallet, created = wallet_open(user=writer, website=writer.website)
    again, created_again = wallet_open(user=writer, website=writer.website)
    assert created is True
    assert created_again is False
    assert again.pk == wallet.pk
    assert wallet.balance == Decimal("0.00")


def test_a_wallet_cannot_be_opened_on_another_website():
    client = ClientFactory()
    with pytest.raises(DomainError) as refused:
        wallet_get_or_create(user=client, website=WebsiteFactory())
    assert refused.value.field == "user_id"
    assert not Wallet.objects.exists()


def test_credit_and_debit_write_signed_ledger_rows_with_the_balance_after():
    wallet = WalletFactory()
    admin = AdminFactory(website=wallet.website)
    credit = wallet_credit(
        wallet=wallet,
        amount=Decimal("100.00"),
        kind=WalletTransactionKind.ADMIN_CREDIT,
        reason="Goodwill",
        created_by=admin,
    )
    debit = wallet_debit(
        wallet=wallet, amount=Decimal("30.25"), kind=WalletTransactionKind.ADMIN_DEBIT
    )
    wallet.refresh_from_db()
    assert (credit.amount, credit.balance_after, credit.created_by) == (
        Decimal("100.00"),
        Decimal("100.00"),
        admin,
    )
    assert (debit.amount, debit.balance_after) == (Decimal("-30.25"), Decimal("69.75"))
    assert wallet.balance == Decimal("69.75") == wallet_ledger_sum(wallet=wallet)


def test_a_debit_larger_than_the_balance_is_refused_and_changes_nothing():
    wallet = WalletFactory(balance=Decimal("20.00"))
    with pytest.raises(InsufficientFunds) as refused:
        wallet_debit(wallet=wallet, amount=Decimal("20.01"), kind=WalletTransactionKind.PAYMENT)
    assert refused.value.status_code == 409
    assert refused.value.code == "insufficient_funds"
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("20.00")
    assert wallet.transactions.count() == 1


def test_a_debit_of_the_whole_balance_leaves_exactly_zero():
    wallet = WalletFactory(balance=Decimal("20.00"))
    wallet_debit(wallet=wallet, amount=Decimal("20.00"), kind=WalletTransactionKind.PAYMENT)
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("0.00")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-5.00"), Decimal("1.005")])
def test_zero_negative_and_sub_cent_amounts_are_refused(amount):
    wallet = WalletFactory(balance=Decimal("50.00"))
    for move in (wallet_credit, wallet_debit):
        with pytest.raises(DomainError) as refused:
            move(wallet=wallet, amount=amount, kind=WalletTransactionKind.ADMIN_CREDIT)
        assert refused.value.field == "amount"
    assert wallet.transactions.count() == 1


def test_a_float_amount_is_a_programming_error():
    with pytest.raises(TypeError):
        wallet_credit(wallet=WalletFactory(), amount=1.5, kind=WalletTransactionKind.TOPUP)


def test_a_credit_that_would_overflow_the_balance_column_is_a_400_not_a_crash():
    wallet = WalletFactory(balance=Decimal("9999999999.00"))
    with pytest.raises(DomainError) as refused:
        wallet_credit(wallet=wallet, amount=Decimal("1.00"), kind=WalletTransactionKind.TOPUP)
    assert refused.value.code == "balance_too_large"


def test_the_database_refuses_a_negative_balance_even_behind_the_services_back():
    from django.db import IntegrityError, transaction

    wallet = WalletFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Wallet.objects.filter(pk=wallet.pk).update(balance=Decimal("-1.00"))


def test_reconcile_finds_a_balance_changed_behind_the_ledgers_back(caplog):
    healthy = WalletFactory(balance=Decimal("10.00"))
    broken = WalletFactory(balance=Decimal("10.00"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Wallet._meta.db_table} SET balance = balance + 5 WHERE id = %s",
            [broken.pk],
        )
    assert [w.pk for w in wallets_with_ledger_mismatch()] == [broken.pk]
    with caplog.at_level(logging.ERROR, logger="order_payments_management"):
        assert wallets_reconcile() == 1
    assert f"Wallet {broken.pk} balance 15.00 differs from its ledger sum 10.00" in caplog.text
    assert healthy.pk not in {w.pk for w in wallets_with_ledger_mismatch()}


def test_the_reconcile_task_counts_mismatches_and_is_safe_to_run_twice():
    wallet = WalletFactory(balance=Decimal("3.00"))
    assert wallets_reconcile_task.delay().get() == 0
    WalletTransaction.objects.filter(wallet=wallet).update(amount=Decimal("2.00"))
    assert wallets_reconcile_task.delay().get() == 1
    assert wallets_reconcile_task.delay().get() == 1


def test_a_wallet_without_ledger_rows_but_with_a_balance_is_a_mismatch():
    wallet = WalletFactory()
    Wallet.objects.filter(pk=wallet.pk).update(balance=Decimal("1.00"))
    assert [w.pk for w in wallets_with_ledger_mismatch()] == [wallet.pk]


@pytest.mark.django_db(transaction=True)
def test_concurrent_debits_never_overdraw_and_the_ledger_matches_the_balance():
    wallet = WalletFactory(balance=Decimal("100.00"))

    def debit():
        return wallet_debit(
            wallet=wallet, amount=Decimal("15.00"), kind=WalletTransactionKind.PAYMENT
        )

    results = run_concurrently([debit] * 10)

    succeeded = [r for r in results if isinstance(r, WalletTransaction)]
    refused = [r for r in results if isinstance(r, InsufficientFunds)]
    assert (len(succeeded), len(refused)) == (6, 4), results
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("10.00")
    assert wallet_ledger_sum(wallet=wallet) == wallet.balance
    assert sorted(r.balance_after for r in succeeded) == [
        Decimal(n) for n in ("10.00", "25.00", "40.00", "55.00", "70.00", "85.00")
    ]
    assert not wallets_with_ledger_mismatch().exists()
