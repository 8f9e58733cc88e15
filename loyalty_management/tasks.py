from celery import shared_task

from loyalty_management.services import (
    points_earn_for_payment,
    points_expire,
    points_refund_for_payment,
    redemptions_sla_breach,
)
from order_payments_management.selectors import payment_get


@shared_task(name="loyalty_management.points_expire_task")
def points_expire_task() -> int:
    """Expire unspent points past each website's expiry (nightly); return how many expired."""
    return points_expire()


# Both services are idempotent (once per payment under the account's lock), so a message
# delivered twice, or retried after a worker died mid-task, moves the points once.
@shared_task(
    name="loyalty_management.points_earn_for_payment_task",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def points_earn_for_payment_task(*, payment_id: int) -> None:
    """Credit the points a completed payment earns."""
    points_earn_for_payment(payment=payment_get(payment_id=payment_id))


@shared_task(
    name="loyalty_management.points_refund_for_payment_task",
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=5,
)
def points_refund_for_payment_task(*, payment_id: int) -> None:
    """Take back the points a refunded payment earned."""
    points_refund_for_payment(payment=payment_get(payment_id=payment_id))


@shared_task(name="loyalty_management.redemptions_sla_breach_task")
def redemptions_sla_breach_task() -> int:
    """Tell (once each) the redemption requests that passed their review SLA."""
    return redemptions_sla_breach()
