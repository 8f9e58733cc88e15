"""The rules points ledgers, redemptions and their stock keep (see `core.invariants`)."""

from core.invariants import Invariant

INVARIANTS = (
    Invariant(
        "points balance or held points below zero, or held above the balance",
        """
            SELECT id, points_balance, points_held FROM {loyalty_management.LoyaltyAccount}
            WHERE points_balance < 0 OR points_held < 0 OR points_held > points_balance
            """,
    ),
    Invariant(
        "points balance differs from its ledger sum",
        """
            SELECT a.id, a.points_balance, COALESCE(SUM(t.points), 0)
            FROM {loyalty_management.LoyaltyAccount} a
            LEFT JOIN {loyalty_management.LoyaltyTransaction} t ON t.account_id = a.id
            GROUP BY a.id, a.points_balance
            HAVING a.points_balance <> COALESCE(SUM(t.points), 0)
            """,
    ),
    Invariant(
        "held points differ from the ledger's held changes",
        """
            SELECT a.id, a.points_held, COALESCE(SUM(t.points_held_change), 0)
            FROM {loyalty_management.LoyaltyAccount} a
            LEFT JOIN {loyalty_management.LoyaltyTransaction} t ON t.account_id = a.id
            GROUP BY a.id, a.points_held
            HAVING a.points_held <> COALESCE(SUM(t.points_held_change), 0)
            """,
    ),
    Invariant(
        "held points differ from the points of pending redemption requests",
        """
            SELECT a.id, a.points_held, COALESCE(SUM(r.points_used), 0)
            FROM {loyalty_management.LoyaltyAccount} a
            LEFT JOIN {loyalty_management.RedemptionRequest} r
                   ON r.account_id = a.id AND r.status = 'pending'
            GROUP BY a.id, a.points_held
            HAVING a.points_held <> COALESCE(SUM(r.points_used), 0)
            """,
    ),
    Invariant(
        "points ledger row whose balance_after, held_after or debt_after is not the running sum",
        """
            SELECT id, balance_after, balance, held_after, held, debt_after, debt FROM (
                SELECT id, balance_after, held_after, debt_after,
                       SUM(points) OVER (PARTITION BY account_id ORDER BY id) AS balance,
                       SUM(points_held_change) OVER (PARTITION BY account_id ORDER BY id) AS held,
                       SUM(debt_change) OVER (PARTITION BY account_id ORDER BY id) AS debt
                FROM {loyalty_management.LoyaltyTransaction}
            ) rows
            WHERE balance_after <> balance OR held_after <> held OR debt_after <> debt
            """,
    ),
    Invariant(
        "points debt below zero or differing from its ledger sum",
        """
            SELECT a.id, a.points_debt, COALESCE(SUM(t.debt_change), 0)
            FROM {loyalty_management.LoyaltyAccount} a
            LEFT JOIN {loyalty_management.LoyaltyTransaction} t ON t.account_id = a.id
            GROUP BY a.id, a.points_debt
            HAVING a.points_debt < 0 OR a.points_debt <> COALESCE(SUM(t.debt_change), 0)
            """,
    ),
    Invariant(
        "account owing points while it has points available (the debt is paid first)",
        """
            SELECT id, points_debt, points_balance - points_held FROM {loyalty_management.LoyaltyAccount}
            WHERE points_debt > 0 AND points_balance > points_held
            """,
    ),
    Invariant(
        "refunded payment whose earned points were not taken back in full (now or as a debt)",
        """
            SELECT p.id, e.points, -r.points + r.debt_change
            FROM {order_payments_management.OrderPayment} p
            JOIN {loyalty_management.LoyaltyTransaction} e ON e.payment_id = p.id AND e.kind = 'earn'
            JOIN {loyalty_management.LoyaltyTransaction} r
              ON r.payment_id = p.id AND r.kind = 'refund'
            WHERE -r.points + r.debt_change <> e.points
            """,
    ),
    Invariant(
        "points earned or taken back by a payment that is not completed or refunded",
        """
            SELECT t.id, t.kind, p.status FROM {loyalty_management.LoyaltyTransaction} t
            JOIN {order_payments_management.OrderPayment} p ON p.id = t.payment_id
            WHERE (t.kind = 'earn' AND p.status NOT IN ('completed', 'refunded'))
               OR (t.kind = 'refund' AND p.status <> 'refunded')
            """,
    ),
    Invariant(
        "milestone bonus kept without its badge, or taken back more often than given",
        """
            SELECT t.account_id, t.milestone_id,
                   SUM(CASE WHEN t.kind = 'bonus' THEN 1 ELSE -1 END) AS outstanding
            FROM {loyalty_management.LoyaltyTransaction} t
            JOIN {loyalty_management.LoyaltyAccount} a ON a.id = t.account_id
            LEFT JOIN {loyalty_management.ClientBadge} b
                   ON b.client_id = a.client_id AND b.website_id = a.website_id
                  AND b.milestone_id = t.milestone_id
            WHERE t.kind IN ('bonus', 'reversal')
            GROUP BY t.account_id, t.milestone_id, b.id
            HAVING SUM(CASE WHEN t.kind = 'bonus' THEN 1 ELSE -1 END)
                   <> CASE WHEN b.id IS NULL THEN 0 ELSE 1 END
            """,
    ),
    Invariant(
        "milestone bonus reversal that does not take back the whole bonus (now or as a debt)",
        """
            SELECT id, taken, bonus FROM (
                SELECT r.id, -r.points + r.shortfall AS taken, (
                    SELECT b.points FROM {loyalty_management.LoyaltyTransaction} b
                    WHERE b.account_id = r.account_id AND b.milestone_id = r.milestone_id
                      AND b.kind = 'bonus' AND b.id < r.id
                    ORDER BY b.id DESC LIMIT 1
                ) AS bonus
                FROM {loyalty_management.LoyaltyTransaction} r
                WHERE r.kind = 'reversal'
            ) reversals
            WHERE taken <> bonus
            """,
    ),
    Invariant(
        "redemption stock below zero",
        """
            SELECT id, stock_quantity FROM {loyalty_management.RedemptionItem}
            WHERE stock_quantity IS NOT NULL AND stock_quantity < 0
            """,
    ),
)
