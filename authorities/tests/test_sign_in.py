"""Sign-in throttling (django-axes): five wrong passwords in a row for one account from one
address pause signing in there for 15 minutes, with a GOV.UK page that says so; an LGA
administrator can end the pause. And the page someone lands on when their session ends."""

import datetime
import runpy
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client

from peersupport.tests.html import error_summary, main_text, page

from .factories import PASSWORD, LgaAdminFactory

pytestmark = pytest.mark.integration

LOCKOUT_TEXT = (
    "Signing in is paused for 15 minutes "
    "The password was wrong too many times in a row. To keep the account safe from someone guessing its password, "
    "you cannot sign in to it from here for 15 minutes. "
    "Wait 15 minutes, then sign in again with the right password. "
    "Get help "
    "If you have forgotten your password, or you need to sign in sooner, contact your LGA administrator. "
    "They can let you sign in again straight away."
)


def _wrong_passwords(client, email, times=5, **extra):
    return [client.post("/sign-in/", {"username": email, "password": "not-the-password"}, **extra).status_code for _ in range(times)]


def _right_password(client, email, **extra):
    return client.post("/sign-in/", {"username": email, "password": PASSWORD}, **extra)


# The lockout


def test_five_wrong_passwords_then_the_right_one_is_refused_with_the_lockout_page(client, db):
    user = LgaAdminFactory(email="jo.bennett@example.org")

    statuses = _wrong_passwords(client, user.email)
    response = _right_password(client, user.email)

    assert statuses == [200, 200, 200, 200, 429]
    assert response.status_code == 429
    assert "<title>Signing in is paused – Fire peer support</title>" in page(response)
    assert main_text(response) == LOCKOUT_TEXT
    assert "_auth_user_id" not in client.session
    assert list(AccessAttempt.objects.values_list("username", "ip_address", "failures_since_start")) == [
        ("jo.bennett@example.org", "127.0.0.1", 6)
    ]


def test_four_wrong_passwords_do_not_lock_out(client, db):
    user = LgaAdminFactory()

    statuses = _wrong_passwords(client, user.email, times=4)
    response = _right_password(client, user.email)

    assert statuses == [200, 200, 200, 200]
    assert (response.status_code, response.url) == (302, "/")


def test_lockout_page_is_a_govuk_page_not_a_bare_message(client, db):
    user = LgaAdminFactory()
    _wrong_passwords(client, user.email)

    response = _right_password(client, user.email)

    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert '<main class="govuk-main-wrapper" id="main-content">' in page(response)
    assert "Traceback" not in page(response)
    assert error_summary(response) == []


def test_wrong_passwords_in_any_case_and_at_the_admin_count_towards_one_lockout(client, db):
    # The Django admin's sign-in does not lower-case the address as LoginForm does; axes
    # counts the address as LoginForm cleans it, so both add up for one account.
    user = LgaAdminFactory(email="jo.bennett@example.org", is_staff=True)
    for email in ["JO.BENNETT@EXAMPLE.ORG", "Jo.Bennett@Example.org ", "jo.bennett@example.org"]:
        client.post("/admin/login/", {"username": email, "password": "not-the-password"})
    _wrong_passwords(client, "Jo.Bennett@Example.org", times=2)

    response = _right_password(client, user.email)

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["jo.bennett@example.org"]


def test_overlong_email_is_refused_by_the_form_before_any_password_check(client, db):
    response = client.post("/sign-in/", {"username": "a" * 250 + "@x.org", "password": "x"})

    assert response.status_code == 200
    assert error_summary(response) == ["Email address must be 254 characters or fewer"]
    assert AccessAttempt.objects.count() == 0


def test_overlong_username_at_the_admin_is_counted_cut_to_axes_column(client, db):
    """The admin's sign-in form does not limit the length, and AccessAttempt.username is 255
    characters: PostgreSQL refuses a longer value outright."""
    response = client.post("/admin/login/", {"username": "A" * 5000, "password": "x"})

    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["a" * 255]


def test_locked_out_account_still_signs_in_from_another_address(client, db):
    user = LgaAdminFactory()
    _wrong_passwords(client, user.email)

    response = _right_password(Client(), user.email, REMOTE_ADDR="198.51.100.7")
    blocked = _right_password(Client(), user.email)

    assert (response.status_code, response.url) == (302, "/")
    assert blocked.status_code == 429


def test_another_account_from_the_same_address_still_signs_in(client, db):
    locked, other = LgaAdminFactory(), LgaAdminFactory()
    _wrong_passwords(client, locked.email)

    response = _right_password(client, other.email)

    assert (response.status_code, response.url) == (302, "/")
    assert client.session["_auth_user_id"] == str(other.pk)


@pytest.mark.parametrize(("minutes_ago", "status"), [(14, 429), (16, 302)])
def test_lockout_lasts_15_minutes(client, db, minutes_ago, status):
    user = LgaAdminFactory()
    _wrong_passwords(client, user.email)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - datetime.timedelta(minutes=minutes_ago))

    response = _right_password(client, user.email)

    assert response.status_code == status
    assert ("_auth_user_id" in client.session) is (status == 302)


def test_signing_in_clears_earlier_wrong_passwords(client, db):
    user = LgaAdminFactory()
    _wrong_passwords(client, user.email, times=4)
    _right_password(client, user.email)
    client.post("/sign-out/")

    statuses = _wrong_passwords(client, user.email, times=4)

    assert statuses == [200, 200, 200, 200]
    assert AccessAttempt.objects.get().failures_since_start == 4


# Unlocking from the admin


def test_admin_action_allows_signing_in_again(client, db):
    locked, also_locked = LgaAdminFactory(email="locked@example.org"), LgaAdminFactory(email="also.locked@example.org")
    _wrong_passwords(client, locked.email)
    _wrong_passwords(client, also_locked.email)
    administrator = Client()
    administrator.force_login(LgaAdminFactory(is_staff=True, is_superuser=True))

    response = administrator.post(
        "/admin/authorities/user/",
        {"action": "allow_signing_in_again", "_selected_action": [locked.pk], "index": 0, "select_across": 0},
        follow=True,
    )

    assert [str(message) for message in response.context["messages"]] == ["1 person can sign in again."]
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["also.locked@example.org"]
    assert (_right_password(client, locked.email).status_code, _right_password(Client(), also_locked.email).status_code) == (302, 429)


def test_admin_action_is_offered_on_the_user_list(db):
    administrator = Client()
    administrator.force_login(LgaAdminFactory(is_staff=True, is_superuser=True))

    response = administrator.get("/admin/authorities/user/")

    assert '<option value="allow_signing_in_again">Allow signing in again</option>' in page(response)


def test_admin_keeps_axes_access_attempts(db):
    administrator = Client()
    administrator.force_login(LgaAdminFactory(is_staff=True, is_superuser=True))

    assert administrator.get("/admin/axes/accessattempt/").status_code == 200


# The client's address behind a proxy


def _settings_from_environment(monkeypatch, **variables):
    """peersupport/settings/base.py as it reads these variables."""
    for name in ["CLIENT_IP_HEADER", "TRUSTED_PROXY_COUNT", "DEBUG"]:
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(settings.BASE_DIR) / "peersupport" / "settings" / "base.py"))


def test_lockout_counts_the_address_from_client_ip_header(client, db, monkeypatch, settings):
    configured = _settings_from_environment(monkeypatch, CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = configured["AXES_IPWARE_META_PRECEDENCE_ORDER"]
    settings.AXES_IPWARE_PROXY_COUNT = configured["AXES_IPWARE_PROXY_COUNT"]
    user = LgaAdminFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.2"}

    _wrong_passwords(client, user.email, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    locked = _right_password(Client(), user.email, HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy)
    elsewhere = _right_password(Client(), user.email, HTTP_X_FORWARDED_FOR="198.51.100.20", **proxy)

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.9"]
    assert (locked.status_code, elsewhere.status_code) == (429, 302)


def test_lockout_ignores_forwarded_for_header_unless_configured(client, db):
    # Otherwise anyone could go round the lockout by sending a new X-Forwarded-For each time.
    user = LgaAdminFactory()

    for number in range(5):
        client.post("/sign-in/", {"username": user.email, "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"203.0.113.{number}")
    response = _right_password(client, user.email, HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["127.0.0.1"]


def test_axes_stays_on_in_the_tests(settings):
    assert (settings.AXES_ENABLED, settings.AUTHENTICATION_BACKENDS[0], settings.MIDDLEWARE[-1]) == (
        True, "axes.backends.AxesStandaloneBackend", "axes.middleware.AxesMiddleware"
    )


# The signed-out page

SIGNED_OUT_AFTER_INACTIVITY = (
    "You have been signed out "
    "To keep your information safe, we signed you out because you had not done anything for 30 minutes. "
    "Nothing you saved has been lost. Anything you had not saved will need to be entered again. "
    "Sign in again"
)


def test_signed_out_page_after_inactivity(client, db):
    response = client.get("/signed-out/?reason=inactive&next=/peers/5/")

    assert response.status_code == 200
    assert "<title>You have been signed out – Fire peer support</title>" in page(response)
    assert main_text(response) == SIGNED_OUT_AFTER_INACTIVITY
    assert (
        '<a href="/sign-in/?next=%2Fpeers%2F5%2F" role="button" draggable="false" class="govuk-button" '
        'data-module="govuk-button" data-testid="sign-in-again">Sign in again</a>'
    ) in page(response)


def test_signed_out_page_after_12_hours(client, db):
    response = client.get("/signed-out/?reason=time-limit&next=/challenges/")

    assert main_text(response) == (
        "You have been signed out "
        "To keep your information safe, we signed you out because you had been signed in for 12 hours. "
        "Nothing you saved has been lost. Anything you had not saved will need to be entered again. "
        "Sign in again"
    )
    assert 'href="/sign-in/?next=%2Fchallenges%2F"' in page(response)


def test_signed_out_page_without_a_reason_says_inactivity_and_signs_in_to_home(client, db):
    response = client.get("/signed-out/")

    assert main_text(response) == SIGNED_OUT_AFTER_INACTIVITY
    assert '<a href="/sign-in/" role="button"' in page(response)


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.com/", "//evil.example.com/peers/", "http://testserver.evil.example.com/", "javascript:alert(1)"],
)
def test_signed_out_page_refuses_an_off_site_next(client, db, next_url):
    response = client.get("/signed-out/", {"reason": "inactive", "next": next_url})

    assert '<a href="/sign-in/" role="button"' in page(response)
    assert "evil" not in page(response)
    assert "javascript" not in page(response)


def test_sign_in_again_returns_to_the_page(client, db):
    user = LgaAdminFactory()

    response = client.post("/sign-in/?next=%2Fpeers%2F", {"username": user.email, "password": PASSWORD})

    assert (response.status_code, response.url) == (302, "/peers/")
