"""Wallets API: owners read their wallet and ledger; admins open, credit and debit wallets."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings
from django.utils import timezone

from order_payments_management.models import Wallet, WalletTransaction, WalletTransactionKind
from order_payments_management.services import wallet_credit, wallet_debit
from tests.accounts.factories import (
    AdminFactory,
    ClientFactory,
    SuperAdminFactory,
    WriterFactory,
)
from tests.order_payments_management.factories import WalletFactory
from tests.order_payments_management.utils import (
    assert_list_queries_constant,
    idempotent_post,
    query_count,
)

pytestmark = pytest.mark.django_db

WALLETS = "/api/v1/order-payments/wallets/"


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def _transactions_url(wallet) -> str:
    return f"{WALLETS}{wallet.pk}/transactions/"


# Reading wallets


@pytest.mark.parametrize("factory", [ClientFactory, WriterFactory])
def test_clients_and_writers_see_only_their_own_wallet(api_client_for, factory):
    owner = factory()
    mine = WalletFactory(user=owner, balance=Decimal("12.34"))
    theirs = WalletFactory(website=owner.website)
    api = api_client_for(owner)
    assert _ids(api.get(WALLETS)) == {mine.pk}
    detail = api.get(f"{WALLETS}{mine.pk}/")
    assert detail.status_code == 200
    assert detail.json()["balance"] == 12.34
    assert detail.json()["user"]["id"] == owner.pk
    assert detail.json()["user_role"] == owner.role
    assert api.get(f"{WALLETS}{theirs.pk}/").status_code == 404


def test_an_admin_sees_every_wallet_of_their_website_and_filters_them(api_client_for):
    admin = AdminFactory()
    client_wallet = WalletFactory(website=admin.website)
    writer_wallet = WalletFactory(user=WriterFactory(website=admin.website))
    WalletFactory()  # another website's
    api = api_client_for(admin)
    assert _ids(api.get(WALLETS)) == {client_wallet.pk, writer_wallet.pk}
    assert _ids(api.get(WALLETS, {"role": "writer"})) == {writer_wallet.pk}
    assert _ids(api.get(WALLETS, {"user_id": client_wallet.user_id})) == {client_wallet.pk}


def test_an_admin_reading_another_websites_wallet_gets_404(api_client_for):
    wallet = WalletFactory()
    api = api_client_for(AdminFactory())
    assert api.get(f"{WALLETS}{wallet.pk}/").status_code == 404
    assert api.get(_transactions_url(wallet)).status_code == 404


def test_a_superadmin_sees_all_wallets_and_narrows_to_one_website(api_client_for):
    first, second = WalletFactory(), WalletFactory()
    api = api_client_for(SuperAdminFactory())
    assert _ids(api.get(WALLETS)) == {first.pk, second.pk}
    assert _ids(api.get(WALLETS, {"website_id": second.website_id})) == {second.pk}


def test_listing_wallets_needs_authentication(api_client):
    assert api_client.get(WALLETS).status_code == 401


def test_listing_wallets_costs_the_same_queries_for_1_or_30_rows(api_client_for):
    admin = AdminFactory()
    assert_list_queries_constant(
        api_client_for(admin),
        WALLETS,
        lambda n: WalletFactory.create_batch(n, website=admin.website),
        most=4,
    )


# The ledger


def test_the_owner_reads_their_ledger_newest_first(api_client_for):
    wallet = WalletFactory(balance=Decimal("100.00"))
    wallet_debit(wallet=wallet, amount=Decimal("40.00"), kind=WalletTransactionKind.PAYMENT)
    response = api_client_for(wallet.user).get(_transactions_url(wallet))
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(r["kind"], r["amount"], r["balance_after"]) for r in rows] == [
        ("payment", -40.0, 60.0),
        ("topup", 100.0, 100.0),
    ]


def test_the_ledger_filters_by_kind_and_date(api_client_for):
    wallet = WalletFactory(balance=Decimal("100.00"))
    old = wallet_debit(wallet=wallet, amount=Decimal("1.00"), kind=WalletTransactionKind.PAYMENT)
    WalletTransaction.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    recent = wallet_debit(wallet=wallet, amount=Decimal("2.00"), kind=WalletTransactionKind.PAYMENT)
    api = api_client_for(wallet.user)
    url = _transactions_url(wallet)
    assert _ids(api.get(url, {"kind": "payment"})) == {old.pk, recent.pk}
    since = (timezone.now() - timedelta(days=2)).date().isoformat()
    assert _ids(api.get(url, {"kind": "payment", "date_from": since})) == {recent.pk}
    until = (timezone.now() - timedelta(days=5)).date().isoformat()
    assert _ids(api.get(url, {"date_to": until})) == {old.pk}
    bad = api.get(url, {"kind": "gift"})
    assert bad.status_code == 400
    assert "kind" in bad.json()["errors"]
    reversed_range = api.get(url, {"date_from": since, "date_to": until})
    assert reversed_range.status_code == 400
    assert set(reversed_range.json()["errors"]) == {"date_from"}


@override_settings(REPORTING_TIME_ZONE="America/New_York")
def test_ledger_dates_are_local_days_of_the_reporting_time_zone(api_client_for):
    wallet = WalletFactory(balance=Decimal("100.00"))
    late = wallet_debit(wallet=wallet, amount=Decimal("1.00"), kind=WalletTransactionKind.PAYMENT)
    # 23:30 on 1 March in New York is 04:30 on 2 March in UTC.
    WalletTransaction.objects.filter(pk=late.pk).update(
        created_at=datetime(2025, 3, 2, 4, 30, tzinfo=UTC)
    )
    api, url = api_client_for(wallet.user), _transactions_url(wallet)

    assert _ids(api.get(url, {"date_from": "2025-03-01", "date_to": "2025-03-01"})) == {late.pk}
    assert _ids(api.get(url, {"date_from": "2025-03-02", "date_to": "2025-03-02"})) == set()


def test_another_users_ledger_is_404(api_client_for):
    wallet = WalletFactory()
    stranger = ClientFactory(website=wallet.website)
    assert api_client_for(stranger).get(_transactions_url(wallet)).status_code == 404


def test_the_ledger_is_paginated(api_client_for):
    wallet = WalletFactory(balance=Decimal("100.00"))
    for _ in range(4):
        wallet_debit(wallet=wallet, amount=Decimal("1.00"), kind=WalletTransactionKind.PAYMENT)
    body = api_client_for(wallet.user).get(_transactions_url(wallet), {"limit": 2}).json()
    assert body["count"] == 5
    assert len(body["results"]) == 2
    assert "offset=2" in body["next"]


def test_reading_a_ledger_costs_the_same_queries_for_1_or_30_rows(api_client_for):
    wallet = WalletFactory(balance=Decimal("1000.00"))

    def add_rows(n):
        for _ in range(n):
            wallet_credit(wallet=wallet, amount=Decimal("1.00"), kind=WalletTransactionKind.EARNING)

    WalletTransaction.objects.all().delete()
    Wallet.objects.filter(pk=wallet.pk).update(balance=0)
    assert_list_queries_constant(
        api_client_for(wallet.user), _transactions_url(wallet), add_rows, most=5
    )


# Opening a wallet for a user


def test_an_admin_opens_a_wallet_for_a_client_and_finds_it_again(api_client_for):
    admin = AdminFactory()
    client = ClientFactory(website=admin.website)
    api = api_client_for(admin)
    opened = api.post(WALLETS, {"user_id": client.pk}, format="json")
    assert opened.status_code == 201
    assert (opened.json()["balance"], opened.json()["user"]["id"]) == (0.0, client.pk)
    found = api.post(WALLETS, {"user_id": client.pk}, format="json")
    assert found.status_code == 200
    assert found.json()["id"] == opened.json()["id"]
    assert Wallet.objects.filter(user=client).count() == 1


def test_a_superadmin_opens_a_wallet_on_the_users_website(api_client_for):
    writer = WriterFactory()
    response = api_client_for(SuperAdminFactory()).post(
        WALLETS, {"user_id": writer.pk}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["website"]["id"] == writer.website_id


@pytest.mark.parametrize(
    "make_user",
    [
        lambda admin: ClientFactory(),  # another website's client
        lambda admin: AdminFactory(website=admin.website),  # admins have no wallet
        lambda admin: ClientFactory(website=admin.website, is_active=False),
        lambda admin: None,
    ],
)
def test_opening_a_wallet_for_someone_not_a_client_or_writer_here_is_400(api_client_for, make_user):
    admin = AdminFactory()
    user = make_user(admin)
    user_id = user.pk if user else 987654
    response = api_client_for(admin).post(WALLETS, {"user_id": user_id}, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["user_id"]
    assert not Wallet.objects.exists()


@pytest.mark.parametrize("factory", [ClientFactory, WriterFactory])
def test_clients_and_writers_may_not_open_wallets(api_client_for, factory):
    user = factory()
    response = api_client_for(user).post(WALLETS, {"user_id": user.pk}, format="json")
    assert response.status_code == 403


# Crediting and debiting


def test_an_admin_credits_a_wallet_with_a_reason(api_client_for):
    wallet = WalletFactory(balance=Decimal("10.00"))
    admin = AdminFactory(website=wallet.website)
    response = idempotent_post(
        api_client_for(admin),
        f"{WALLETS}{wallet.pk}/credit/",
        {"amount": "50.00", "reason": "Goodwill credit"},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["kind"], body["amount"], body["balance_after"], body["reason"]) == (
        "admin_credit",
        50.0,
        60.0,
        "Goodwill credit",
    )
    assert body["created_by_id"] == admin.pk
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("60.00")


def test_an_admin_debits_a_wallet_but_never_below_zero(api_client_for):
    wallet = WalletFactory(balance=Decimal("10.00"))
    api = api_client_for(AdminFactory(website=wallet.website))
    url = f"{WALLETS}{wallet.pk}/debit/"
    debited = idempotent_post(api, url, {"amount": "4.00", "reason": "Correction"})
    assert debited.status_code == 201
    assert (debited.json()["amount"], debited.json()["balance_after"]) == (-4.0, 6.0)
    refused = idempotent_post(api, url, {"amount": "6.01", "reason": "Correction"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "insufficient_funds"
    assert list(refused.json()["errors"]) == ["amount"]
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("6.00")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"amount": "5.00"}, "reason"),
        ({"amount": "5.00", "reason": "   "}, "reason"),
        ({"amount": "5.001", "reason": "x"}, "amount"),
        ({"amount": "-5.00", "reason": "x"}, "amount"),
        ({"amount": "0", "reason": "x"}, "amount"),
        ({"amount": "abc", "reason": "x"}, "amount"),
        ({"reason": "x"}, "amount"),
    ],
)
@pytest.mark.parametrize("action", ["credit", "debit"])
def test_bad_credit_or_debit_input_is_400_naming_the_field(api_client_for, data, field, action):
    wallet = WalletFactory(balance=Decimal("10.00"))
    api = api_client_for(AdminFactory(website=wallet.website))
    response = idempotent_post(api, f"{WALLETS}{wallet.pk}/{action}/", data)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert wallet.transactions.count() == 1


@pytest.mark.parametrize("action", ["credit", "debit"])
def test_crediting_needs_an_idempotency_key(api_client_for, action):
    wallet = WalletFactory(balance=Decimal("10.00"))
    api = api_client_for(AdminFactory(website=wallet.website))
    response = api.post(
        f"{WALLETS}{wallet.pk}/{action}/", {"amount": "1.00", "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["Idempotency-Key"]


def test_a_credit_retried_with_the_same_key_moves_the_money_once(api_client_for):
    wallet = WalletFactory()
    api = api_client_for(AdminFactory(website=wallet.website))
    url = f"{WALLETS}{wallet.pk}/credit/"
    data = {"amount": "25.00", "reason": "Bonus"}
    first = idempotent_post(api, url, data, key="credit-1")
    second = idempotent_post(api, url, data, key="credit-1")
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("25.00")


@pytest.mark.parametrize("action", ["credit", "debit"])
def test_an_admin_crediting_another_websites_wallet_gets_404(api_client_for, action):
    wallet = WalletFactory(balance=Decimal("10.00"))
    response = idempotent_post(
        api_client_for(AdminFactory()),
        f"{WALLETS}{wallet.pk}/{action}/",
        {"amount": "1.00", "reason": "x"},
    )
    assert response.status_code == 404
    wallet.refresh_from_db()
    assert wallet.balance == Decimal("10.00")


@pytest.mark.parametrize("action", ["credit", "debit"])
def test_owners_may_not_credit_or_debit_their_own_wallet(api_client_for, action):
    wallet = WalletFactory(balance=Decimal("10.00"))
    response = idempotent_post(
        api_client_for(wallet.user),
        f"{WALLETS}{wallet.pk}/{action}/",
        {"amount": "1.00", "reason": "x"},
    )
    assert response.status_code == 403


def test_a_credit_costs_a_bounded_number_of_queries_whatever_the_ledger_length(api_client_for):
    wallet = WalletFactory(balance=Decimal("1.00"))
    api = api_client_for(AdminFactory(website=wallet.website))
    url = f"{WALLETS}{wallet.pk}/credit/"
    first = query_count(lambda: idempotent_post(api, url, {"amount": "1.00", "reason": "x"}))
    for _ in range(29):
        wallet_credit(wallet=wallet, amount=Decimal("1.00"), kind=WalletTransactionKind.EARNING)
    later = query_count(lambda: idempotent_post(api, url, {"amount": "1.00", "reason": "x"}))
    assert later == first
    # 16: one of them reads the website's four-eyes thresholds (docs/APPROVALS.md).
    assert later <= 16
