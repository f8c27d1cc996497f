from django.urls import path

from reports.feeds import PublicationFeed
from reports.views.committee_paper import (
    CommitteePaperDownloadView,
    CommitteePaperRequestView,
    CommitteePaperRetryView,
    CommitteePaperView,
    CommitteePaperWordView,
)
from reports.views.library import ActionPlanPublicView, NotablePracticeListView, PublishedReportListView, ReportDetailView
from reports.views.publication import CorrectionOpenView, ReportPublishConfirmView, ReportWithdrawView
from reports.views.report import (
    ProgressReviewReportRequestView,
    ReportDownloadView,
    ReportRequestView,
    ReportRequeueView,
    ReportRetryView,
    ReportRowView,
    ReportStatusView,
    SlidesRequestView,
)

app_name = "reports"

urlpatterns = [
    path("", PublishedReportListView.as_view(), name="report-list"),
    path("<int:pk>/download/", ReportDownloadView.as_view(), name="report-download"),
    path("<int:pk>/status/", ReportStatusView.as_view(), name="report-status"),
    path("<int:pk>/row/", ReportRowView.as_view(), name="report-row"),
    path("<int:pk>/retry/", ReportRetryView.as_view(), name="report-retry"),
    path("<int:pk>/requeue/", ReportRequeueView.as_view(), name="report-requeue"),
    path("feed/", PublicationFeed(), name="report-feed"),
    path("notable-practice/", NotablePracticeListView.as_view(), name="notable-practice"),
    path("<int:pk>/", ReportDetailView.as_view(), name="report-detail"),
    # Publishing: the confirmation page (GET) publishes on POST; "report-publish" is its
    # earlier name, which links and forms made before it still use.
    path("<int:pk>/publish/", ReportPublishConfirmView.as_view(), name="report-publish-confirm"),
    path("<int:pk>/publish/", ReportPublishConfirmView.as_view(), name="report-publish"),
    path("<int:pk>/withdraw/", ReportWithdrawView.as_view(), name="report-withdraw"),
    path("challenge/<int:pk>/correction/", CorrectionOpenView.as_view(), name="correction-open"),
    path("challenge/<int:pk>/request/", ReportRequestView.as_view(), name="report-request"),
    path("challenge/<int:pk>/slides/request/", SlidesRequestView.as_view(), name="slides-request"),
    path("challenge/<int:pk>/action-plan/", ActionPlanPublicView.as_view(), name="action-plan-public"),
    path(
        "challenge/<int:pk>/progress-review/request/", ProgressReviewReportRequestView.as_view(),
        name="progress-review-report-request",
    ),
    # The programme's committee paper (the insight page's panel).
    path("committee-paper/", CommitteePaperRequestView.as_view(), name="committee-paper-request"),
    path("committee-paper/word/", CommitteePaperWordView.as_view(), name="committee-paper-word"),
    path("committee-paper/<int:pk>/", CommitteePaperView.as_view(), name="committee-paper"),
    path("committee-paper/<int:pk>/download/", CommitteePaperDownloadView.as_view(), name="committee-paper-download"),
    path("committee-paper/<int:pk>/retry/", CommitteePaperRetryView.as_view(), name="committee-paper-retry"),
]
