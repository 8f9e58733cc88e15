"""The load test's anchor: the smallest endpoint this stack can serve with authentication.

A DRF view with simplejwt's own authentication (one user query), one cache read and a tiny
JSON answer: no throttle, no tenancy, no serializer. What it serves per second on a machine is
the ceiling the load test reports every real endpoint against. Served only when
`settings.PERF_ANCHOR` is on (never in production), and left out of the API docs.
"""

from django.core.cache import cache
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.authentication import JWTAuthentication

ANCHOR_CACHE_KEY = "perf:anchor"


@extend_schema(exclude=True)
class AnchorView(APIView):
    authentication_classes = (JWTAuthentication,)
    permission_classes = (IsAuthenticated,)
    throttle_classes = ()

    def get(self, request):
        return Response({"user": request.user.pk, "cached": cache.get(ANCHOR_CACHE_KEY)})
