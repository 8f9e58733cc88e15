"""Points follow payments: the payments app's signals, connected in `apps.py`.

Both signals are sent after the payment's transaction committed, so a failure here cannot undo
the payment; it is logged instead, and the payment's points can be earned later by calling the
same service again (it is idempotent).
"""

import logging

from loyalty_management.services import points_earn_for_payment, points_refund_for_payment

logger = logging.getLogger(__name__)


def payment_completed_receiver(sender, payment, **kwargs) -> None:
    """Credit the points a completed payment earns (once per payment)."""
    try:
        points_earn_for_payment(payment=payment)
    except Exception:
        logger.exception("Loyalty points for payment %s could not be earned", payment.pk)


def payment_refunded_receiver(sender, payment, **kwargs) -> None:
    """Take back the points a refunded payment earned (once per payment)."""
    try:
        points_refund_for_payment(payment=payment)
    except Exception:
        logger.exception(
            "Loyalty points of refunded payment %s could not be taken back", payment.pk
        )
