from django.urls import path

from reports.views.library import PublishedReportListView
from reports.views.report import ReportDownloadView, ReportPublishView, ReportRequestView, ReportRetryView, ReportStatusView

app_name = "reports"

urlpatterns = [
    path("", PublishedReportListView.as_view(), name="report-list"),
    path("<int:pk>/download/", ReportDownloadView.as_view(), name="report-download"),
    path("<int:pk>/status/", ReportStatusView.as_view(), name="report-status"),
    path("<int:pk>/retry/", ReportRetryView.as_view(), name="report-retry"),
    path("<int:pk>/publish/", ReportPublishView.as_view(), name="report-publish"),
    path("challenge/<int:pk>/request/", ReportRequestView.as_view(), name="report-request"),
]
