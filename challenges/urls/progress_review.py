"""The progress review."""

from django.urls import path

from challenges.views.progress_review import (
    ProgressReviewCompleteView,
    ProgressReviewScheduleView,
    ProgressReviewSummaryView,
    ProgressReviewView,
    RecommendationProgressRecordView,
)

urlpatterns = [
    path("<int:pk>/progress-review/", ProgressReviewView.as_view(), name="progress-review"),
    path("<int:pk>/progress-review/schedule/", ProgressReviewScheduleView.as_view(), name="progress-review-schedule"),
    path("<int:pk>/progress-review/summary/", ProgressReviewSummaryView.as_view(), name="progress-review-summary"),
    path("<int:pk>/progress-review/complete/", ProgressReviewCompleteView.as_view(), name="progress-review-complete"),
    path(
        "<int:pk>/progress-review/recommendations/<int:finding_pk>/", RecommendationProgressRecordView.as_view(),
        name="progress-review-record",
    ),
]
