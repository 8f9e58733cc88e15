"""The checklist's migration `0005_discountusage_and_more` rolls back and re-applies with data.

Rolling back to 0004 keeps every payment and what it charged (`amount`) but drops the discount
details; re-applying restores `original_amount` from `amount` (documented in docs/PAYMENTS.md).
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from order_payments_management.models import DiscountUsage, OrderPayment
from order_payments_management.services import order_pay
from tests.order_payments_management.factories import (
    DiscountFactory,
    OrderPaymentFactory,
    WalletFactory,
)
from tests.orders.factories import OrderFactory

APP = "order_payments_management"
BEFORE = (APP, "0004_orderpayment_refund_fields")
NAMED = (APP, "0005_discountusage_and_more")


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def _leaf_nodes():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _columns(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def test_the_named_migration_exists_where_the_checklist_looks():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    migration = loader.disk_migrations[NAMED]
    assert migration.__module__ == f"{APP}.migrations.0005_discountusage_and_more"
    assert BEFORE in migration.dependencies
    assert all(operation.reversible for operation in migration.operations)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_0005_reverses_to_0004_and_re_applies_on_a_database_with_payments():
    order = OrderFactory()
    WalletFactory(user=order.client, balance=Decimal("500.00"))
    DiscountFactory(website=order.website, code="TENPC")
    discounted = order_pay(order=order, client=order.client, discount_code="TENPC")
    plain = OrderPaymentFactory(original_amount=Decimal("80.00"))
    payments_table = OrderPayment._meta.db_table
    leaves = _leaf_nodes()

    try:
        _migrate([BEFORE])

        assert {"original_amount", "discount_amount", "discount_id"}.isdisjoint(
            _columns(payments_table)
        )
        assert DiscountUsage._meta.db_table not in _tables()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, amount FROM {payments_table} ORDER BY id")
            assert cursor.fetchall() == [
                (discounted.pk, Decimal("108.00")),
                (plain.pk, Decimal("80.00")),
            ]
    finally:
        _migrate(leaves)

    discounted.refresh_from_db()
    plain.refresh_from_db()
    # Forward again: what was charged becomes the original amount; the discount detail is gone.
    assert (discounted.original_amount, discounted.discount_amount, discounted.amount) == (
        Decimal("108.00"),
        Decimal("0.00"),
        Decimal("108.00"),
    )
    assert discounted.discount_id is None
    assert (plain.original_amount, plain.amount) == (Decimal("80.00"), Decimal("80.00"))
    assert not DiscountUsage.objects.exists()
    # The schema works again: a new discounted payment is recorded in full.
    second = OrderFactory(website=order.website, client=order.client)
    again = order_pay(order=second, client=second.client, discount_code="TENPC")
    assert (again.original_amount, again.discount_amount) == (Decimal("120.00"), Decimal("12.00"))


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_0007_binds_existing_loyalty_codes_to_their_client_and_reverses():
    from order_payments_management.models import Discount, DiscountOrigin
    from tests.accounts.factories import AdminFactory, ClientFactory

    client = ClientFactory()
    admin = AdminFactory(website=client.website)
    loyalty = DiscountFactory(website=client.website, origin=DiscountOrigin.LOYALTY)
    open_code = DiscountFactory(website=client.website)
    leaves = _leaf_nodes()
    try:
        _migrate([(APP, "0006_orderpayment_one_live_payment_per_order")])
        assert "client_id" not in _columns(Discount._meta.db_table)
        with connection.cursor() as cursor:  # what the previous release recorded
            cursor.execute(
                f"UPDATE {Discount._meta.db_table} SET created_by_id = %s WHERE id = %s",
                [client.pk, loyalty.pk],
            )
            cursor.execute(
                f"UPDATE {Discount._meta.db_table} SET created_by_id = %s WHERE id = %s",
                [admin.pk, open_code.pk],
            )
    finally:
        _migrate(leaves)
    loyalty.refresh_from_db()
    open_code.refresh_from_db()
    assert (loyalty.client_id, open_code.client_id) == (client.pk, None)
