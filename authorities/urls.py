from django.urls import path

from . import views

app_name = "authorities"

urlpatterns = [
    path("<slug:slug>/", views.AuthorityDetailView.as_view(), name="authority-detail"),
]
