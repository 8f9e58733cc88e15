"""Points follow payments: the payments app's signals, connected in `apps.py`.

Both signals are sent after the payment's transaction committed, so nothing here can undo the
payment. The points move in a Celery task (a worker's work, not the paying request's); a
payment type that never earns points is skipped without a query. When the task cannot be
queued, the points move in process instead (both services are idempotent, so a task that was
queued after all changes nothing a second time); a failure there is logged.
"""

import logging

from loyalty_management.selectors.points import EARNING_PAYMENT_TYPES
from loyalty_management.services import (
    loyalty_client_erase,
    loyalty_erasure_blockers,
    points_earn_for_payment,
    points_refund_for_payment,
)
from loyalty_management.tasks import points_earn_for_payment_task, points_refund_for_payment_task

logger = logging.getLogger(__name__)


def _points_follow(payment, *, task, service, what: str) -> None:
    if payment.payment_type not in EARNING_PAYMENT_TYPES:
        return
    try:
        task.delay(payment_id=payment.pk)
        return
    except Exception:
        logger.exception("Could not queue the %s of payment %s; moving them now", what, payment.pk)
    try:
        service(payment=payment)
    except Exception:
        logger.exception("The %s of payment %s could not be moved", what, payment.pk)


def payment_completed_receiver(sender, payment, **kwargs) -> None:
    """Credit the points a completed payment earns (once per payment)."""
    _points_follow(
        payment, task=points_earn_for_payment_task, service=points_earn_for_payment, what="points"
    )


def payment_refunded_receiver(sender, payment, **kwargs) -> None:
    """Take back the points a refunded payment earned (once per payment)."""
    _points_follow(
        payment,
        task=points_refund_for_payment_task,
        service=points_refund_for_payment,
        what="points refund",
    )


def erasure_blockers_receiver(sender, *, user, **kwargs) -> list[tuple[str, str]]:
    return loyalty_erasure_blockers(client=user)


def user_erased_receiver(sender, *, user, **kwargs) -> None:
    loyalty_client_erase(client=user)
