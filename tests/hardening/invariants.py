"""Money and points invariants, checked straight on the tables (never through the apps' code).

Each check returns a list of human-readable violations; an empty list means the invariant holds.
"""

from decimal import Decimal

from django.db import connection

# (description, SQL returning one row per violation)
CHECKS: tuple[tuple[str, str], ...] = (
    (
        "wallet balance below zero",
        "SELECT id, balance FROM order_payments_management_wallet WHERE balance < 0",
    ),
    (
        "wallet balance differs from its ledger sum",
        """
        SELECT w.id, w.balance, COALESCE(SUM(t.amount), 0)
        FROM order_payments_management_wallet w
        LEFT JOIN order_payments_management_wallettransaction t ON t.wallet_id = w.id
        GROUP BY w.id, w.balance
        HAVING w.balance <> COALESCE(SUM(t.amount), 0)
        """,
    ),
    (
        "wallet ledger row whose balance_after is not the running sum",
        """
        SELECT id, balance_after, running FROM (
            SELECT id, balance_after,
                   SUM(amount) OVER (PARTITION BY wallet_id ORDER BY id) AS running
            FROM order_payments_management_wallettransaction
        ) rows WHERE balance_after <> running
        """,
    ),
    (
        "points balance or held points below zero, or held above the balance",
        """
        SELECT id, points_balance, points_held FROM loyalty_management_loyaltyaccount
        WHERE points_balance < 0 OR points_held < 0 OR points_held > points_balance
        """,
    ),
    (
        "points balance differs from its ledger sum",
        """
        SELECT a.id, a.points_balance, COALESCE(SUM(t.points), 0)
        FROM loyalty_management_loyaltyaccount a
        LEFT JOIN loyalty_management_loyaltytransaction t ON t.account_id = a.id
        GROUP BY a.id, a.points_balance
        HAVING a.points_balance <> COALESCE(SUM(t.points), 0)
        """,
    ),
    (
        "held points differ from the ledger's held changes",
        """
        SELECT a.id, a.points_held, COALESCE(SUM(t.points_held_change), 0)
        FROM loyalty_management_loyaltyaccount a
        LEFT JOIN loyalty_management_loyaltytransaction t ON t.account_id = a.id
        GROUP BY a.id, a.points_held
        HAVING a.points_held <> COALESCE(SUM(t.points_held_change), 0)
        """,
    ),
    (
        "held points differ from the points of pending redemption requests",
        """
        SELECT a.id, a.points_held, COALESCE(SUM(r.points_used), 0)
        FROM loyalty_management_loyaltyaccount a
        LEFT JOIN loyalty_management_redemptionrequest r
               ON r.account_id = a.id AND r.status = 'pending'
        GROUP BY a.id, a.points_held
        HAVING a.points_held <> COALESCE(SUM(r.points_used), 0)
        """,
    ),
    (
        "tip split does not add up",
        """
        SELECT id, tip_amount, writer_earning, platform_profit FROM writer_management_tip
        WHERE tip_amount <> writer_earning + platform_profit
           OR writer_earning < 0 OR platform_profit < 0
        """,
    ),
    (
        "tip status differs from its payment's",
        """
        SELECT t.id, t.payment_status, p.status FROM writer_management_tip t
        JOIN order_payments_management_orderpayment p ON p.id = t.payment_id
        WHERE (t.payment_status IN ('completed', 'refunded', 'pending', 'failed',
                                    'processing'))
          AND t.payment_status <> p.status
        """,
    ),
    (
        "completed tip whose writer share was not credited exactly once",
        """
        SELECT t.id, t.writer_earning, COALESCE(SUM(x.amount), 0) FROM writer_management_tip t
        LEFT JOIN order_payments_management_wallettransaction x
               ON x.reference = 'tip:' || t.id AND x.kind = 'earning'
        WHERE t.payment_status = 'completed' AND t.writer_earning > 0
        GROUP BY t.id, t.writer_earning
        HAVING COALESCE(SUM(x.amount), 0) <> t.writer_earning
        """,
    ),
    (
        "payment amount is not its original amount less its discount",
        """
        SELECT id, amount, original_amount, discount_amount
        FROM order_payments_management_orderpayment
        WHERE amount <> original_amount - discount_amount OR amount < 0
        """,
    ),
    (
        "completed wallet payment charged other than once",
        """
        SELECT p.id, p.amount, COALESCE(-SUM(x.amount), 0)
        FROM order_payments_management_orderpayment p
        LEFT JOIN order_payments_management_wallettransaction x
               ON x.payment_id = p.id AND x.kind = 'payment'
        WHERE p.method = 'wallet' AND p.status IN ('completed', 'refunded') AND p.amount > 0
        GROUP BY p.id, p.amount
        HAVING COALESCE(-SUM(x.amount), 0) <> p.amount
        """,
    ),
    (
        "refunded payment refunded other than once",
        """
        SELECT p.id, p.amount, COALESCE(SUM(x.amount), 0)
        FROM order_payments_management_orderpayment p
        LEFT JOIN order_payments_management_wallettransaction x
               ON x.payment_id = p.id AND x.kind = 'refund'
        WHERE p.status = 'refunded' AND p.amount > 0
        GROUP BY p.id, p.amount
        HAVING COALESCE(SUM(x.amount), 0) <> p.amount
        """,
    ),
    (
        "order paid more than once",
        """
        SELECT order_id, COUNT(*) FROM order_payments_management_orderpayment
        WHERE payment_type = 'order' AND status IN ('pending', 'processing', 'completed')
        GROUP BY order_id HAVING COUNT(*) > 1
        """,
    ),
    (
        "installment paid without exactly one completed payment",
        """
        SELECT i.id FROM class_management_classinstallment i
        LEFT JOIN order_payments_management_orderpayment p ON p.id = i.payment_record_id
        WHERE i.is_paid AND (p.id IS NULL OR p.status NOT IN ('completed', 'refunded')
                             OR p.amount <> i.amount)
        """,
    ),
    (
        "installments of a bundle do not add up to its balance",
        """
        SELECT b.id, b.total_price - b.deposit_required, SUM(i.amount)
        FROM class_management_classbundle b
        JOIN class_management_classinstallment i ON i.bundle_id = b.id
        GROUP BY b.id, b.total_price, b.deposit_required
        HAVING SUM(i.amount) <> b.total_price - b.deposit_required
        """,
    ),
    (
        "discount used more often than its limit or its usage rows say",
        """
        SELECT d.id, d.used_count, d.max_uses, COUNT(u.id)
        FROM order_payments_management_discount d
        LEFT JOIN order_payments_management_discountusage u ON u.discount_id = d.id
        GROUP BY d.id, d.used_count, d.max_uses
        HAVING d.used_count <> COUNT(u.id) OR (d.max_uses IS NOT NULL AND d.used_count > d.max_uses)
        """,
    ),
    (
        "redemption stock below zero",
        """
        SELECT id, stock_quantity FROM loyalty_management_redemptionitem
        WHERE stock_quantity IS NOT NULL AND stock_quantity < 0
        """,
    ),
    (
        "idempotency key stored more than once",
        """
        SELECT user_id, endpoint, key, COUNT(*) FROM core_idempotencykey
        GROUP BY user_id, endpoint, key HAVING COUNT(*) > 1
        """,
    ),
)


def violations() -> list[str]:
    """Run every check; return one line per violating row."""
    found: list[str] = []
    with connection.cursor() as cursor:
        for description, sql in CHECKS:
            cursor.execute(sql)
            found.extend(
                f"{description}: {tuple(_plain(v) for v in row)}" for row in cursor.fetchall()
            )
    return found


def _plain(value):
    return str(value) if isinstance(value, Decimal) else value
