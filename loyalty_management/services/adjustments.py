"""Adjustments a second admin approved (approvals' four-eyes): loyalty runs the points ones."""

from accounts.models import User
from loyalty_management.services.points import points_award, points_deduct


def _client(adjustment) -> User:
    return User.objects.get(pk=adjustment.target_id, website_id=adjustment.website_id)


def points_award_approved(adjustment) -> dict:
    row = points_award(
        client=_client(adjustment),
        points=adjustment.points,
        reason=adjustment.reason,
        awarded_by=adjustment.requested_by,
    )
    return {"transaction_id": row.pk, "balance_after": row.balance_after}


def points_deduct_approved(adjustment) -> dict:
    row = points_deduct(
        client=_client(adjustment),
        points=adjustment.points,
        reason=adjustment.reason,
        deducted_by=adjustment.requested_by,
    )
    return {"transaction_id": row.pk, "balance_after": row.balance_after}
