"""The evaluation of a challenge, and its yearly summary."""

from django.urls import path

from challenges.views.evaluation import (
    EvaluationAnswerView,
    EvaluationInvitationResendView,
    EvaluationResultsView,
    EvaluationSummaryDownloadView,
    EvaluationSummaryView,
)

urlpatterns = [
    # The summary comes before the link's secret, which would otherwise read "summary" as one.
    path("evaluation/summary/", EvaluationSummaryView.as_view(), name="evaluation-summary"),
    path("evaluation/summary/download/", EvaluationSummaryDownloadView.as_view(), name="evaluation-summary-download"),
    path("evaluation/<str:token>/", EvaluationAnswerView.as_view(), name="evaluation-answer"),
    path("<int:pk>/evaluation/", EvaluationResultsView.as_view(), name="evaluation-results"),
    path(
        "<int:pk>/evaluation/<int:evaluation_pk>/send-again/", EvaluationInvitationResendView.as_view(),
        name="evaluation-invitation-resend",
    ),
]
