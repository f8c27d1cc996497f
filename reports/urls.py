from django.urls import path

from reports.views.library import ActionPlanPublicView, PublishedReportListView
from reports.views.report import (
    ProgressReviewReportRequestView,
    ReportDownloadView,
    ReportPublishView,
    ReportRequestView,
    ReportRetryView,
    ReportStatusView,
)

app_name = "reports"

urlpatterns = [
    path("", PublishedReportListView.as_view(), name="report-list"),
    path("<int:pk>/download/", ReportDownloadView.as_view(), name="report-download"),
    path("<int:pk>/status/", ReportStatusView.as_view(), name="report-status"),
    path("<int:pk>/retry/", ReportRetryView.as_view(), name="report-retry"),
    path("<int:pk>/publish/", ReportPublishView.as_view(), name="report-publish"),
    path("challenge/<int:pk>/request/", ReportRequestView.as_view(), name="report-request"),
    path("challenge/<int:pk>/action-plan/", ActionPlanPublicView.as_view(), name="action-plan-public"),
    path(
        "challenge/<int:pk>/progress-review/request/", ProgressReviewReportRequestView.as_view(),
        name="progress-review-report-request",
    ),
]
