from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.mixins import ListModelMixin, RetrieveModelMixin
from rest_framework.response import Response

from core.schema import error_responses
from websites.api.serializers import WebsiteInput, WebsiteOutput
from websites.models import Website
from websites.permissions import IsAdmin, IsSuperAdmin
from websites.scoping import WebsiteScopedViewSet
from websites.services import website_create


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
