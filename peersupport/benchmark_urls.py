"""The service's web addresses plus the benchmark's floor: the bare base template, rendered
through the same middleware, which every key page is measured against (make benchmark).
Used only by the benchmark command, never by the running service."""

from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("benchmark/floor/", TemplateView.as_view(template_name="base.html"), name="benchmark-floor"),
    path("", include("peersupport.urls")),
]
