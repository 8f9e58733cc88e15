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
        "points ledger row whose balance_after, held_after or debt_after is not the running sum",
        """
        SELECT id, balance_after, balance, held_after, held, debt_after, debt FROM (
            SELECT id, balance_after, held_after, debt_after,
                   SUM(points) OVER (PARTITION BY account_id ORDER BY id) AS balance,
                   SUM(points_held_change) OVER (PARTITION BY account_id ORDER BY id) AS held,
                   SUM(debt_change) OVER (PARTITION BY account_id ORDER BY id) AS debt
            FROM loyalty_management_loyaltytransaction
        ) rows
        WHERE balance_after <> balance OR held_after <> held OR debt_after <> debt
        """,
    ),
    (
        "points debt below zero or differing from its ledger sum",
        """
        SELECT a.id, a.points_debt, COALESCE(SUM(t.debt_change), 0)
        FROM loyalty_management_loyaltyaccount a
        LEFT JOIN loyalty_management_loyaltytransaction t ON t.account_id = a.id
        GROUP BY a.id, a.points_debt
        HAVING a.points_debt < 0 OR a.points_debt <> COALESCE(SUM(t.debt_change), 0)
        """,
    ),
    (
        "account owing points while it has points available (the debt is paid first)",
        """
        SELECT id, points_debt, points_balance - points_held FROM loyalty_management_loyaltyaccount
        WHERE points_debt > 0 AND points_balance > points_held
        """,
    ),
    (
        # The points follow the refund after it commits (a signal), so a refund whose points
        # side has not run yet is no violation; one that ran must take back everything.
        "refunded payment whose earned points were not taken back in full (now or as a debt)",
        """
        SELECT p.id, e.points, -r.points + r.debt_change
        FROM order_payments_management_orderpayment p
        JOIN loyalty_management_loyaltytransaction e ON e.payment_id = p.id AND e.kind = 'earn'
        JOIN loyalty_management_loyaltytransaction r
          ON r.payment_id = p.id AND r.kind = 'refund'
        WHERE -r.points + r.debt_change <> e.points
        """,
    ),
    (
        "points earned or taken back by a payment that is not completed or refunded",
        """
        SELECT t.id, t.kind, p.status FROM loyalty_management_loyaltytransaction t
        JOIN order_payments_management_orderpayment p ON p.id = t.payment_id
        WHERE (t.kind = 'earn' AND p.status NOT IN ('completed', 'refunded'))
           OR (t.kind = 'refund' AND p.status <> 'refunded')
        """,
    ),
    (
        "milestone bonus kept without its badge, or taken back more often than given",
        """
        SELECT t.account_id, t.milestone_id,
               SUM(CASE WHEN t.kind = 'bonus' THEN 1 ELSE -1 END) AS outstanding
        FROM loyalty_management_loyaltytransaction t
        JOIN loyalty_management_loyaltyaccount a ON a.id = t.account_id
        LEFT JOIN loyalty_management_clientbadge b
               ON b.client_id = a.client_id AND b.website_id = a.website_id
              AND b.milestone_id = t.milestone_id
        WHERE t.kind IN ('bonus', 'reversal')
        GROUP BY t.account_id, t.milestone_id, b.id
        HAVING SUM(CASE WHEN t.kind = 'bonus' THEN 1 ELSE -1 END)
               <> CASE WHEN b.id IS NULL THEN 0 ELSE 1 END
        """,
    ),
    (
        "milestone bonus reversal that does not take back the whole bonus (now or as a debt)",
        """
        SELECT r.id, -r.points + r.shortfall, b.points
        FROM loyalty_management_loyaltytransaction r
        JOIN LATERAL (
            SELECT points FROM loyalty_management_loyaltytransaction b
            WHERE b.account_id = r.account_id AND b.milestone_id = r.milestone_id
              AND b.kind = 'bonus' AND b.id < r.id
            ORDER BY b.id DESC LIMIT 1
        ) b ON TRUE
        WHERE r.kind = 'reversal' AND -r.points + r.shortfall <> b.points
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
        "tip status differs from its payment's (a tip payment moved without its tip)",
        """
        SELECT t.id, t.payment_status, p.status, p.payment_type FROM writer_management_tip t
        JOIN order_payments_management_orderpayment p ON p.id = t.payment_id
        WHERE t.payment_status <> p.status OR p.payment_type <> 'tip'
        """,
    ),
    (
        "tip payment that pays for no tip",
        """
        SELECT p.id, p.status FROM order_payments_management_orderpayment p
        LEFT JOIN writer_management_tip t ON t.payment_id = p.id
        WHERE p.payment_type = 'tip' AND t.id IS NULL
        """,
    ),
    (
        "refunded tip whose writer share was not taken back exactly once",
        """
        SELECT t.id, t.writer_earning, COALESCE(-SUM(x.amount), 0) FROM writer_management_tip t
        LEFT JOIN order_payments_management_wallettransaction x
               ON x.reference = 'tip:' || t.id AND x.kind = 'earning_reversal'
        WHERE t.payment_status = 'refunded' AND t.writer_earning > 0
        GROUP BY t.id, t.writer_earning
        HAVING COALESCE(-SUM(x.amount), 0) <> t.writer_earning
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
        "order payment completed while its order is not paid, in progress or completed",
        """
        SELECT p.id, o.id, o.status FROM order_payments_management_orderpayment p
        JOIN orders_order o ON o.id = p.order_id
        WHERE p.payment_type = 'order' AND p.status = 'completed'
          AND o.status NOT IN ('paid', 'in_progress', 'completed')
        """,
    ),
    (
        "order payment pending or processing while its order is not unpaid",
        """
        SELECT p.id, o.id, o.status FROM order_payments_management_orderpayment p
        JOIN orders_order o ON o.id = p.order_id
        WHERE p.payment_type = 'order' AND p.status IN ('pending', 'processing')
          AND o.status <> 'unpaid'
        """,
    ),
    (
        "order paid, in progress or completed without a completed order payment",
        """
        SELECT o.id, o.status FROM orders_order o
        WHERE o.status IN ('paid', 'in_progress', 'completed') AND NOT EXISTS (
            SELECT 1 FROM order_payments_management_orderpayment p
            WHERE p.order_id = o.id AND p.payment_type = 'order'
              AND (p.status = 'completed'
                   OR (p.status = 'refunded' AND o.status = 'completed'))
        )
        """,
    ),
    (
        "order payment without its order, or another payment type pointing at an order",
        """
        SELECT id, payment_type, order_id FROM order_payments_management_orderpayment
        WHERE (payment_type = 'order') <> (order_id IS NOT NULL)
        """,
    ),
    (
        "class deposit recorded without a completed deposit payment of its amount",
        """
        SELECT b.id, p.id, p.payment_type, p.status FROM class_management_classbundle b
        JOIN order_payments_management_orderpayment p ON p.id = b.deposit_payment_id
        WHERE p.payment_type <> 'class_deposit' OR p.status NOT IN ('completed', 'refunded')
           OR p.original_amount <> b.deposit_required
        """,
    ),
    (
        "class deposit or installment payment that pays for no deposit or installment",
        """
        SELECT p.id, p.payment_type, p.status FROM order_payments_management_orderpayment p
        WHERE p.status IN ('completed', 'refunded') AND (
            (p.payment_type = 'class_deposit' AND NOT EXISTS (
                SELECT 1 FROM class_management_classbundle b WHERE b.deposit_payment_id = p.id))
            OR (p.payment_type = 'class_installment' AND NOT EXISTS (
                SELECT 1 FROM class_management_classinstallment i
                WHERE i.payment_record_id = p.id AND i.is_paid))
        )
        """,
    ),
    (
        "installment paid without exactly one completed payment",
        """
        SELECT i.id FROM class_management_classinstallment i
        LEFT JOIN order_payments_management_orderpayment p ON p.id = i.payment_record_id
        WHERE i.is_paid AND (p.id IS NULL OR p.status NOT IN ('completed', 'refunded')
                             OR p.payment_type <> 'class_installment'
                             OR p.original_amount <> i.amount)
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
