"""The service's web addresses: each app's own, and the Django admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("authorities.site_urls")),
    path("", include("authorities.urls")),
    path("challenges/", include("challenges.urls")),
    path("reports/", include("reports.urls")),
    path("outbox/", include("peersupport.outbox.urls")),
    path("admin/", admin.site.urls),
]
