import datetime
import re

import pytest
from django.test import Client

from authorities.models import Authority
from challenges.tests.factories import ChallengeFactory
from peersupport.tests.html import error_summary, page, visible_text
from reports.tests.factories import FeedbackReportFactory

from .factories import PASSWORD, FraContactFactory, LgaAdminFactory, PeerFactory, PeerUserFactory

pytestmark = pytest.mark.integration


# Home page


def test_home_anonymous_invites_sign_in(client, db):
    response = client.get("/")

    assert response.status_code == 200
    text = visible_text(response)
    assert "Sign in to book challenges, work on a peer team or see your authority's reports." in text
    assert "Your work" not in text
    assert 'href="/reports/"' in page(response)


def test_sign_in_page_shows_the_form(client, db):
    response = client.get("/sign-in/")

    assert response.status_code == 200
    assert error_summary(response) == []
    assert "<title>Sign in – Fire peer support</title>" in page(response)


def test_sign_in_empty_form_shows_error_summary(client, db):
    response = client.post("/sign-in/", {"username": "", "password": ""})

    assert response.status_code == 200
    assert "govuk-error-summary" in page(response)
    assert error_summary(response) == ["Enter your email address", "Enter your password"]
    assert "<title>Error: Sign in – Fire peer support</title>" in page(response)


def test_sign_in_wrong_password_shows_error_summary(client, db):
    user = LgaAdminFactory()

    response = client.post("/sign-in/", {"username": user.email, "password": "not-the-password"})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter a correct email address and password"]
    assert "_auth_user_id" not in client.session


def test_sign_in_inactive_account_refused(client, db):
    user = LgaAdminFactory(is_active=False)

    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})

    assert response.status_code == 200
    assert error_summary(response) == ["Enter a correct email address and password"]
    assert "_auth_user_id" not in client.session


def test_sign_in_correct_password_signs_in_and_goes_home(client, db):
    user = LgaAdminFactory()

    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})

    assert (response.status_code, response.url) == (302, "/")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_email_in_another_case_signs_in(client, db):
    # Accounts are stored in lower case (UserManager.create_user), so the address as the
    # person writes it, "Jo.Bennett@Example.org", must find the account too.
    user = LgaAdminFactory(email="jo.bennett@example.org")

    response = client.post("/sign-in/", {"username": "Jo.Bennett@Example.org", "password": PASSWORD})

    assert (response.status_code, error_summary(response)) == (302, [])
    assert client.session["_auth_user_id"] == str(user.pk)


def test_sign_in_follows_next_on_this_site_only(client, db):
    user = LgaAdminFactory()

    inside = client.post("/sign-in/?next=/challenges/", {"username": user.email, "password": PASSWORD})
    client.logout()
    outside = client.post("/sign-in/?next=https://evil.example.com/", {"username": user.email, "password": PASSWORD})

    assert (inside.status_code, inside.url) == (302, "/challenges/")
    assert (outside.status_code, outside.url) == (302, "/")


def test_sign_in_page_when_signed_in_redirects_home(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/sign-in/")

    assert (response.status_code, response.url) == (302, "/")


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>@example.org", "' OR '1'='1' --", "zoë.ångström@例え.jp", "a" * 5000, "nul\x00byte"],
)
def test_sign_in_hostile_email_refused_without_server_error(client, db, hostile):
    response = client.post("/sign-in/", {"username": hostile, "password": "x"})

    assert response.status_code == 200
    assert len(error_summary(response)) == 1
    assert "<script>alert(1)</script>" not in page(response)


def test_sign_out_get_not_allowed(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/sign-out/")

    assert response.status_code == 405
    assert "_auth_user_id" in client.session


def test_sign_out_post_signs_out_and_goes_home(client, sign_in):
    sign_in("lga_admin")

    response = client.post("/sign-out/")

    assert (response.status_code, response.url) == (302, "/")
    assert "_auth_user_id" not in client.session
    assert client.get("/challenges/").url == "/sign-in/?next=/challenges/"


def test_sign_out_needs_csrf_token(db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(LgaAdminFactory())

    response = client.post("/sign-out/")

    assert response.status_code == 403
    assert "_auth_user_id" in client.session


# Every page


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get("/")

    assert set(response["Content-Security-Policy"].split("; ")) == {
        "default-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    }
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("/", "lga_admin"),
        ("/sign-in/", "anonymous"),
        ("/reports/", "anonymous"),
        ("/challenges/", "lga_admin"),
        ("/challenges/{pk}/", "lead_peer"),
        ("/challenges/book/", "adviser"),
        ("/challenges/ask/", "fra_contact"),
        ("/challenges/calendar/", "adviser"),
        ("/challenges/calendar/feeds/", "adviser"),
        ("/challenges/{pk}/history/", "adviser"),
        ("/challenges/{pk}/scope/", "adviser"),
        ("/challenges/{pk}/reschedule/", "adviser"),
        ("/challenges/{pk}/status/postponed/", "adviser"),
        ("/", "fra_contact"),
        ("/", "lead_peer"),
        ("/challenges/{pk}/findings/add/", "lead_peer"),
        ("/challenges/{pk}/team/add/", "adviser"),
        ("/peers/", "adviser"),
        ("/authorities/avon/", "fra_contact"),
    ],
)
def test_pages_have_no_inline_script_or_style(client, sign_in, challenge, path, role):
    sign_in(role)
    # Question pages start by sending the person to their first question.
    response = client.get(path.format(pk=challenge.pk), follow=True)

    html = page(response)

    assert response.status_code == 200

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"<style|\sstyle=", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []


# Authority page


@pytest.mark.parametrize(
    ("role", "slug", "status"),
    [
        ("lga_admin", "avon", 200),
        ("lga_admin", "cleveland", 200),
        ("adviser", "avon", 200),
        ("adviser", "cleveland", 200),
        ("lead_peer", "avon", 404),
        ("fra_contact", "avon", 200),
        ("fra_contact", "cleveland", 404),
        ("other_fra_contact", "avon", 404),
        ("other_fra_contact", "cleveland", 200),
    ],
)
def test_authority_page_by_role(client, sign_in, role, slug, status):
    sign_in(role)

    response = client.get(f"/authorities/{slug}/")

    assert response.status_code == status


def test_authority_page_anonymous_redirected_to_sign_in(client, db):
    response = client.get("/authorities/avon/")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=/authorities/avon/")


def test_authority_page_unknown_slug_not_found(client, sign_in):
    sign_in("lga_admin")

    assert client.get("/authorities/atlantis/").status_code == 404


def test_authority_page_shows_register_details_and_challenges(client, sign_in, avon):
    ChallengeFactory(authority=avon, start_date=datetime.date(2027, 3, 8), end_date=datetime.date(2027, 3, 11))
    sign_in("fra_contact")

    response = client.get("/authorities/avon/")

    text = visible_text(response)
    assert "South West Avon Fire Authority" in text
    assert "ONS code E31000001" in text
    assert "Governance model Combined fire authority" in text
    assert "Status Current" in text
    assert "Operational Assessment and fire peer challenge 8 Mar 2027 to 11 Mar 2027 Confirmed The team goes on site" in text
    assert "No reports have been published yet." in text


def test_authority_page_abolished_authority_names_successor(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/authorities/dorset/")

    assert "Status Abolished End date 1 April 2016 Successor Dorset and Wiltshire Fire and Rescue Authority" in visible_text(response)


def test_authority_page_lists_only_published_reports_of_that_authority(client, sign_in, avon, media_root):
    published = FeedbackReportFactory(published=True, challenge=ChallengeFactory(authority=avon))
    FeedbackReportFactory(ready=True, challenge=ChallengeFactory(authority=avon))
    FeedbackReportFactory(published=True, challenge=ChallengeFactory(authority=Authority.objects.get(slug="kent")))
    sign_in("fra_contact")

    response = client.get("/authorities/avon/")

    assert page(response).count(f'href="/reports/{published.pk}/download/"') == 1
    assert page(response).count("/download/") == 1


def test_authority_page_queries_do_not_grow_with_challenges(client, sign_in, avon, django_assert_num_queries):
    """The challenges and published reports come a page of ten at a time, each list a count
    and a page: 12 queries with one challenge, ten, or a second page of them."""
    sign_in("fra_contact")
    ChallengeFactory(authority=avon)
    with django_assert_num_queries(12):
        client.get("/authorities/avon/")

    ChallengeFactory.create_batch(9, authority=avon)
    with django_assert_num_queries(12):
        client.get("/authorities/avon/")

    ChallengeFactory.create_batch(15, authority=avon)
    with django_assert_num_queries(12):
        response = client.get("/authorities/avon/?challenges_page=2")

    text = visible_text(response)
    assert text.count("Operational Assessment and fire peer challenge") == 10
    assert "Previous page 2 Next" in text


@pytest.mark.parametrize("asked", ["9", "two"])
def test_authority_page_challenges_page_out_of_range_shows_a_page_that_exists(client, sign_in, avon, asked):
    """A page past the end shows the last; one that is not a number, the first."""
    sign_in("fra_contact")
    ChallengeFactory.create_batch(12, authority=avon)

    text = visible_text(client.get(f"/authorities/avon/?challenges_page={asked}"))

    expected = {
        "9": (2, "The team goes on site Previous page 2 Published reports"),
        "two": (10, "The team goes on site 1 Next page Published reports"),
    }[asked]
    assert (text.count("Operational Assessment and fire peer challenge"), expected[1] in text) == (expected[0], True)


# Peer pool pages: personal data, for LGA staff and the peer themself


@pytest.mark.parametrize(
    ("role", "status"),
    [("lga_admin", 200), ("adviser", 200), ("lead_peer", 404), ("fra_contact", 404)],
)
def test_peer_list_by_role(client, sign_in, role, status):
    sign_in(role)

    assert client.get("/peers/").status_code == status


def test_peer_list_anonymous_redirected_to_sign_in(client, db):
    response = client.get("/peers/")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=/peers/")


@pytest.mark.parametrize(
    ("role", "whose", "status"),
    [
        ("lga_admin", "lead_peer", 200),
        ("adviser", "lead_peer", 200),
        ("lead_peer", "lead_peer", 200),
        ("lead_peer", "other", 404),
        ("fra_contact", "lead_peer", 404),
    ],
)
def test_peer_page_by_role(client, sign_in, lead_peer, role, whose, status):
    sign_in(role)
    peer = lead_peer if whose == "lead_peer" else PeerFactory(user=PeerUserFactory())

    assert client.get(f"/peers/{peer.pk}/").status_code == status


def test_peer_me_redirects_a_peer_to_their_record(client, sign_in, lead_peer):
    sign_in("lead_peer")

    response = client.get("/peers/me/")

    assert (response.status_code, response.url) == (302, f"/peers/{lead_peer.pk}/")


# Every form leaves checking to the server, so that errors show in GOV.UK wording in the
# error summary instead of as the browser's own bubbles.


@pytest.mark.parametrize(
    "path",
    [
        "/sign-in/",
        "/peers/add/",
        "/peers/{peer}/edit/",
        "/peers/{peer}/contact/",
        "/peers/{peer}/specialisms/",
        "/peers/{peer}/unavailability/add/",
        "/peers/{peer}/training/add/",
        "/challenges/book/",
        "/challenges/ask/",
        "/challenges/{challenge}/scope/",
        "/challenges/{challenge}/reschedule/",
        "/challenges/{challenge}/status/cancelled/",
        "/challenges/{challenge}/team/add/",
    ],
)
def test_form_pages_leave_checking_to_the_server(client, lga_admin, challenge, lead_peer, path):
    if path == "/challenges/ask/":
        client.force_login(FraContactFactory(authority=challenge.authority))
    elif path != "/sign-in/":
        client.force_login(lga_admin)

    response = client.get(path.format(peer=lead_peer.pk, challenge=challenge.pk), follow=True)

    assert response.status_code == 200
    forms = re.findall(r"<form[^>]*>", page(response))
    main_forms = [form for form in forms if 'action="/sign-out/"' not in form]
    assert main_forms and all("novalidate" in form for form in main_forms), main_forms


def test_a_form_sent_without_its_security_token_gets_a_page_in_the_service_style(db):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/sign-in/", {"username": "someone@example.org", "password": "x"})

    assert response.status_code == 403
    assert "Your answers could not be sent" in visible_text(response)
    assert "Go back, reload the page and send it again." in visible_text(response)
    assert 'class="govuk-template' in page(response)
