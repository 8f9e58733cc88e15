"""Writer levels: the tip percentage of each level (admins)."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin

from core.schema import error_responses
from websites.crud import ServiceCrudMixin
from websites.permissions import IsAdmin
from websites.scoping import (
    WebsiteScopedViewSet,
)
from writer_management.api.examples import (
    IN_USE_EXAMPLE,
    LEVEL_INPUT_EXAMPLE,
    LEVEL_OUTPUT_EXAMPLE,
    RAISE_THE_SHARE_EXAMPLE,
)
from writer_management.api.serializers import (
    WriterLevelInput,
    WriterLevelOutput,
)
from writer_management.filters import WriterLevelFilter
from writer_management.models import WriterLevel
from writer_management.selectors import (
    writer_levels_with_counts,
)
from writer_management.services import (
    writer_level_create,
    writer_level_delete,
    writer_level_update,
)

TAG_LEVELS = "writer levels"


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_LEVELS],
        summary="List writer levels and their tip percentage (admins)",
        responses={200: WriterLevelOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[LEVEL_OUTPUT_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=[TAG_LEVELS],
        summary="Read one writer level (admins)",
        responses={200: WriterLevelOutput, **error_responses(401, 403, 404)},
        examples=[LEVEL_OUTPUT_EXAMPLE],
    ),
    create=extend_schema(
        tags=[TAG_LEVELS],
        summary="Create a writer level (admins; superadmins name the website)",
        request=WriterLevelInput,
        responses={201: WriterLevelOutput, **error_responses(400, 401, 403)},
        examples=[LEVEL_INPUT_EXAMPLE, LEVEL_OUTPUT_EXAMPLE],
    ),
    update=extend_schema(
        tags=[TAG_LEVELS],
        summary="Replace a writer level (admins); sent tips keep their percentage",
        request=WriterLevelInput,
        responses={200: WriterLevelOutput, **error_responses(400, 401, 403, 404)},
        examples=[LEVEL_INPUT_EXAMPLE, LEVEL_OUTPUT_EXAMPLE],
    ),
    partial_update=extend_schema(
        tags=[TAG_LEVELS],
        summary="Change a writer level (admins); sent tips keep their percentage",
        request=WriterLevelInput,
        responses={200: WriterLevelOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            RAISE_THE_SHARE_EXAMPLE,
            LEVEL_OUTPUT_EXAMPLE,
        ],
    ),
    destroy=extend_schema(
        tags=[TAG_LEVELS],
        summary="Delete a writer level nobody uses (admins)",
        description="A level writers or tips refer to answers 409; deactivate it instead.",
        responses={
            204: OpenApiResponse(description="Deleted."),
            **error_responses(401, 403, 404, 409),
        },
        examples=[IN_USE_EXAMPLE],
    ),
)
class WriterLevelViewSet(
    ServiceCrudMixin, ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet
):
    queryset = WriterLevel.objects.select_related("website")
    serializer_class = WriterLevelOutput
    filterset_class = WriterLevelFilter
    permission_classes = (IsAdmin,)
    lookup_value_regex = r"\d+"
    input_class = WriterLevelInput
    create_service = staticmethod(writer_level_create)
    update_service = staticmethod(writer_level_update)
    delete_service = staticmethod(writer_level_delete)
    instance_kwarg = "level"
    reread_after_write = True

    def get_queryset(self):
        return writer_levels_with_counts(levels=super().get_queryset())
