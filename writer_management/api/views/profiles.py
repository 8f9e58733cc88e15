"""Writer profiles: a writer's pen name and level (admins)."""

from drf_spectacular.utils import (
    extend_schema,
    extend_schema_view,
)
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from accounts.models import User
from core.schema import error_responses
from websites.crud import visible_row_from_input
from websites.permissions import IsAdmin
from websites.scoping import (
    WebsiteScopedViewSet,
)
from writer_management.api.examples import (
    NEW_PROFILE_EXAMPLE,
    PEN_NAME_EXAMPLE,
    PROFILE_OUTPUT_EXAMPLE,
    PROMOTE_EXAMPLE,
)
from writer_management.api.serializers import (
    WriterProfileAssignLevelInput,
    WriterProfileCreateInput,
    WriterProfileOutput,
    WriterProfileUpdateInput,
)
from writer_management.filters import WriterProfileFilter
from writer_management.models import WriterProfile
from writer_management.selectors import (
    writer_profiles_with_tip_percentage,
)
from writer_management.services import (
    writer_profile_assign_level,
    writer_profile_create,
    writer_profile_update,
)

TAG_PROFILES = "writer profiles"


@extend_schema_view(
    list=extend_schema(
        tags=[TAG_PROFILES],
        summary="List writer profiles with their level and tip percentage (admins)",
        responses={200: WriterProfileOutput(many=True), **error_responses(400, 401, 403, 404)},
        examples=[PROFILE_OUTPUT_EXAMPLE],
    ),
    retrieve=extend_schema(
        tags=[TAG_PROFILES],
        summary="Read one writer profile (admins)",
        responses={200: WriterProfileOutput, **error_responses(401, 403, 404)},
        examples=[PROFILE_OUTPUT_EXAMPLE],
    ),
)
class WriterProfileViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = WriterProfile.objects.select_related("user", "website", "level")
    serializer_class = WriterProfileOutput
    filterset_class = WriterProfileFilter
    permission_classes = (IsAdmin,)
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return writer_profiles_with_tip_percentage(profiles=super().get_queryset())

    def _profile_response(self, profile: WriterProfile, *, status_code: int = 200) -> Response:
        return Response(
            WriterProfileOutput(self.get_queryset().get(pk=profile.pk)).data, status=status_code
        )

    @extend_schema(
        tags=[TAG_PROFILES],
        summary="Create the profile of a writer of your website (admins)",
        request=WriterProfileCreateInput,
        responses={201: WriterProfileOutput, **error_responses(400, 401, 403, 409)},
        examples=[
            NEW_PROFILE_EXAMPLE,
            PROFILE_OUTPUT_EXAMPLE,
        ],
    )
    def create(self, request):
        data = WriterProfileCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        writer_id = data.validated_data["writer_id"]
        writer = visible_row_from_input(
            User.objects.all(),
            user=request.user,
            pk=writer_id,
            field="writer_id",
            code="invalid_writer_id",
            message=f"User {writer_id} is not a writer of your website.",
        )
        profile = writer_profile_create(
            writer=writer,
            level_id=data.validated_data.get("level_id"),
            pen_name=data.validated_data["pen_name"],
        )
        return self._profile_response(profile, status_code=status.HTTP_201_CREATED)

    @extend_schema(
        tags=[TAG_PROFILES],
        summary="Change a writer's pen name (admins)",
        request=WriterProfileUpdateInput,
        responses={200: WriterProfileOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            PEN_NAME_EXAMPLE,
            PROFILE_OUTPUT_EXAMPLE,
        ],
    )
    def partial_update(self, request, pk=None):
        data = WriterProfileUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile = writer_profile_update(
            profile=self.get_object(), pen_name=data.validated_data["pen_name"]
        )
        return self._profile_response(profile)

    @extend_schema(
        tags=[TAG_PROFILES],
        summary="Put a writer on a level (admins); null removes the level",
        description="Only tips sent from now on use the new level's percentage.",
        request=WriterProfileAssignLevelInput,
        responses={200: WriterProfileOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            PROMOTE_EXAMPLE,
            PROFILE_OUTPUT_EXAMPLE,
        ],
    )
    @action(detail=True, methods=["post"])
    def assign_level(self, request, pk=None):
        data = WriterProfileAssignLevelInput(data=request.data)
        data.is_valid(raise_exception=True)
        profile = writer_profile_assign_level(
            profile=self.get_object(), level_id=data.validated_data["level_id"]
        )
        return self._profile_response(profile)
