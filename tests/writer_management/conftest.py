"""Shared set-up of the writer-management tests: a website with a client, a levelled writer."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from order_payments_management.models import Wallet, WalletTransaction, WalletTransactionKind
from order_payments_management.services import wallet_credit, wallet_get_or_create
from tests.accounts.factories import AdminFactory, ClientFactory, WriterFactory
from tests.websites.factories import WebsiteFactory
from tests.writer_management.factories import WriterLevelFactory, WriterProfileFactory


def fund(user, amount: str | Decimal) -> None:
    """Top up a user's wallet on their website."""
    wallet_credit(
        wallet=wallet_get_or_create(user=user, website=user.website),
        amount=Decimal(amount),
        kind=WalletTransactionKind.TOPUP,
        reason="Test top-up",
    )


def balance(user) -> Decimal:
    wallet = Wallet.objects.filter(user=user, website_id=user.website_id).first()
    return wallet.balance if wallet else Decimal("0.00")


def ledger_kinds(user) -> list[str]:
    """The kinds of the user's ledger rows, oldest first (top-ups left out)."""
    return list(
        WalletTransaction.objects.filter(wallet__user=user)
        .exclude(kind=WalletTransactionKind.TOPUP)
        .order_by("id")
        .values_list("kind", flat=True)
    )


@dataclass
class TipWorld:
    website: object
    client: object
    writer: object
    admin: object
    level: object


@pytest.fixture
def world(db) -> TipWorld:
    """A website whose writer is on a 40 % level and whose client holds 100.00."""
    website = WebsiteFactory()
    level = WriterLevelFactory(website=website, name="Intermediate", tip_percentage=Decimal("40"))
    writer = WriterFactory(website=website)
    WriterProfileFactory(website=website, user=writer, level=level)
    client = ClientFactory(website=website)
    fund(client, "100.00")
    return TipWorld(
        website=website,
        client=client,
        writer=writer,
        admin=AdminFactory(website=website),
        level=level,
    )
