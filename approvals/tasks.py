"""Celery entry point of approvals: expire adjustments left undecided."""

from celery import shared_task

from approvals.services import adjustments_expire


@shared_task(name="approvals.adjustments_expire_task")
def adjustments_expire_task() -> int:
    return adjustments_expire()
