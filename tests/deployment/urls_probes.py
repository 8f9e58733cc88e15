"""The project's URLs plus endpoints with the mistakes preflight must catch (tests only)."""

from django.urls import path
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns
from core.serializers import ModelSerializer
from orders.models import Order
from websites.permissions import IsAdmin
from websites.scoping import website_id_from_request


class OrderWithClientName(ModelSerializer):
    client_name = serializers.SerializerMethodField()

    class Meta:
        model = Order
        fields = ("id", "client_name")

    def get_client_name(self, order) -> str:
        return order.client.username  # one query per row: no select_related


class NPlusOneOrders(ListAPIView):
    serializer_class = OrderWithClientName

    def get_queryset(self):
        return Order.objects.visible_to(self.request.user).order_by("id")


class LeakyOrders(ListAPIView):
    """Every order to every authenticated user: the tenancy layer forgotten."""

    serializer_class = OrderWithClientName
    permission_classes = (IsAuthenticated,)
    queryset = Order.objects.select_related("client").order_by("id")


class ReportForAnyone(APIView):
    """An admin report that forgot its IsAdmin."""

    permission_classes = (IsAuthenticated,)

    def get(self, request):
        return Response({"orders": Order.objects.visible_to(request.user).count()})


class PublicReport(APIView):
    permission_classes = (AllowAny,)
    authentication_classes = ()

    def get(self, request):
        return Response({"orders": 0})


class UnscopedTotal(APIView):
    """Counts every website's orders, whoever asks."""

    permission_classes = (IsAdmin,)

    def get(self, request):
        return Response({"orders": Order.objects.count()})


class ScopedTotal(APIView):
    permission_classes = (IsAdmin,)

    def get(self, request):
        orders = Order.objects.visible_to(request.user)
        website_id = website_id_from_request(request)
        if website_id is not None:
            orders = orders.for_website(website_id)
        return Response({"orders": orders.count()})


class CrashesOnBadInput(APIView):
    permission_classes = (IsAdmin,)

    def get(self, request):
        return Response({"days": int(request.query_params.get("days", "30"))})


urlpatterns = [
    *project_urlpatterns,
    path("probe-tests/n-plus-one/", NPlusOneOrders.as_view()),
    path("probe-tests/leaky/", LeakyOrders.as_view()),
    path("probe-tests/report-for-anyone/", ReportForAnyone.as_view()),
    path("probe-tests/public/", PublicReport.as_view()),
    path("probe-tests/unscoped-total/", UnscopedTotal.as_view()),
    path("probe-tests/scoped-total/", ScopedTotal.as_view()),
    path("probe-tests/crashes/", CrashesOnBadInput.as_view()),
]
