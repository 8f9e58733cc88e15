"""An order's writer compensation after its active fines (admins and the order's writer)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.mixins import RetrieveModelMixin
from rest_framework.response import Response

from core.roles import (
    RoleOutputMixin,
)
from core.schema import (
    error_responses,
)
from fines.api.examples import (
    ONE_ACTIVE_FINE_ADMIN_EXAMPLE,
    ONE_ACTIVE_FINE_THE_ORDER_S_WRITER_EXAMPLE,
)
from fines.api.serializers import (
    ORDER_COMPENSATION_OUTPUTS,
)
from fines.api.views.fines import TAG_FINES
from fines.selectors import (
    order_compensation_get,
)
from orders.models import Order
from websites.permissions import IsAdmin, IsWriter
from websites.scoping import (
    WebsiteScopedViewSet,
)


@extend_schema_view(
    retrieve=extend_schema(
        tags=[TAG_FINES],
        summary="What an order pays its writer after active fines (admins; the order's writer)",
        description=(
            "Only the fines of the order's current writer count and are listed: a reassigned "
            "order's earlier fines belong to the earlier writer (they stay in `fines/` with "
            "that writer). Admins read `OrderCompensationOutput`; the order's writer "
            "`OrderCompensationWriterOutput`, with their fines in the writer's shape."
        ),
        responses={200: ORDER_COMPENSATION_OUTPUTS.schema, **error_responses(401, 403, 404)},
        examples=[
            ONE_ACTIVE_FINE_ADMIN_EXAMPLE,
            ONE_ACTIVE_FINE_THE_ORDER_S_WRITER_EXAMPLE,
        ],
    ),
)
class OrderCompensationViewSet(RoleOutputMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = Order.objects.select_related("writer")
    role_outputs = ORDER_COMPENSATION_OUTPUTS
    permission_classes = (IsAdmin | IsWriter,)

    def retrieve(self, request, pk=None):
        return Response(self.output(order_compensation_get(order=self.get_object())))
