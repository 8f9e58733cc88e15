"""Class bundles: admins create and change them; clients pay the deposit; each role reads its own."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from accounts.models import Role
from accounts.selectors import user_from_input
from class_management.api.examples import (
    A_CLASS_WITH_A_DEPOSIT_EXAMPLE,
    ASSIGN_A_WRITER_EXAMPLE,
    BUNDLE_EXAMPLE,
    BUNDLE_EXAMPLE_CLIENT,
    BUNDLE_EXAMPLES,
    EXPLICIT_PARTS_EXAMPLE,
    INSUFFICIENT_FUNDS_EXAMPLE,
    THREE_MONTHLY_PARTS_EXAMPLE,
)
from class_management.api.serializers import (
    CLASS_BUNDLE_OUTPUTS,
    ClassBundleClientOutput,
    ClassBundleCreateInput,
    ClassBundleOutput,
    ClassBundleUpdateInput,
    ClassInstallmentsConfigureInput,
)
from class_management.filters import ClassBundleFilter
from class_management.models import ClassBundle
from class_management.selectors import class_bundles_with_people
from class_management.services import (
    class_bundle_activate,
    class_bundle_cancel,
    class_bundle_create,
    class_bundle_deposit_pay,
    class_bundle_installments_set,
    class_bundle_installments_split,
    class_bundle_update,
)
from core.idempotency import idempotent
from core.roles import RoleOutputMixin
from core.schema import IDEMPOTENCY_KEY_HEADER, error_responses
from websites.permissions import IsAdmin, IsClient
from websites.scoping import WebsiteScopedViewSet, website_for_create

TAG = "class management"


@extend_schema_view(
    list=extend_schema(
        tags=[TAG],
        summary="List class bundles (admins: their website's; clients and writers: their own)",
        description=(
            "Each role gets its own shape: admins `ClassBundleOutput`; the bundle's client "
            "`ClassBundleClientOutput` (every price, the writer's id and username, no "
            "`created_by_id`); its writer `ClassBundleWriterOutput` (the class and its "
            "schedule: no price, deposit, balance, installment amount or payment, and the "
            "client's id and username only)."
        ),
        responses={200: CLASS_BUNDLE_OUTPUTS.schema, **error_responses(400, 401, 404)},
        examples=BUNDLE_EXAMPLES,
    ),
    retrieve=extend_schema(
        tags=[TAG],
        summary="Read one class bundle with its installments (in the caller's role's shape)",
        responses={200: CLASS_BUNDLE_OUTPUTS.schema, **error_responses(401, 404)},
        examples=BUNDLE_EXAMPLES,
    ),
)
class ClassBundleViewSet(RoleOutputMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = class_bundles_with_people()
    role_outputs = CLASS_BUNDLE_OUTPUTS
    filterset_class = ClassBundleFilter
    http_method_names = ("get", "post", "patch", "head", "options")

    def get_permissions(self):
        if self.action in (
            "create",
            "partial_update",
            "configure_installments",
            "activate",
            "cancel",
        ):
            return [IsAdmin()]
        if self.action == "pay_deposit":
            return [IsClient()]
        return super().get_permissions()

    def _output(self, bundle: ClassBundle, **kwargs) -> Response:
        bundle = class_bundles_with_people().get(pk=bundle.pk)
        return Response(self.output(bundle), **kwargs)

    @extend_schema(
        tags=[TAG],
        summary="Create a draft class bundle (admins)",
        request=ClassBundleCreateInput,
        responses={201: ClassBundleOutput, **error_responses(400, 401, 403)},
        examples=[
            A_CLASS_WITH_A_DEPOSIT_EXAMPLE,
            BUNDLE_EXAMPLE,
        ],
    )
    def create(self, request):
        data = ClassBundleCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        bundle = class_bundle_create(
            website=website_for_create(request.user, fields.get("website_id")),
            client=user_from_input(
                user_id=fields["client_id"], field="client_id", role=Role.CLIENT, actor=request.user
            ),
            assigned_writer=user_from_input(
                user_id=fields.get("assigned_writer_id"),
                field="assigned_writer_id",
                role=Role.WRITER,
                actor=request.user,
            ),
            title=fields["title"],
            course=fields["course"],
            total_price=fields["total_price"],
            deposit_required=fields["deposit_required"],
            installments_enabled=fields["installments_enabled"],
            created_by=request.user,
        )
        return self._output(bundle, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG],
        summary="Change a class bundle (admins; prices and plan only while a draft)",
        request=ClassBundleUpdateInput,
        responses={200: ClassBundleOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            ASSIGN_A_WRITER_EXAMPLE,
            BUNDLE_EXAMPLE,
        ],
    )
    def partial_update(self, request, pk=None):
        bundle = self.get_object()
        data = ClassBundleUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        if "assigned_writer_id" in changes:
            changes["assigned_writer"] = user_from_input(
                user_id=changes.pop("assigned_writer_id"),
                field="assigned_writer_id",
                role=Role.WRITER,
                actor=request.user,
            )
        bundle = class_bundle_update(bundle=bundle, **changes)
        return self._output(bundle)

    @extend_schema(
        tags=[TAG],
        summary="Set the installment schedule (admins; refused once anything is paid)",
        description=(
            "Either `count` and `interval_days`: the balance (total - deposit) in equal cent "
            "parts, the remainder cent(s) on the last one; or `installments`: explicit "
            "amounts and due dates that must add up to the balance exactly. Replaces any "
            "previous schedule."
        ),
        request=ClassInstallmentsConfigureInput,
        responses={200: ClassBundleOutput, **error_responses(400, 401, 403, 404, 409)},
        examples=[
            THREE_MONTHLY_PARTS_EXAMPLE,
            EXPLICIT_PARTS_EXAMPLE,
            BUNDLE_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"], url_path="configure-installments")
    def configure_installments(self, request, pk=None):
        bundle = self.get_object()
        data = ClassInstallmentsConfigureInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        if "installments" in fields:
            bundle = class_bundle_installments_set(
                bundle=bundle,
                installments=[
                    (part["amount"], part["due_date"]) for part in fields["installments"]
                ],
            )
        else:
            bundle = class_bundle_installments_split(
                bundle=bundle,
                count=fields["count"],
                interval_days=fields["interval_days"],
                first_due_date=fields.get("first_due_date"),
            )
        return self._output(bundle)

    @extend_schema(
        tags=[TAG],
        summary="Open a draft bundle for payment (admins)",
        request=None,
        responses={200: ClassBundleOutput, **error_responses(401, 403, 404, 409)},
        examples=[BUNDLE_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._output(class_bundle_activate(bundle=self.get_object()))

    @extend_schema(
        tags=[TAG],
        summary="Cancel a bundle nothing was paid on (admins)",
        request=None,
        responses={200: ClassBundleOutput, **error_responses(401, 403, 404, 409)},
        examples=[BUNDLE_EXAMPLE],
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._output(class_bundle_cancel(bundle=self.get_object()))

    @extend_schema(
        tags=[TAG],
        summary="Pay the deposit from your wallet (clients; needs an Idempotency-Key)",
        parameters=[IDEMPOTENCY_KEY_HEADER],
        request=None,
        responses={
            200: ClassBundleClientOutput,
            **error_responses(400, 401, 403, 404, 409, 422),
        },
        examples=[BUNDLE_EXAMPLE_CLIENT, INSUFFICIENT_FUNDS_EXAMPLE],
    )
    @action(detail=True, methods=["post"], url_path="pay-deposit")
    @idempotent
    def pay_deposit(self, request, pk=None):
        bundle = class_bundle_deposit_pay(bundle=self.get_object(), client=request.user)
        return self._output(bundle)
