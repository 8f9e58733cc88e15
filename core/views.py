from django.http import JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from core.health import readiness

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
    permission_classes = (AllowAny,)
    authentication_classes = ()
    throttle_classes = ()

    @extend_schema(
        tags=["health"],
        summary="Dependencies: database, cache and Celery broker (503 when the database is down)",
        responses={200: _HEALTH_OUTPUT, 503: _HEALTH_OUTPUT},
    )
    def get(self, request):
        report, serving = readiness()
        return Response(report, status=200 if serving else 503)


def json_not_found(request, exception=None):
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=404)


def json_server_error(request):
    return JsonResponse({"detail": "A server error occurred.", "code": "server_error"}, status=500)
