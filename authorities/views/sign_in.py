"""Signing in and out, the pause after too many wrong passwords, and the end of a session."""

from urllib.parse import urlencode

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import TemplateView

from authorities.forms.sign_in import LoginForm
from peersupport.middleware import ENDED_TIME_LIMIT, record_activity


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in it refuses (AXES_LOCKOUT_CALLABLE): a GOV.UK page,
    429 Too Many Requests, saying for how long signing in is paused and who can help. The
    length comes from axes' own cool-off, so the page cannot say something else."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE)


class SignedOutView(TemplateView):
    """Where SessionTimeoutMiddleware sends someone whose session it ended: why, that saved
    work is safe, and a way back to the page they were on (`next`, on this site only)."""

    template_name = "registration/signed_out.html"

    def get_context_data(self, **kwargs):
        next_path = self.request.GET.get("next", "")
        sign_in_url = reverse("login")
        if next_path and url_has_allowed_host_and_scheme(
            next_path, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            sign_in_url = f"{sign_in_url}?{urlencode({'next': next_path})}"
        return super().get_context_data(
            after_time_limit=self.request.GET.get("reason") == ENDED_TIME_LIMIT,
            idle_minutes=settings.SESSION_IDLE_TIMEOUT_SECONDS // 60,
            limit_hours=settings.SESSION_COOKIE_AGE // 3600,
            sign_in_url=sign_in_url,
            **kwargs,
        )


class StaySignedInView(LoginRequiredMixin, View):
    """The timeout warning's "Stay signed in" (static/js/session-timeout.mjs): counts as
    activity, so the idle clock starts again, and answers 204 so that the page, and anything
    typed into it, stays as it is. Signed out, it is refused (403) rather than sent to sign
    in, which would only bring the person back to this address."""

    http_method_names = ["post"]
    raise_exception = True

    def post(self, request, *args, **kwargs):
        record_activity(request)
        return HttpResponse(status=204)
