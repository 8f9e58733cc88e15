from django.db import DatabaseError
from django.http import JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.health import readiness, readiness_summary

_HEALTH_OUTPUT = inline_serializer(
    "HealthOutput",
    {"status": serializers.CharField(), "components": serializers.DictField(required=False)},
)


class LivenessView(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = ()

    @extend_schema(tags=["health"], summary="The process is up", responses={200: _HEALTH_OUTPUT})
    def get(self, request):
        return Response({"status": "ok"})


class ReadinessView(APIView):
    """Readiness for probes; the details (errors, timings, backends) only for superadmins.

    Error text names hosts and addresses, so anonymous callers and website staff see each
    component's status alone; the details are logged too. A missing or bad token reads as
    anonymous here: probes must never get a 401.
    """

    permission_classes = (AllowAny,)
    throttle_classes = ()

    def perform_authentication(self, request):
        try:
            request.user  # noqa: B018 - authenticates
        except (exceptions.APIException, DatabaseError):  # a bad token, or the database is down
            request._not_authenticated()

    @extend_schema(
        tags=["health"],
        summary="Dependencies: database, read replicas, cache and Celery broker (503 when the database is down)",
        description=(
            "Anonymous callers get `status` per component; superadmins also get each component's "
            "`ms`, backend and `error` when down. With read replicas configured, "
            "`database_replicas` is `degraded` while any replica lags or is down (the primary "
            "serves its reads), and superadmins see each replica's `status` (`ok`, `lagging`, "
            "`down`) and `lag_seconds`."
        ),
        responses={200: _HEALTH_OUTPUT, 503: _HEALTH_OUTPUT},
    )
    def get(self, request):
        report, serving = readiness()
        user = request.user
        if not (user.is_superuser or getattr(user, "is_superadmin", False)):
            report = readiness_summary(report)
        return Response(report, status=200 if serving else 503)


def json_not_found(request, exception=None):
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


def json_server_error(request):
    return JsonResponse({"detail": "A server error occurred.", "code": "server_error"}, status=500)
