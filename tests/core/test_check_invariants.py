"""`manage.py check_invariants`: every app's money and points rules, for operators."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core.invariants import check_invariants, registered_invariants
from order_payments_management.models import Wallet
from tests.accounts.factories import ClientFactory
from tests.writer_management.conftest import fund

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_invariants", *args, stdout=out)
    except SystemExit as stop:
        return stop.code, out.getvalue()
    return 0, out.getvalue()


def test_every_app_that_owns_money_or_points_registers_its_rules():
    apps = {app for app, _ in registered_invariants()}
    assert apps == {
        "core",
        "order_payments_management",
        "class_management",
        "writer_management",
        "loyalty_management",
        "webhooks",
    }


def test_clean_data_passes_and_says_how_many_rules_it_checked():
    fund(ClientFactory(), "25.00")
    code, out = run()
    assert code == 0
    assert f"All {len(registered_invariants())} invariants hold." in out


def test_a_balance_changed_behind_the_ledger_fails_and_names_the_wallet():
    client = ClientFactory()
    fund(client, "25.00")
    wallet = Wallet.objects.get(user=client)
    Wallet.objects.filter(pk=wallet.pk).update(balance=Decimal("99.00"))

    code, out = run()

    assert code == 1
    assert "wallet balance differs from its ledger sum" in out
    assert f"({wallet.pk}, '99.00', '25.00')" in out


def test_json_output_lists_each_violation_with_its_app():
    client = ClientFactory()
    fund(client, "10.00")
    Wallet.objects.filter(user=client).update(balance=Decimal("11.00"))

    code, out = run("--json")

    assert code == 1
    payload = json.loads(out)
    assert payload["checked"] == len(registered_invariants())
    found = {(v["app"], v["invariant"]) for v in payload["violations"]}
    assert ("order_payments_management", "wallet balance differs from its ledger sum") in found


def test_one_app_can_be_checked_alone():
    client = ClientFactory()
    fund(client, "10.00")
    Wallet.objects.filter(user=client).update(balance=Decimal("11.00"))

    assert run("--app", "loyalty_management")[0] == 0
    assert run("--app", "order_payments_management")[0] == 1
    assert check_invariants(app_labels={"loyalty_management"}) == []


def test_an_unknown_app_is_refused():
    with pytest.raises(CommandError, match="No invariants for app"):
        call_command("check_invariants", "--app", "nope", stdout=StringIO())
