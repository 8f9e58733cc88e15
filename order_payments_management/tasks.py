from celery import shared_task

from order_payments_management.services import wallets_reconcile


@shared_task(name="order_payments_management.wallets_reconcile_task")
def wallets_reconcile_task() -> int:
    """Compare every wallet's balance with its ledger sum and log each mismatch."""
    return wallets_reconcile()
