"""The rules class bundles keep: each deposit and installment paid exactly once."""

from core.invariants import Invariant

INVARIANTS = (
    Invariant(
        "class deposit recorded without a completed deposit payment of its amount",
        """
            SELECT b.id, p.id, p.payment_type, p.status FROM {class_management.ClassBundle} b
            JOIN {order_payments_management.OrderPayment} p ON p.id = b.deposit_payment_id
            WHERE p.payment_type <> 'class_deposit' OR p.status NOT IN ('completed', 'refunded')
               OR p.original_amount <> b.deposit_required
            """,
    ),
    Invariant(
        "class deposit or installment payment that pays for no deposit or installment",
        """
            SELECT p.id, p.payment_type, p.status FROM {order_payments_management.OrderPayment} p
            WHERE p.status IN ('completed', 'refunded') AND (
                (p.payment_type = 'class_deposit' AND NOT EXISTS (
                    SELECT 1 FROM {class_management.ClassBundle} b WHERE b.deposit_payment_id = p.id))
                OR (p.payment_type = 'class_installment' AND NOT EXISTS (
                    SELECT 1 FROM {class_management.ClassInstallment} i
                    WHERE i.payment_record_id = p.id AND i.is_paid))
            )
            """,
    ),
    Invariant(
        "installment paid without exactly one completed payment",
        """
            SELECT i.id FROM {class_management.ClassInstallment} i
            LEFT JOIN {order_payments_management.OrderPayment} p ON p.id = i.payment_record_id
            WHERE i.is_paid AND (p.id IS NULL OR p.status NOT IN ('completed', 'refunded')
                                 OR p.payment_type <> 'class_installment'
                                 OR p.original_amount <> i.amount)
            """,
    ),
    Invariant(
        "installments of a bundle do not add up to its balance",
        """
            SELECT b.id, b.total_price - b.deposit_required, SUM(i.amount)
            FROM {class_management.ClassBundle} b
            JOIN {class_management.ClassInstallment} i ON i.bundle_id = b.id
            GROUP BY b.id, b.total_price, b.deposit_required
            HAVING SUM(i.amount) <> b.total_price - b.deposit_required
            """,
    ),
)
