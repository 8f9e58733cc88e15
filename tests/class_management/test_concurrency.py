"""Two clients' requests racing to pay the same thing: exactly one charge goes through."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from class_management.exceptions import DepositAlreadyPaid, InstallmentAlreadyPaid
from class_management.models import ClassBundle, ClassInstallment
from class_management.services import class_bundle_deposit_pay, class_installment_pay
from order_payments_management.models import OrderPayment, Wallet, WalletTransaction
from tests.class_management.factories import active_bundle, fund_wallet

ATTEMPTS = 4


def _race(work) -> list:
    """Run `work` in ATTEMPTS threads released together; return what each returned or raised."""
    barrier = threading.Barrier(ATTEMPTS)
    outcomes: list = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait()
            result = work()
        except Exception as error:
            result = error
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_payments_of_one_installment_charge_once():
    bundle = active_bundle(deposit_required=Decimal("0"), count=3)
    fund_wallet(bundle.client, Decimal("1000.00"))
    installment = bundle.installments.get(installment_number=1)

    outcomes = _race(lambda: class_installment_pay(installment=installment, client=bundle.client))

    paid = [o for o in outcomes if isinstance(o, ClassInstallment)]
    refused = [o for o in outcomes if isinstance(o, InstallmentAlreadyPaid)]
    assert (len(paid), len(refused)) == (1, ATTEMPTS - 1), outcomes
    assert OrderPayment.objects.count() == 1
    assert WalletTransaction.objects.filter(amount__lt=0).count() == 1
    assert Wallet.objects.get(user=bundle.client).balance == Decimal("1000.00") - installment.amount


@pytest.mark.django_db(transaction=True)
def test_concurrent_deposit_payments_charge_once():
    bundle = active_bundle()
    fund_wallet(bundle.client, Decimal("1000.00"))

    outcomes = _race(lambda: class_bundle_deposit_pay(bundle=bundle, client=bundle.client))

    assert sum(isinstance(o, ClassBundle) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, DepositAlreadyPaid) for o in outcomes) == ATTEMPTS - 1
    assert OrderPayment.objects.count() == 1
    assert Wallet.objects.get(user=bundle.client).balance == Decimal("900.00")
