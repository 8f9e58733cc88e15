"""Adjustments a second admin approved (approvals' four-eyes): the tips app runs tip refunds."""

from writer_management.models import Tip
from writer_management.services.tips import tip_refund


def tip_refund_approved(adjustment) -> dict:
    tip = Tip.objects.get(pk=adjustment.target_id, website_id=adjustment.website_id)
    tip = tip_refund(tip=tip, refunded_by=adjustment.requested_by, reason=adjustment.reason)
    return {"tip_id": tip.pk, "payment_status": tip.payment_status}
