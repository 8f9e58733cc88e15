from django.urls import path

from perf.views import AnchorView

urlpatterns = [path("perf/anchor/", AnchorView.as_view(), name="perf-anchor")]
