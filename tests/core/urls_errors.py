"""A test-only URLconf: the project's URLs plus views that fail unexpectedly."""

from django.urls import path
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns


class ExplodingView(APIView):
    """Read the request like a real view, then fail with an unexpected exception."""

    def post(self, request):
        if request.data.get("username"):
            raise RuntimeError("the ledger is out of balance")
        return Response({})


def exploding_plain_view(request):
    raise RuntimeError("a plain Django view failed")


urlpatterns = [
    path("api/v1/test-explode/", ExplodingView.as_view()),
    path("api/v1/test-explode-plain/", exploding_plain_view),
    *project_urlpatterns,
]

handler404 = "core.views.json_not_found"
handler500 = "core.views.json_server_error"
