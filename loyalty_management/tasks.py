from celery import shared_task

from loyalty_management.services import points_expire


@shared_task(name="loyalty_management.points_expire_task")
def points_expire_task() -> int:
    """Expire unspent points past each website's expiry (nightly); return how many expired."""
    return points_expire()
