"""How long a signed-in session lasts (30 minutes idle, 12 hours at most, whatever the role),
the keep-alive behind the timeout warning, and "Cache-Control: no-store" on every response to
someone signed in."""

import re
import types

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from authorities.models import User
from authorities.tests.factories import PASSWORD
from challenges.tests.factories import ChallengeFactory
from peersupport import middleware
from peersupport.middleware import LAST_ACTIVE_AT, SIGNED_IN_AT
from peersupport.tests.html import page
from reports.tests.factories import FeedbackReportFactory

pytestmark = pytest.mark.integration

NOW = 1_900_000_000.0
MINUTE = 60
HOUR = 60 * MINUTE


@pytest.fixture
def clock(monkeypatch):
    """The middleware's clock, stopped at NOW: the tests move the session's stored times
    instead of waiting."""
    monkeypatch.setattr(middleware, "time", types.SimpleNamespace(time=lambda: NOW))
    return NOW


def _set_times(client, *, signed_in_ago, last_active_ago):
    session = client.session
    session[SIGNED_IN_AT] = NOW - signed_in_ago
    session[LAST_ACTIVE_AT] = NOW - last_active_ago
    session.save()
    return session.session_key


# The idle limit


def test_request_after_31_idle_minutes_signs_out_to_the_signed_out_page(client, sign_in, clock):
    sign_in("lga_admin")
    key = _set_times(client, signed_in_ago=40 * MINUTE, last_active_ago=31 * MINUTE)

    response = client.get("/peers/?status=all")

    assert (response.status_code, response.url) == (302, "/signed-out/?reason=inactive&next=%2Fpeers%2F%3Fstatus%3Dall")
    assert "_auth_user_id" not in client.session
    assert Session.objects.filter(session_key=key).exists() is False


def test_request_29_minutes_after_the_last_is_served_and_counts_as_activity(client, sign_in, clock):
    sign_in("lga_admin")
    _set_times(client, signed_in_ago=40 * MINUTE, last_active_ago=29 * MINUTE)

    response = client.get("/peers/")

    assert response.status_code == 200
    assert (client.session[SIGNED_IN_AT], client.session[LAST_ACTIVE_AT]) == (NOW - 40 * MINUTE, NOW)


def test_request_within_a_minute_of_the_last_writes_nothing(client, sign_in, clock):
    # So that an ordinary page costs no database write: "last active" moves once a minute at most.
    sign_in("lga_admin")
    _set_times(client, signed_in_ago=40 * MINUTE, last_active_ago=59)

    response = client.get("/peers/")

    assert response.status_code == 200
    assert client.session[LAST_ACTIVE_AT] == NOW - 59


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "lead_peer", "fra_contact"])
def test_idle_limit_is_the_same_for_every_role(client, sign_in, clock, role):
    sign_in(role)
    _set_times(client, signed_in_ago=31 * MINUTE, last_active_ago=31 * MINUTE)

    response = client.get("/")

    assert (response.status_code, response.url) == (302, "/signed-out/?reason=inactive&next=%2F")


def test_session_without_stored_times_is_signed_out(client, sign_in, clock):
    # A session from before these limits has no stored times: it counts as signed in long ago.
    sign_in("lga_admin")
    session = client.session
    del session[SIGNED_IN_AT], session[LAST_ACTIVE_AT]
    session.save()

    response = client.get("/")

    assert (response.status_code, response.url) == (302, "/signed-out/?reason=time-limit&next=%2F")


def test_signing_in_through_the_page_starts_both_clocks(client, lga_admin, clock):
    response = client.post("/sign-in/", {"username": lga_admin.email, "password": PASSWORD})

    assert response.status_code == 302
    assert (client.session[SIGNED_IN_AT], client.session[LAST_ACTIVE_AT]) == (NOW, NOW)


@pytest.mark.parametrize("how", ["admin sign-in", "force_login"])
def test_signing_in_any_other_way_starts_both_clocks(client, lga_admin, clock, how):
    if how == "admin sign-in":
        User.objects.filter(pk=lga_admin.pk).update(is_staff=True)
        assert client.post("/admin/login/", {"username": lga_admin.email, "password": PASSWORD}).status_code == 302
    else:
        client.force_login(lga_admin)

    assert (client.session[SIGNED_IN_AT], client.session[LAST_ACTIVE_AT]) == (NOW, NOW)


def test_following_a_reports_status_in_the_background_is_not_activity(client, sign_in, clock, challenge):
    """The challenge page asks for a report's status every few seconds while it is prepared:
    a page left open is not someone there."""
    sign_in("lead_peer")
    report = FeedbackReportFactory(challenge=challenge)
    _set_times(client, signed_in_ago=40 * MINUTE, last_active_ago=20 * MINUTE)

    response = client.get(f"/reports/{report.pk}/status/")

    assert response.status_code == 200
    assert client.session[LAST_ACTIVE_AT] == NOW - 20 * MINUTE


# The absolute limit


def test_twelve_hours_after_signing_in_signs_out_even_if_active(client, sign_in, clock):
    sign_in("adviser")
    key = _set_times(client, signed_in_ago=12 * HOUR + 1, last_active_ago=10)

    response = client.get("/challenges/")

    assert (response.status_code, response.url) == (302, "/signed-out/?reason=time-limit&next=%2Fchallenges%2F")
    assert "_auth_user_id" not in client.session
    assert Session.objects.filter(session_key=key).exists() is False


def test_just_under_twelve_hours_after_signing_in_is_served(client, sign_in, clock):
    sign_in("adviser")
    _set_times(client, signed_in_ago=12 * HOUR - 1, last_active_ago=10)

    assert client.get("/challenges/").status_code == 200


# Where "Sign in again" returns to


def test_timed_out_form_returns_to_the_page_the_form_was_on(client, sign_in, clock):
    sign_in("lga_admin")
    _set_times(client, signed_in_ago=HOUR, last_active_ago=31 * MINUTE)

    response = client.post("/sign-out/", HTTP_REFERER="http://testserver/authorities/avon/")

    assert (response.status_code, response.url) == (302, "/signed-out/?reason=inactive&next=%2Fauthorities%2Favon%2F")


def test_timed_out_form_from_another_site_returns_nowhere_in_particular(client, sign_in, clock):
    sign_in("lga_admin")
    _set_times(client, signed_in_ago=HOUR, last_active_ago=31 * MINUTE)

    response = client.post("/sign-out/", HTTP_REFERER="https://evil.example.com/authorities/avon/")

    assert (response.status_code, response.url) == (302, "/signed-out/?reason=inactive")


# The keep-alive behind the timeout warning


def test_keep_alive_refreshes_activity(client, sign_in, clock):
    # 30 seconds: too soon for the middleware to write, so the refresh is the keep-alive's own.
    sign_in("lga_admin")
    _set_times(client, signed_in_ago=HOUR, last_active_ago=30)

    response = client.post("/stay-signed-in/")

    assert (response.status_code, response.content) == (204, b"")
    assert (client.session[SIGNED_IN_AT], client.session[LAST_ACTIVE_AT]) == (NOW - HOUR, NOW)


def test_keep_alive_takes_the_csrf_token_from_the_page_header(db, lga_admin):
    # What static/js/session-timeout.mjs does: the token from <meta name="csrf-token">, sent
    # as X-CSRFToken (the CSRF cookie is HttpOnly, so scripts cannot read it).
    client = Client(enforce_csrf_checks=True)
    client.force_login(lga_admin)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)">', page(client.get("/"))).group(1)

    refused = client.post("/stay-signed-in/")
    accepted = client.post("/stay-signed-in/", HTTP_X_CSRFTOKEN=token)

    assert (refused.status_code, accepted.status_code) == (403, 204)


def test_keep_alive_only_answers_post(client, sign_in):
    sign_in("lga_admin")

    assert client.get("/stay-signed-in/").status_code == 405


def test_keep_alive_refused_when_signed_out(client, db):
    response = client.post("/stay-signed-in/")

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_keep_alive_after_the_idle_limit_signs_out_back_to_the_page(client, sign_in, clock):
    sign_in("lga_admin")
    _set_times(client, signed_in_ago=HOUR, last_active_ago=31 * MINUTE)

    response = client.post("/stay-signed-in/", HTTP_REFERER="http://testserver/peers/")

    assert (response.status_code, response.url) == (302, "/signed-out/?reason=inactive&next=%2Fpeers%2F")
    assert "_auth_user_id" not in client.session


# The timeout warning on the page


def test_pages_for_someone_signed_in_carry_the_timeout_warning(client, sign_in, clock):
    sign_in("lga_admin")
    _set_times(client, signed_in_ago=HOUR, last_active_ago=50)

    html = page(client.get("/"))

    assert '<body class="govuk-template__body" data-session-timeout-seconds="1750">' in html
    assert re.findall(r'<meta name="csrf-token" content="[^"]+">', html) != []
    assert (
        '<dialog class="app-timeout-dialog" id="session-timeout" aria-labelledby="session-timeout-heading" '
        'aria-describedby="session-timeout-text" data-module="app-session-timeout" data-keep-alive-url="/stay-signed-in/" '
        'data-idle-seconds="1800" data-warning-seconds="120">'
    ) in html
    assert '<button type="button" class="govuk-button" data-module="govuk-button" data-action="stay-signed-in">Stay signed in</button>' in html


def test_pages_for_someone_signed_out_have_no_timeout_warning(client, db):
    html = page(client.get("/"))

    assert '<body class="govuk-template__body">' in html
    assert ("csrf-token" in html, "<dialog" in html) == (False, False)


# Cache-Control


@pytest.mark.usefixtures("media_root")
@pytest.mark.parametrize(
    "path",
    ["/peers/{peer}/", "/peers/export/?status=all", "/challenges/{challenge}/", "/reports/{report}/download/", "/"],
    ids=["peer page", "peer export (streamed)", "challenge and its team", "report file", "home page"],
)
def test_responses_to_lga_staff_are_not_stored(client, sign_in, challenge, lead_peer, path):
    report = FeedbackReportFactory(challenge=challenge, version=1, ready=True)
    sign_in("lga_admin")

    response = client.get(path.format(peer=lead_peer.pk, challenge=challenge.pk, report=report.pk))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"


def test_export_is_streamed_and_not_stored(client, sign_in, lead_peer):
    sign_in("lga_admin")

    response = client.get("/peers/export/?status=all")

    assert (response.streaming, response["Cache-Control"]) == (True, "no-store, private")


@pytest.mark.usefixtures("media_root")
def test_public_report_list_signed_out_may_be_cached(client, db):
    FeedbackReportFactory(challenge=ChallengeFactory(), published=True)

    response = client.get("/reports/")

    assert response.status_code == 200
    assert response.headers.get("Cache-Control") is None
