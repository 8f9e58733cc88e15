"""Fine types: how each kind of fine is computed (admins; global types: superadmins)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from core.schema import (
    error_responses,
)
from fines.api.examples import (
    A_FIXED_FINE_EXAMPLE,
    A_PERCENTAGE_OF_THE_ORDER_TOTAL_CLAMPED_EXAMPLE,
    DEACTIVATE_EXAMPLE,
    FINE_TYPE_EXAMPLE,
    SYSTEM_TYPES_ARE_KEPT_EXAMPLE,
)
from fines.api.serializers import (
    FineTypeCreateInput,
    FineTypeOutput,
    FineTypeUpdateInput,
)
from fines.exceptions import GlobalFineTypeReadOnly
from fines.filters import FineTypeConfigFilter
from fines.models import FineTypeConfig
from fines.selectors import (
    fine_types_effective_for_website,
)
from fines.services import (
    fine_type_create,
    fine_type_delete,
    fine_type_update,
)
from websites.crud import ServiceCrudMixin
from websites.permissions import IsAdmin
from websites.scoping import (
    WEBSITE_ID_PARAMETER,
    WebsiteScopedViewSet,
    website_of_request,
)

TAG_TYPES = "fines: types"


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_TYPES],
        summary="List fine types: your website's and the global ones (admins)",
        responses={200: FineTypeOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[FINE_TYPE_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=[TAG_TYPES],
        summary="Read one fine type (admins)",
        responses={200: FineTypeOutput, **error_responses(401, 403, 404)},
        examples=[FINE_TYPE_EXAMPLE],
    ),
    create=extend_schema(
        tags=[TAG_TYPES],
        summary="Create a fine type (admins: for their website; superadmins: global or any)",
        request=FineTypeCreateInput,
        responses={201: FineTypeOutput, **error_responses(400, 401, 403)},
        examples=[
            A_FIXED_FINE_EXAMPLE,
            A_PERCENTAGE_OF_THE_ORDER_TOTAL_CLAMPED_EXAMPLE,
            FINE_TYPE_EXAMPLE,
        ],
    ),
    partial_update=extend_schema(
        tags=[TAG_TYPES],
        summary="Change a fine type (global types: superadmins only)",
        request=FineTypeUpdateInput,
        responses={200: FineTypeOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            DEACTIVATE_EXAMPLE,
            FINE_TYPE_EXAMPLE,
        ],
    ),
    destroy=extend_schema(
        tags=[TAG_TYPES],
        summary="Delete an admin-created fine type no fine uses",
        responses={204: None, **error_responses(401, 403, 404, 409)},
        examples=[SYSTEM_TYPES_ARE_KEPT_EXAMPLE],
    ),
)
class FineTypeConfigViewSet(
    ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet
):
    queryset = FineTypeConfig.objects.select_related("website")
    serializer_class = FineTypeOutput
    filterset_class = FineTypeConfigFilter
    permission_classes = (IsAdmin,)
    http_method_names = ("get", "post", "patch", "delete", "head", "options")
    input_class = FineTypeCreateInput
    update_input_class = FineTypeUpdateInput
    create_service = staticmethod(fine_type_create)
    update_service = staticmethod(fine_type_update)
    delete_service = staticmethod(fine_type_delete)
    instance_kwarg = "fine_type"

    def create_website(self, website_id: int | None):
        """A superadmin who names no website creates a global type (every website's)."""
        if self.request.user.is_superadmin and website_id is None:
            return None
        return super().create_website(website_id)

    def crud_object(self) -> FineTypeConfig:
        """A global type is changed or deleted by superadmins only."""
        fine_type = self.get_object()
        if fine_type.website_id is None and not self.request.user.is_superadmin:
            raise GlobalFineTypeReadOnly
        return fine_type

    @extend_schema(
        tags=[TAG_TYPES],
        summary="The fine types in force on a website (its own win over global ones)",
        parameters=[WEBSITE_ID_PARAMETER],
        responses={200: FineTypeOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[FINE_TYPE_EXAMPLE],
    )
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=())
    def effective(self, request):
        website = website_of_request(request)
        fine_types = fine_types_effective_for_website(website_id=website.pk)
        return Response(FineTypeOutput(fine_types, many=True).data)
