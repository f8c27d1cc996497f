from django.urls import path

from . import views

app_name = "authorities"

urlpatterns = [
    path("authorities/<slug:slug>/", views.AuthorityDetailView.as_view(), name="authority-detail"),
    path("peers/", views.PeerListView.as_view(), name="peer-list"),
    path("peers/me/", views.PeerMeView.as_view(), name="peer-me"),
    path("peers/add/", views.PeerCreateView.as_view(), name="peer-create"),
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
]
