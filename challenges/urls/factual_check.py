"""The authority's factual accuracy check of the draft."""

from django.urls import path

from challenges.views.factual_check import (
    FactualCheckCommentDeleteView,
    FactualCheckCommentEditView,
    FactualCheckCommentView,
    FactualCheckSendView,
    FactualCheckSubmitView,
    FactualCheckView,
    FactualCommentAnswerView,
)

urlpatterns = [
    path("<int:pk>/factual-check/", FactualCheckView.as_view(), name="factual-check"),
    path("<int:pk>/factual-check/send/", FactualCheckSendView.as_view(), name="factual-check-send"),
    path("<int:pk>/factual-check/comment/", FactualCheckCommentView.as_view(), name="factual-check-comment"),
    path(
        "<int:pk>/factual-check/comments/<int:comment_pk>/edit/", FactualCheckCommentEditView.as_view(),
        name="factual-check-comment-edit",
    ),
    path(
        "<int:pk>/factual-check/comments/<int:comment_pk>/delete/", FactualCheckCommentDeleteView.as_view(),
        name="factual-check-comment-delete",
    ),
    path("<int:pk>/factual-check/submit/", FactualCheckSubmitView.as_view(), name="factual-check-submit"),
    path(
        "<int:pk>/factual-check/comments/<int:comment_pk>/answer/", FactualCommentAnswerView.as_view(),
        name="factual-check-comment-answer",
    ),
]
