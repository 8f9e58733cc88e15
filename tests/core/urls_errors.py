"""A test-only URLconf: the project's URLs plus views that fail unexpectedly."""

from django.db import transaction
from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns
from websites.models import Website


class ExplodingView(APIView):
    """Read the request like a real view, then fail with an unexpected exception."""

    def post(self, request):
        if request.data.get("username"):
            raise RuntimeError("the ledger is out of balance")
        return Response({})


def exploding_plain_view(request):
    raise RuntimeError("a plain Django view failed")


class WebsiteDeleteView(APIView):
    """Delete a website, as a service would, whatever still refers to it."""

    def post(self, request):
        with transaction.atomic():
            Website.objects.get(pk=request.data["id"]).delete()
        return Response(status=204)


class WebsiteCopyView(APIView):
    """Create a website with another one's domain and slug, skipping every check first."""

    def post(self, request):
        original = Website.objects.get(pk=request.data["id"])
        with transaction.atomic():
            Website.objects.create(name="Copy", domain=original.domain, slug="another-slug")
        return Response(status=201)


urlpatterns = [
    path("api/v1/test-explode/", ExplodingView.as_view()),
    path("api/v1/test-explode-plain/", exploding_plain_view),
    path("api/v1/test-website-delete/", WebsiteDeleteView.as_view()),
    path("api/v1/test-website-copy/", WebsiteCopyView.as_view()),
    *project_urlpatterns,
]

handler404 = "core.views.json_not_found"
handler500 = "core.views.json_server_error"
