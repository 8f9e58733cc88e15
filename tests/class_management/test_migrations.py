"""class_management 0005 reverses to 0004 and re-applies on a database with rows."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from class_management.models import ClassBundle, ClassInstallment
from class_management.services import class_bundle_deposit_pay, class_installment_pay
from tests.class_management.factories import active_bundle, fund_wallet

BEFORE = ("class_management", "0004_classinstallment_updated_at_and_constraints")


def _migrate(target: list[tuple[str, str]]):
    MigrationExecutor(connection).migrate(target)
    return MigrationExecutor(connection).loader.project_state(target).apps


def _leaf() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes("class_management")


@pytest.mark.django_db(transaction=True)
def test_installment_schedule_rolls_back_and_forward_with_rows():
    bundle = active_bundle(count=3)
    fund_wallet(bundle.client, Decimal("1000"))
    bundle = class_bundle_deposit_pay(bundle=bundle, client=bundle.client)
    first = bundle.installments.get(installment_number=1)
    class_installment_pay(installment=first, client=bundle.client)
    first.refresh_from_db()
    assert bundle.deposit_payment_id is not None
    assert first.payment_record_id is not None
    leaf = _leaf()
    paid_long_ago = timezone.now() - timedelta(days=40)
    try:
        old_apps = _migrate([BEFORE])
        old_installment = old_apps.get_model("class_management", "ClassInstallment")
        # The old shape holds only money received: the unpaid installments are gone.
        kept = list(old_installment.objects.all())
        assert [(row.pk, row.amount, row.paid_by_id) for row in kept] == [
            (first.pk, first.amount, bundle.client_id)
        ]
        assert kept[0].paid_at == first.paid_at
        assert old_apps.get_model("class_management", "ClassBundle").objects.get(
            pk=bundle.pk
        ).deposit_payment_id == (bundle.deposit_payment_id)
        # A payment the old code recorded, earlier than the one above.
        old_installment.objects.create(
            bundle_id=bundle.pk,
            amount=Decimal("10.00"),
            paid_at=paid_long_ago,
            paid_by_id=bundle.client_id,
        )
    finally:
        _migrate(leaf)

    rows = list(ClassInstallment.objects.filter(bundle=bundle))
    assert [(row.installment_number, row.amount, row.is_paid) for row in rows] == [
        (1, Decimal("10.00"), True),
        (2, first.amount, True),
    ]
    assert rows[0].due_date == paid_long_ago.date()
    assert rows[0].created_at == paid_long_ago
    assert (rows[1].paid_at, rows[1].paid_by_id) == (first.paid_at, bundle.client_id)
    # The link to the payment is one of the things a rollback loses.
    assert rows[1].payment_record_id is None
    assert ClassBundle.objects.get(pk=bundle.pk).deposit_payment_id == bundle.deposit_payment_id
    ClassInstallment.objects.create(
        bundle=bundle, installment_number=3, amount=Decimal("1.00"), due_date=timezone.localdate()
    )
