"""Writes of wallets, payments and discounts; other apps import them from here.

Lock order, everywhere: order, then payment, then discount, then wallets (client before writer).
Every balance change writes its ledger row in the same transaction, so a wallet's balance is
always the sum of its ledger.
"""

from order_payments_management.services.discounts import (
    discount_create,
    discount_delete,
    discount_update,
)
from order_payments_management.services.order_payments import (
    order_pay,
    order_payment_cancel,
    order_payment_confirm_manual,
    order_payment_refund,
)
from order_payments_management.services.payments import (
    payment_cancel,
    payment_charge_wallet,
    payment_confirm_manual,
    payment_create,
    payment_create_from_wallet,
    payment_pay_from_wallet,
    payment_refund,
    payment_request_manual,
    payment_transition,
)
from order_payments_management.services.wallets import (
    wallet_credit,
    wallet_credit_to,
    wallet_debit,
    wallet_get_or_create,
    wallet_open,
    wallets_reconcile,
)

__all__ = [
    "discount_create",
    "discount_delete",
    "discount_update",
    "order_pay",
    "order_payment_cancel",
    "order_payment_confirm_manual",
    "order_payment_refund",
    "payment_cancel",
    "payment_charge_wallet",
    "payment_confirm_manual",
    "payment_create",
    "payment_create_from_wallet",
    "payment_pay_from_wallet",
    "payment_refund",
    "payment_request_manual",
    "payment_transition",
    "wallet_credit",
    "wallet_credit_to",
    "wallet_debit",
    "wallet_get_or_create",
    "wallet_open",
    "wallets_reconcile",
]
