"""Tip settings: a website's default writer percentage and tip limits (admins)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
)
from rest_framework.response import Response
from rest_framework.views import APIView

from core.audit import Target
from core.audit_views import AuditedWritesMixin
from core.schema import error_responses
from websites.permissions import IsAdmin
from websites.scoping import (
    WEBSITE_ID_PARAMETER,
    website_of_request,
)
from writer_management.api.examples import (
    RAISE_THE_MAXIMUM_EXAMPLE,
    SETTINGS_EXAMPLE,
    SETTINGS_EXAMPLE_2,
)
from writer_management.api.serializers import (
    TipSettingsInput,
    TipSettingsOutput,
)
from writer_management.models import TipSettings
from writer_management.services import (
    tip_settings_get_or_create,
    tip_settings_update,
)

TAG_SETTINGS = "tip settings"


_SETTINGS_WEBSITE = OpenApiParameter(
    name=WEBSITE_ID_PARAMETER.name,
    type=OpenApiTypes.INT,
    location=OpenApiParameter.QUERY,
    required=False,
    description=(
        "Superadmins: the website whose settings to read or change (required). Admins: "
        "their own website (another answers 404)."
    ),
)


class TipSettingsView(AuditedWritesMixin, APIView):
    """One website's tip settings, created with the defaults on first read."""

    permission_classes = (IsAdmin,)
    audit_action = "update"

    def audit_target(self, request):
        return Target(TipSettings, {"website_id": website_of_request(request).pk})

    def _settings_response(self, tip_settings: TipSettings) -> Response:
        tip_settings = TipSettings.objects.select_related("website").get(pk=tip_settings.pk)
        return Response(TipSettingsOutput(tip_settings).data)

    @extend_schema(
        tags=[TAG_SETTINGS],
        summary="Read the website's tip settings (admins)",
        parameters=[_SETTINGS_WEBSITE],
        responses={200: TipSettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[SETTINGS_EXAMPLE],
    )
    def get(self, request):
        return self._settings_response(
            tip_settings_get_or_create(website=website_of_request(request))
        )

    def _change(self, request, *, partial: bool) -> Response:
        website = website_of_request(request)
        data = TipSettingsInput(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        return self._settings_response(tip_settings_update(website=website, **data.validated_data))

    @extend_schema(
        tags=[TAG_SETTINGS],
        summary="Replace the website's tip settings (admins)",
        parameters=[_SETTINGS_WEBSITE],
        request=TipSettingsInput,
        responses={200: TipSettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            SETTINGS_EXAMPLE_2,
            SETTINGS_EXAMPLE,
        ],
    )
    def put(self, request):
        return self._change(request, partial=False)

    @extend_schema(
        tags=[TAG_SETTINGS],
        summary="Change some of the website's tip settings (admins)",
        parameters=[_SETTINGS_WEBSITE],
        request=TipSettingsInput,
        responses={200: TipSettingsOutput, **error_responses(400, 401, 403, 404)},
        examples=[
            RAISE_THE_MAXIMUM_EXAMPLE,
            SETTINGS_EXAMPLE,
        ],
    )
    def patch(self, request):
        return self._change(request, partial=True)
