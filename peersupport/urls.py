from django.contrib import admin
from django.urls import include, path

from authorities.views.home import HomeView
from authorities.views.sign_in import LoginView, LogoutView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("sign-in/", LoginView.as_view(), name="login"),
    path("sign-out/", LogoutView.as_view(), name="logout"),
    path("", include("authorities.urls")),
    path("challenges/", include("challenges.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
