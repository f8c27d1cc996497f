"""Project-wide middleware: how long a signed-in session lasts, and keeping pages for
signed-in people out of shared caches."""

import math
import time
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import logout
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
    """(signed in at, last active at) of the signed-in session, as Unix times.

    The middleware stores both when someone signs in through a page. A session signed in
    any other way (the test client's force_login) or before these limits existed has none
    yet: the account's last sign-in, which Django records at every sign-in, stands for both
    until the first refresh stores them. An account never signed in counts as long ago."""
    session = request.session
    if SIGNED_IN_AT in session:
        return session[SIGNED_IN_AT], session.get(LAST_ACTIVE_AT, session[SIGNED_IN_AT])
    last_login = getattr(request.user, "last_login", None)
    started = last_login.timestamp() if last_login else 0.0
    return started, started


def record_activity(request, now=None):
    """Starts the idle clock again: a request, or "Stay signed in" on the timeout warning."""
    signed_in_at, _ = session_times(request)
    request.session[SIGNED_IN_AT] = signed_in_at
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
    page costs no database write; the idle limit is kept to within that margin. The page is
    told how long is left (request.session_timeout), for its timeout warning."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        if signed_in:
            now = time.time()
            signed_in_at, last_active_at = session_times(request)
            if now - signed_in_at > settings.SESSION_COOKIE_AGE:
                return self._sign_out(request, ENDED_TIME_LIMIT)
            if now - last_active_at > settings.SESSION_IDLE_TIMEOUT_SECONDS:
                return self._sign_out(request, ENDED_INACTIVE)
            if now - last_active_at > settings.SESSION_ACTIVITY_REFRESH_SECONDS:
                record_activity(request, now)
                last_active_at = now
            request.session_timeout = SessionTimeout(
                # Rounded up, so that the page's warning never ends before the server's limit.
                seconds_left=math.ceil(last_active_at + settings.SESSION_IDLE_TIMEOUT_SECONDS - now),
                idle_seconds=settings.SESSION_IDLE_TIMEOUT_SECONDS,
                warning_seconds=settings.SESSION_TIMEOUT_WARNING_SECONDS,
            )

        response = self.get_response(request)

        if not signed_in and request.user.is_authenticated:
            # Signed in by this request: both clocks start now, saved with the new session.
            now = time.time()
            request.session[SIGNED_IN_AT] = now
            request.session[LAST_ACTIVE_AT] = now
        return response

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
