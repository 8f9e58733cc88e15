"""The rules tips keep: the split, and the writer's share moved with the payment."""

from core.invariants import Invariant

INVARIANTS = (
    Invariant(
        "tip split does not add up",
        """
            SELECT id, tip_amount, writer_earning, platform_profit FROM {writer_management.Tip}
            WHERE tip_amount <> writer_earning + platform_profit
               OR writer_earning < 0 OR platform_profit < 0
            """,
    ),
    Invariant(
        "tip status differs from its payment's (a tip payment moved without its tip)",
        """
            SELECT t.id, t.payment_status, p.status, p.payment_type FROM {writer_management.Tip} t
            JOIN {order_payments_management.OrderPayment} p ON p.id = t.payment_id
            WHERE t.payment_status <> p.status OR p.payment_type <> 'tip'
            """,
    ),
    Invariant(
        "tip payment that pays for no tip",
        """
            SELECT p.id, p.status FROM {order_payments_management.OrderPayment} p
            LEFT JOIN {writer_management.Tip} t ON t.payment_id = p.id
            WHERE p.payment_type = 'tip' AND t.id IS NULL
            """,
    ),
    Invariant(
        "refunded tip whose writer share was not taken back exactly once",
        """
            SELECT t.id, t.writer_earning, COALESCE(-SUM(x.amount), 0) FROM {writer_management.Tip} t
            LEFT JOIN {order_payments_management.WalletTransaction} x
                   ON x.reference = 'tip:' || t.id AND x.kind = 'earning_reversal'
            WHERE t.payment_status = 'refunded' AND t.writer_earning > 0
            GROUP BY t.id, t.writer_earning
            HAVING COALESCE(-SUM(x.amount), 0) <> t.writer_earning
            """,
    ),
    Invariant(
        "completed tip whose writer share was not credited exactly once",
        """
            SELECT t.id, t.writer_earning, COALESCE(SUM(x.amount), 0) FROM {writer_management.Tip} t
            LEFT JOIN {order_payments_management.WalletTransaction} x
                   ON x.reference = 'tip:' || t.id AND x.kind = 'earning'
            WHERE t.payment_status = 'completed' AND t.writer_earning > 0
            GROUP BY t.id, t.writer_earning
            HAVING COALESCE(SUM(x.amount), 0) <> t.writer_earning
            """,
    ),
)
