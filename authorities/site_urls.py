"""The home page and signing in and out, named without a namespace: "home", "login", "logout"."""

from django.urls import path

from authorities.views.home import HomeView
from authorities.views.sign_in import LoginView, LogoutView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("sign-in/", LoginView.as_view(), name="login"),
    path("sign-out/", LogoutView.as_view(), name="logout"),
]
