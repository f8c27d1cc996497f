from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.PublishedReportListView.as_view(), name="report-list"),
    path("<int:pk>/download/", views.ReportDownloadView.as_view(), name="report-download"),
    path("<int:pk>/status/", views.ReportStatusView.as_view(), name="report-status"),
    path("<int:pk>/retry/", views.ReportRetryView.as_view(), name="report-retry"),
    path("<int:pk>/publish/", views.ReportPublishView.as_view(), name="report-publish"),
    path("challenge/<int:pk>/request/", views.ReportRequestView.as_view(), name="report-request"),
]
