"""Adjustments a second admin approved (approvals' four-eyes): the payments app runs them."""

from order_payments_management.models import OrderPayment, Wallet, WalletTransactionKind
from order_payments_management.services.order_payments import order_payment_refund
from order_payments_management.services.wallets import wallet_credit, wallet_debit


def _wallet_move(adjustment, *, move, kind: str) -> dict:
    wallet = Wallet.objects.get(pk=adjustment.target_id, website_id=adjustment.website_id)
    row = move(
        wallet=wallet,
        amount=adjustment.amount,
        kind=kind,
        reason=adjustment.reason,
        created_by=adjustment.requested_by,
    )
    return {"transaction_id": row.pk, "balance_after": str(row.balance_after)}


def wallet_credit_approved(adjustment) -> dict:
    return _wallet_move(adjustment, move=wallet_credit, kind=WalletTransactionKind.ADMIN_CREDIT)


def wallet_debit_approved(adjustment) -> dict:
    return _wallet_move(adjustment, move=wallet_debit, kind=WalletTransactionKind.ADMIN_DEBIT)


def payment_refund_approved(adjustment) -> dict:
    payment = OrderPayment.objects.get(pk=adjustment.target_id, website_id=adjustment.website_id)
    payment = order_payment_refund(
        payment=payment, refunded_by=adjustment.requested_by, reason=adjustment.reason
    )
    return {"payment_id": payment.pk, "status": payment.status}
