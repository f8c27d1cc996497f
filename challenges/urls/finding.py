"""The findings pages and the library of wording."""

from django.urls import path

from challenges.views.finding import (
    FindingAcceptView,
    FindingCreateView,
    FindingDeleteView,
    FindingListView,
    FindingMoveView,
    FindingRejectView,
    FindingUpdateView,
    FindingWordingSaveView,
    WordingDeleteView,
    WordingLibraryView,
)

urlpatterns = [
    path("<int:pk>/findings/", FindingListView.as_view(), name="findings"),
    path("<int:pk>/findings/add/", FindingCreateView.as_view(), name="finding-create"),
    path("<int:pk>/findings/<int:finding_pk>/edit/", FindingUpdateView.as_view(), name="finding-update"),
    path("<int:pk>/findings/<int:finding_pk>/delete/", FindingDeleteView.as_view(), name="finding-delete"),
    path("<int:pk>/findings/<int:finding_pk>/reject/", FindingRejectView.as_view(), name="finding-reject"),
    path("<int:pk>/findings/<int:finding_pk>/accept/", FindingAcceptView.as_view(), name="finding-accept"),
    path(
        "<int:pk>/findings/<int:finding_pk>/move/<str:direction>/", FindingMoveView.as_view(), name="finding-move",
    ),
    path("<int:pk>/findings/<int:finding_pk>/wording/", FindingWordingSaveView.as_view(), name="finding-wording-save"),
    path("wording/", WordingLibraryView.as_view(), name="wording-library"),
    path("wording/<int:template_pk>/delete/", WordingDeleteView.as_view(), name="wording-delete"),
]
