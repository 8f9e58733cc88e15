from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from core.schema import error_responses
from core.throttling import PerObjectRateThrottle, UserRateThrottleWithHeaders
from websites.api.serializers import WebsiteInput, WebsiteOutput, WebsiteTimeZoneInput
from websites.models import Website
from websites.permissions import IsAdmin, IsSuperAdmin
from websites.scoping import WebsiteScopedViewSet
from websites.services import website_create, website_time_zone_set


class WebsiteTimeZoneThrottle(PerObjectRateThrottle):
    scope = "website_time_zone"


TOKYO_WEBSITE_EXAMPLE = OpenApiExample(
    "A website on Tokyo's calendar",
    value={
        "id": 3,
        "name": "Alpha Essays",
        "domain": "alpha.example.com",
        "slug": "alpha",
        "is_active": True,
        "time_zone": "Asia/Tokyo",
        "reporting_time_zone": "Asia/Tokyo",
        "created_at": "2026-03-02T09:12:44Z",
    },
    response_only=True,
)


@extend_schema_view(
    list=extend_schema(
        tags=["websites"],
        summary="List websites (admins: their own)",
        responses={200: WebsiteOutput(many=True), **error_responses(400, 401, 403)},
    ),
    retrieve=extend_schema(
        tags=["websites"],
        summary="Read one website",
        responses={200: WebsiteOutput, **error_responses(401, 403, 404)},
    ),
)
class WebsiteViewSet(ListModelMixin, RetrieveModelMixin, WebsiteScopedViewSet):
    queryset = Website.objects.all()
    serializer_class = WebsiteOutput
    permission_classes = (IsAdmin,)
    filter_backends = ()

    def get_permissions(self):
        if self.action == "create":
            return [IsSuperAdmin()]
        return super().get_permissions()

    @extend_schema(
        tags=["websites"],
        summary="Create a website (superadmins)",
        request=WebsiteInput,
        responses={201: WebsiteOutput, **error_responses(400, 401, 403)},
    )
    def create(self, request):
        data = WebsiteInput(data=request.data)
        data.is_valid(raise_exception=True)
        website = website_create(**data.validated_data)
        return Response(WebsiteOutput(website).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=["websites"],
        summary="Set the website's time zone (its admins, superadmins)",
        description=(
            "Every report, date filter (`date_from` / `date_to`), trend bucket, statistics day "
            "and installment due date of the website follows this zone's calendar; an empty "
            "value returns the website to the deployment's reporting time zone. A change "
            "rebuilds the website's tip statistics in the same transaction, so the answer comes "
            "once every report reads the new calendar (measured in docs/PERFORMANCE.md); "
            "setting the zone the website already follows rebuilds nothing. Each website may "
            "change zones 6 times an hour (`THROTTLE_WEBSITE_TIME_ZONE_RATE`), then 429."
        ),
        request=WebsiteTimeZoneInput,
        responses={200: WebsiteOutput, **error_responses(400, 401, 403, 404, 429)},
        examples=[
            OpenApiExample(
                "Follow Tokyo's calendar", value={"time_zone": "Asia/Tokyo"}, request_only=True
            ),
            OpenApiExample(
                "Back to the deployment's zone", value={"time_zone": ""}, request_only=True
            ),
            TOKYO_WEBSITE_EXAMPLE,
        ],
    )
    @action(
        detail=True,
        methods=["put"],
        url_path="time-zone",
        throttle_classes=[UserRateThrottleWithHeaders, WebsiteTimeZoneThrottle],
    )
    def time_zone(self, request, pk=None):
        website = self.get_object()
        data = WebsiteTimeZoneInput(data=request.data)
        data.is_valid(raise_exception=True)
        website_time_zone_set(website=website, time_zone=data.validated_data["time_zone"])
        return Response(WebsiteOutput(website).data)
