"""The programme's insight, and its tables as CSV."""

from django.urls import path

from challenges.views.insight import InsightTableDownloadView, InsightView

urlpatterns = [
    path("insight/", InsightView.as_view(), name="insight"),
    path("insight/download/<slug:slug>/", InsightTableDownloadView.as_view(), name="insight-download"),
]
