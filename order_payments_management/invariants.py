"""The rules wallets, payments, orders' payments and discounts keep (see `core.invariants`)."""

from core.invariants import Invariant

INVARIANTS = (
    Invariant(
        "wallet balance below zero",
        "SELECT id, balance FROM {order_payments_management.Wallet} WHERE balance < 0",
    ),
    Invariant(
        "wallet balance differs from its ledger sum",
        """
            SELECT w.id, w.balance, COALESCE(SUM(t.amount), 0)
            FROM {order_payments_management.Wallet} w
            LEFT JOIN {order_payments_management.WalletTransaction} t ON t.wallet_id = w.id
            GROUP BY w.id, w.balance
            HAVING w.balance <> COALESCE(SUM(t.amount), 0)
            """,
    ),
    Invariant(
        "wallet ledger row whose balance_after is not the running sum",
        """
            SELECT id, balance_after, running FROM (
                SELECT id, balance_after,
                       SUM(amount) OVER (PARTITION BY wallet_id ORDER BY id) AS running
                FROM {order_payments_management.WalletTransaction}
            ) rows WHERE balance_after <> running
            """,
    ),
    Invariant(
        "payment amount is not its original amount less its discount",
        """
            SELECT id, amount, original_amount, discount_amount
            FROM {order_payments_management.OrderPayment}
            WHERE amount <> original_amount - discount_amount OR amount < 0
            """,
    ),
    Invariant(
        "completed wallet payment charged other than once",
        """
            SELECT p.id, p.amount, COALESCE(-SUM(x.amount), 0)
            FROM {order_payments_management.OrderPayment} p
            LEFT JOIN {order_payments_management.WalletTransaction} x
                   ON x.payment_id = p.id AND x.kind = 'payment'
            WHERE p.method = 'wallet' AND p.status IN ('completed', 'refunded') AND p.amount > 0
            GROUP BY p.id, p.amount
            HAVING COALESCE(-SUM(x.amount), 0) <> p.amount
            """,
    ),
    Invariant(
        "refunded payment refunded other than once",
        """
            SELECT p.id, p.amount, COALESCE(SUM(x.amount), 0)
            FROM {order_payments_management.OrderPayment} p
            LEFT JOIN {order_payments_management.WalletTransaction} x
                   ON x.payment_id = p.id AND x.kind = 'refund'
            WHERE p.status = 'refunded' AND p.amount > 0
            GROUP BY p.id, p.amount
            HAVING COALESCE(SUM(x.amount), 0) <> p.amount
            """,
    ),
    Invariant(
        "order paid more than once",
        """
            SELECT order_id, COUNT(*) FROM {order_payments_management.OrderPayment}
            WHERE payment_type = 'order' AND status IN ('pending', 'processing', 'completed')
            GROUP BY order_id HAVING COUNT(*) > 1
            """,
    ),
    Invariant(
        "order payment completed while its order is not paid, in progress or completed",
        """
            SELECT p.id, o.id, o.status FROM {order_payments_management.OrderPayment} p
            JOIN {orders.Order} o ON o.id = p.order_id
            WHERE p.payment_type = 'order' AND p.status = 'completed'
              AND o.status NOT IN ('paid', 'in_progress', 'completed')
            """,
    ),
    Invariant(
        "order payment pending or processing while its order is not unpaid",
        """
            SELECT p.id, o.id, o.status FROM {order_payments_management.OrderPayment} p
            JOIN {orders.Order} o ON o.id = p.order_id
            WHERE p.payment_type = 'order' AND p.status IN ('pending', 'processing')
              AND o.status <> 'unpaid'
            """,
    ),
    Invariant(
        "order paid, in progress or completed without a completed order payment",
        """
            SELECT o.id, o.status FROM {orders.Order} o
            WHERE o.status IN ('paid', 'in_progress', 'completed') AND NOT EXISTS (
                SELECT 1 FROM {order_payments_management.OrderPayment} p
                WHERE p.order_id = o.id AND p.payment_type = 'order'
                  AND (p.status = 'completed'
                       OR (p.status = 'refunded' AND o.status = 'completed'))
            )
            """,
    ),
    Invariant(
        "order payment without its order, or another payment type pointing at an order",
        """
            SELECT id, payment_type, order_id FROM {order_payments_management.OrderPayment}
            WHERE (payment_type = 'order') <> (order_id IS NOT NULL)
            """,
    ),
    Invariant(
        "discount used more often than its limit or its usage rows say",
        """
            SELECT d.id, d.used_count, d.max_uses, COUNT(u.id)
            FROM {order_payments_management.Discount} d
            LEFT JOIN {order_payments_management.DiscountUsage} u ON u.discount_id = d.id
            GROUP BY d.id, d.used_count, d.max_uses
            HAVING d.used_count <> COUNT(u.id) OR (d.max_uses IS NOT NULL AND d.used_count > d.max_uses)
            """,
    ),
)
