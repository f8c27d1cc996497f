from django.contrib import admin
from django.urls import include, path

from authorities import views as authority_views

urlpatterns = [
    path("", authority_views.HomeView.as_view(), name="home"),
    path("sign-in/", authority_views.LoginView.as_view(), name="login"),
    path("sign-out/", authority_views.LogoutView.as_view(), name="logout"),
    path("", include("authorities.urls")),
    path("challenges/", include("challenges.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
