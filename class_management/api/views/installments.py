"""Class installments: admins and clients read them; clients pay them from the wallet."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from class_management.api.examples import (
    INSTALLMENT_EXAMPLES,
    INSUFFICIENT_FUNDS_EXAMPLE,
    PAID_EXAMPLE,
)
from class_management.api.serializers import (
    CLASS_INSTALLMENT_OUTPUTS,
    ClassInstallmentPaymentClientOutput,
)
from class_management.api.views.bundles import TAG
from class_management.filters import ClassInstallmentFilter
from class_management.models import ClassInstallment
from class_management.selectors import class_bundles_with_people
from class_management.services import (
    class_installment_pay,
)
from core.idempotency import idempotent
from core.roles import RoleOutputMixin
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from websites.permissions import IsClient
from websites.scoping import WebsiteScopedViewSet


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List installments (admins: their website's; clients and writers: their own)",
        description=(
            "Admins and the class's client read `ClassInstallmentOutput`; its writer "
            "`ClassInstallmentWriterOutput`, the schedule without `amount`, `paid_by` or "
            "`payment_record`."
        ),
        responses={200: CLASS_INSTALLMENT_OUTPUTS.schema, **error_responses(400, 401, 404)},
        examples=INSTALLMENT_EXAMPLES,
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Read one installment (in the caller's role's shape)",
        responses={200: CLASS_INSTALLMENT_OUTPUTS.schema, **error_responses(401, 404)},
        examples=INSTALLMENT_EXAMPLES,
    ),
)
class ClassInstallmentViewSet(
    RoleOutputMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet
):
    queryset = ClassInstallment.objects.all()
    role_outputs = CLASS_INSTALLMENT_OUTPUTS
    filterset_class = ClassInstallmentFilter

    def get_permissions(self):
        if self.action == "pay":
            return [IsClient()]
        return super().get_permissions()

    @extend_schema(
        tags=[TAG],
        summary="Pay an installment from your wallet (clients; needs an Idempotency-Key)",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=None,
        responses={
            200: ClassInstallmentPaymentClientOutput,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[
            PAID_EXAMPLE,
            INSUFFICIENT_FUNDS_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    @idempotent
    def pay(self, request, pk=None):
        installment = class_installment_pay(installment=self.get_object(), client=request.user)
        bundle = class_bundles_with_people().get(pk=installment.bundle_id)
        installment = next(i for i in bundle.installments.all() if i.pk == installment.pk)
        return Response(
            ClassInstallmentPaymentClientOutput({"installment": installment, "bundle": bundle}).data
        )
