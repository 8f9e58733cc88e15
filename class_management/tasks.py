import logging

from celery import shared_task

from class_management.services import installments_mark_overdue

logger = logging.getLogger(__name__)


@shared_task(name="class_management.installments_mark_overdue_task")
def installments_mark_overdue_task(website_id: int | None = None) -> int:
    """Flag unpaid installments past their due date (hourly; safe to run twice)."""
    marked = installments_mark_overdue(website_id=website_id)
    if marked:
        logger.info("Marked %s class installment(s) overdue", marked)
    return marked
