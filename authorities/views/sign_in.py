"""Signing in and out."""

from django.contrib.auth import views as auth_views

from authorities.forms.sign_in import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]
