"""The home page and signing in and out, named without a namespace: "home", "login", "logout",
"signed-out" and "stay-signed-in"."""

from django.urls import path

from authorities.views.home import HomeView
from authorities.views.sign_in import LoginView, LogoutView, SignedOutView, StaySignedInView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("sign-in/", LoginView.as_view(), name="login"),
    path("sign-out/", LogoutView.as_view(), name="logout"),
    path("signed-out/", SignedOutView.as_view(), name="signed-out"),
    path("stay-signed-in/", StaySignedInView.as_view(), name="stay-signed-in"),
]
