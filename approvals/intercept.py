"""For the owning apps' views: turn a large manual adjustment into a pending one (202).

    pending = pending_if_required(self, request, kind=..., website_id=..., target=wallet,
                                  amount=amount, reason=reason)
    if pending is not None:
        return pending

`PENDING_RESPONSE` documents the 202 in the operation's schema.
"""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import status
from rest_framework.response import Response

from approvals.api.examples import ONE
from approvals.api.serializers import PendingAdjustmentOutput
from approvals.models import PendingAdjustment
from approvals.services import adjustment_request, adjustment_required

PENDING_RESPONSE = OpenApiResponse(
    PendingAdjustmentOutput,
    description=(
        "Above the website's four-eyes threshold: nothing moved yet; the adjustment waits for "
        "another admin at `/api/v1/approvals/adjustments/{id}/approve/`."
    ),
    examples=[ONE],
)


def pending_if_required(
    view, request, *, kind, website_id, target, reason, amount=None, points=None
):
    if not adjustment_required(website_id=website_id, amount=amount, points=points):
        return None
    adjustment = adjustment_request(
        website_id=website_id,
        kind=kind,
        target=target,
        reason=reason,
        requested_by=request.user,
        amount=amount,
        points=points,
    )
    view.audit_retarget(PendingAdjustment, adjustment.pk)
    return Response(PendingAdjustmentOutput(adjustment).data, status=status.HTTP_202_ACCEPTED)
