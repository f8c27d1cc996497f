from django.urls import path

from . import views

app_name = "authorities"

urlpatterns = [
    path("authorities/", views.AuthorityListView.as_view(), name="authority-list"),
    path("authorities/<slug:slug>/", views.AuthorityDetailView.as_view(), name="authority-detail"),
    path("authorities/<slug:slug>/edit/", views.AuthorityUpdateView.as_view(), name="authority-update"),
    path("authorities/<slug:slug>/history/", views.AuthorityHistoryView.as_view(), name="authority-history"),
    path(
        "authorities/<slug:slug>/contacts/<slug:role>/",
        views.AuthorityContactUpdateView.as_view(),
        name="authority-contact-update",
    ),
    path(
        "authorities/<slug:slug>/contacts/<slug:role>/remove/",
        views.AuthorityContactDeleteView.as_view(),
        name="authority-contact-delete",
    ),
    path("authorities/<slug:slug>/inspections/add/", views.InspectionCreateView.as_view(), name="inspection-create"),
    path(
        "authorities/<slug:slug>/inspections/<int:pk>/edit/", views.InspectionUpdateView.as_view(), name="inspection-update"
    ),
    path("peers/", views.PeerListView.as_view(), name="peer-list"),
    path("peers/me/", views.PeerMeView.as_view(), name="peer-me"),
    path("peers/add/", views.PeerCreateView.as_view(), name="peer-create"),
    path("peers/export/", views.PeerExportView.as_view(), name="peer-export"),
    path("peers/import/", views.PeerImportView.as_view(), name="peer-import"),
    path("peers/import/check/", views.PeerImportPreviewView.as_view(), name="peer-import-preview"),
    path("peers/import/confirm/", views.PeerImportConfirmView.as_view(), name="peer-import-confirm"),
    path("peers/<int:pk>/edit/", views.PeerUpdateView.as_view(), name="peer-update"),
    path("peers/<int:pk>/", views.PeerDetailView.as_view(), name="peer-detail"),
    path("peers/<int:pk>/contact/", views.PeerContactUpdateView.as_view(), name="peer-contact-update"),
    path("peers/<int:pk>/specialisms/", views.PeerSpecialismsUpdateView.as_view(), name="peer-specialisms-update"),
    path("peers/<int:pk>/unavailability/add/", views.UnavailabilityCreateView.as_view(), name="unavailability-create"),
    path(
        "peers/<int:pk>/unavailability/<int:period_pk>/remove/",
        views.UnavailabilityDeleteView.as_view(),
        name="unavailability-delete",
    ),
    path("peers/<int:pk>/training/add/", views.TrainingRecordCreateView.as_view(), name="training-record-create"),
    path(
        "peers/<int:pk>/training/<int:record_pk>/edit/",
        views.TrainingRecordUpdateView.as_view(),
        name="training-record-update",
    ),
    path(
        "peers/<int:pk>/training/<int:record_pk>/remove/",
        views.TrainingRecordDeleteView.as_view(),
        name="training-record-delete",
    ),
]
