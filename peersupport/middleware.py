"""Project-wide middleware: how long a signed-in session lasts, and keeping pages for
signed-in people out of shared caches."""

import math
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme

# Unix times, in the session.
SIGNED_IN_AT = "signed_in_at"
LAST_ACTIVE_AT = "last_active_at"

# Why a session ended, as the signed-out page's `reason` parameter names it.
ENDED_INACTIVE = "inactive"
ENDED_TIME_LIMIT = "time-limit"


@dataclass(frozen=True)
class SessionTimeout:
    """What a page's timeout warning needs (request.session_timeout, on pages for someone
    signed in): the seconds left before the idle limit, the limit, and how long before it
    to warn. The 12-hour limit has no warning, as staying signed in cannot put it off: the
    signed-out page says what happened."""

    seconds_left: int
    idle_seconds: int
    warning_seconds: int


def session_times(request):
    """(signed in at, last active at) of the signed-in session, as Unix times: both start at
    every sign-in (start_session_clocks). A session without them, from before these limits,
    counts as signed in long ago."""
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT, 0.0)
    return signed_in_at, session.get(LAST_ACTIVE_AT, signed_in_at)


@receiver(user_logged_in)
def start_session_clocks(sender, request, user, **kwargs):
    """Both clocks start at every sign-in, however it is made: the sign-in page, the admin's,
    or the test client's force_login."""
    if request is not None:
        request.session[SIGNED_IN_AT] = request.session[LAST_ACTIVE_AT] = time.time()


def record_activity(request, now=None):
    """Starts the idle clock again: a request, or "Stay signed in" on the timeout warning."""
    request.session[LAST_ACTIVE_AT] = time.time() if now is None else now


def signed_out_url(reason, next_path=None):
    query = {"reason": reason, **({"next": next_path} if next_path else {})}
    return f"{reverse('signed-out')}?{urlencode(query)}"


def _page_they_were_on(request):
    """Where "Sign in again" should return to: the page asked for, or, for a form sent (a
    POST, which cannot be repeated by following a link), the page the form was on."""
    if request.method in ("GET", "HEAD"):
        candidate = request.get_full_path()
    else:
        candidate = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return None
    parts = urlsplit(candidate)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


class SessionTimeoutMiddleware:
    """Ends a signed-in session 30 minutes after its last request, and 12 hours after signing
    in however active it is (ASVS V7; the limits are settings), whatever the role.

    The person is signed out and sent to the signed-out page, which says why and links back
    to the page they were on. "Last active" is written to the session only when more than
    SESSION_ACTIVITY_REFRESH_SECONDS have passed since the stored value, so that an ordinary
    page costs no database write; the idle limit is kept to within that margin. A view whose
    class sets `counts_as_activity = False` (a page's background polling) is served without
    starting the clock again. The page is told how long is left (request.session_timeout),
    for its timeout warning."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at, last_active_at = session_times(request)
            now = time.time()
            if now - signed_in_at > settings.SESSION_COOKIE_AGE:
                return self._sign_out(request, ENDED_TIME_LIMIT)
            if now - last_active_at > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                return self._sign_out(request, ENDED_INACTIVE)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        view = getattr(view_func, "view_class", view_func)
        _, last_active_at = session_times(request)
        now = time.time()
        if getattr(view, "counts_as_activity", True) and now - last_active_at > settings.SESSION_ACTIVITY_REFRESH_SECONDS:
            record_activity(request, now)
            last_active_at = now
        request.session_timeout = SessionTimeout(
            # Rounded up, so that the page's warning never ends before the server's limit.
            seconds_left=math.ceil(last_active_at + settings.SESSION_IDLE_TIMEOUT_SECONDS - now),
            idle_seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS,
            warning_seconds=settings.SESSION_TIMEOUT_WARNING_SECONDS,
        )
        return None

    def _sign_out(self, request, reason):
        next_path = _page_they_were_on(request)
        logout(request)
        return redirect(signed_out_url(reason, next_path))


class NoStoreWhenSignedInMiddleware:
    """Every response to a signed-in person may hold personal data (peer records, the peer
    CSV export, a challenge's team, report files), so none may be kept by a shared cache or
    left in the browser's: "Cache-Control: no-store, private", streamed and file responses
    included. Pages for people signed out (the published reports) stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
