from django.urls import path

from authorities.views.authority import AuthorityDetailView, AuthorityHistoryView, AuthorityListView, AuthorityUpdateView
from authorities.views.contact import AuthorityContactDeleteView, AuthorityContactUpdateView
from authorities.views.inspection import InspectionSaveView
from authorities.views.peer import PeerCreateView, PeerDetailView, PeerListView, PeerMeView, PeerUpdateView
from authorities.views.peer_csv import PeerExportView, PeerImportConfirmView, PeerImportPreviewView, PeerImportView
from authorities.views.peer_profile import PeerContactUpdateView, PeerSpecialismsUpdateView
from authorities.views.training import TrainingRecordCreateView, TrainingRecordDeleteView, TrainingRecordUpdateView
from authorities.views.unavailability import UnavailabilityCreateView, UnavailabilityDeleteView

app_name = "authorities"

urlpatterns = [
    path("authorities/", AuthorityListView.as_view(), name="authority-list"),
    path("authorities/<slug:slug>/", AuthorityDetailView.as_view(), name="authority-detail"),
    path("authorities/<slug:slug>/edit/", AuthorityUpdateView.as_view(), name="authority-update"),
    path("authorities/<slug:slug>/history/", AuthorityHistoryView.as_view(), name="authority-history"),
    path(
        "authorities/<slug:slug>/contacts/<slug:role>/",
        AuthorityContactUpdateView.as_view(),
        name="authority-contact-update",
    ),
    path(
        "authorities/<slug:slug>/contacts/<slug:role>/remove/",
        AuthorityContactDeleteView.as_view(),
        name="authority-contact-delete",
    ),
    path("authorities/<slug:slug>/inspections/add/", InspectionSaveView.as_view(), name="inspection-create"),
    path(
        "authorities/<slug:slug>/inspections/<int:pk>/edit/", InspectionSaveView.as_view(), name="inspection-update"
    ),
    path("peers/", PeerListView.as_view(), name="peer-list"),
    path("peers/me/", PeerMeView.as_view(), name="peer-me"),
    path("peers/add/", PeerCreateView.as_view(), name="peer-create"),
    path("peers/export/", PeerExportView.as_view(), name="peer-export"),
    path("peers/import/", PeerImportView.as_view(), name="peer-import"),
    path("peers/import/check/", PeerImportPreviewView.as_view(), name="peer-import-preview"),
    path("peers/import/confirm/", PeerImportConfirmView.as_view(), name="peer-import-confirm"),
    path("peers/<int:pk>/edit/", PeerUpdateView.as_view(), name="peer-update"),
    path("peers/<int:pk>/", PeerDetailView.as_view(), name="peer-detail"),
    path("peers/<int:pk>/contact/", PeerContactUpdateView.as_view(), name="peer-contact-update"),
    path("peers/<int:pk>/specialisms/", PeerSpecialismsUpdateView.as_view(), name="peer-specialisms-update"),
    path("peers/<int:pk>/unavailability/add/", UnavailabilityCreateView.as_view(), name="unavailability-create"),
    path(
        "peers/<int:pk>/unavailability/<int:period_pk>/remove/",
        UnavailabilityDeleteView.as_view(),
        name="unavailability-delete",
    ),
    path("peers/<int:pk>/training/add/", TrainingRecordCreateView.as_view(), name="training-record-create"),
    path(
        "peers/<int:pk>/training/<int:record_pk>/edit/",
        TrainingRecordUpdateView.as_view(),
        name="training-record-update",
    ),
    path(
        "peers/<int:pk>/training/<int:record_pk>/remove/",
        TrainingRecordDeleteView.as_view(),
        name="training-record-delete",
    ),
]
