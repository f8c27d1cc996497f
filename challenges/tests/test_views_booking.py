"""Asking for a challenge and booking one: the FRA contact's request page, and the question
pages of booking with their check-your-answers page."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from authorities.models import Authority
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.models import Challenge
from peersupport.models import OutboxEmail
from peersupport.tests.forms import date_parts, long_date
from peersupport.tests.html import error_summary, error_summary_links, notifications, page, visible_text

from .factories import ChallengeFactory
from .journeys import confirm, monday_in, visit_page, walk

pytestmark = pytest.mark.integration

START = monday_in(16)
END = START + datetime.timedelta(days=3)
STEP_URL = re.compile(r"^/challenges/book/([\w-]+)/([\w-]+)/$")

HOSTILE_TEXTS = [
    pytest.param('<script>alert("boom")</script>', id="html-script"),
    pytest.param("\"><img src=x onerror=alert(1)>", id="html-attribute-breakout"),
    pytest.param("'; DROP TABLE challenges_challenge; --", id="sql"),
    pytest.param("{{ request.user.password }} {% debug %}", id="template-syntax"),
]


def _pages(authority, challenge_type=ChallengeType.OPERATIONAL_ASSESSMENT, start=START, end=END, **visit):
    return [
        {"authority": str(authority.pk)},
        {"challenge_type": challenge_type},
        visit_page(start, end, **visit),
        {"second_phase": "no"},
    ]


def _step(url):
    return STEP_URL.match(url).group(2)


# Who may book


@pytest.mark.parametrize(
    ("role", "status"),
    [("lga_admin", 302), ("adviser", 302), ("other_adviser", 302), ("lead_peer", 404), ("team_peer", 404),
     ("other_peer_user", 404), ("fra_contact", 404)],
)
def test_challenge_book_start_by_role(client, sign_in, role, status):
    sign_in(role)

    response = client.get("/challenges/book/")

    assert response.status_code == status
    if status == 302:
        assert _step(response.url) == "authority"


def test_challenge_book_page_offers_only_bookable_authorities(client, sign_in):
    sign_in("adviser")
    url = client.get("/challenges/book/").url

    choices = client.get(url).context["form"].fields["authority"].queryset

    assert sorted(choices.values_list("slug", flat=True)) == [
        "avon", "cornwall", "devon-and-somerset", "dorset-and-wiltshire", "gloucestershire", "isles-of-scilly",
    ]


# The journey


def test_challenge_book_walks_one_question_a_page_to_check_your_answers(client, sign_in, avon):
    sign_in("adviser")

    check_url = walk(client, "/challenges/book/", _pages(avon))

    assert _step(check_url) == "check"
    response = client.get(check_url)
    assert response.status_code == 200
    text = visible_text(response)
    assert "Book a challenge Check your answers before saving" in text
    assert (
        f"Fire and rescue authority Avon Fire Authority Change fire and rescue authority "
        f"Type of challenge Operational Assessment and fire peer challenge Change type of challenge "
        f"On-site start date {long_date(START)} Change on-site start date "
        f"On-site end date {long_date(END)} Change on-site end date "
        f"Is there a second phase on site? No Change is there a second phase on site?"
    ) in text
    assert Challenge.objects.count() == 0


def test_challenge_book_check_your_answers_books_and_tells_the_authority(client, sign_in, avon, fra_contact):
    adviser = sign_in("adviser")
    check_url = walk(client, "/challenges/book/", _pages(avon))

    response = confirm(client, check_url)

    challenge = Challenge.objects.get()
    assert (response.status_code, response.url) == (302, f"/challenges/{challenge.pk}/")
    assert (challenge.authority, challenge.challenge_type, challenge.status, challenge.booked_by, challenge.principal_adviser) == (
        avon, ChallengeType.OPERATIONAL_ASSESSMENT, ChallengeStatus.CONFIRMED, adviser, adviser,
    )
    assert (challenge.start_date, challenge.end_date, challenge.second_start_date) == (START, END, None)
    assert notifications(client.get(response.url)) == ["Challenge booked for Avon Fire Authority"]
    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject) == (
        ", ".join(sorted([adviser.email, fra_contact.email])), "Peer challenge confirmed: Avon Fire Authority"
    )


def test_challenge_book_deep_dive_asks_its_theme_and_other_types_do_not(client, sign_in, avon):
    sign_in("adviser")
    url = client.get("/challenges/book/").url
    url = client.post(url, {"authority": str(avon.pk)}).url
    deep_dive = client.post(url, {"challenge_type": ChallengeType.DEEP_DIVE}).url
    other = client.post(url, {"challenge_type": ChallengeType.TARGETED}).url

    assert (_step(deep_dive), _step(other)) == ("theme", "dates")


def test_challenge_book_deep_dive_keeps_its_theme(client, sign_in, avon):
    sign_in("adviser")
    pages = _pages(avon, ChallengeType.DEEP_DIVE)
    check_url = walk(client, "/challenges/book/", [*pages[:2], {"theme": "Procurement"}, *pages[2:]])

    confirm(client, check_url)

    assert Challenge.objects.get().theme == "Procurement"


def test_challenge_book_second_phase_asks_its_dates(client, sign_in, avon):
    sign_in("adviser")
    second_start, second_end = START + datetime.timedelta(days=14), START + datetime.timedelta(days=15)
    pages = _pages(avon)
    pages[-1] = {"second_phase": "yes"}
    check_url = walk(
        client, "/challenges/book/",
        [*pages, {**date_parts("second_start_date", second_start.day, second_start.month, second_start.year),
                  **date_parts("second_end_date", second_end.day, second_end.month, second_end.year)}],
    )

    confirm(client, check_url)

    challenge = Challenge.objects.get()
    assert (challenge.second_start_date, challenge.second_end_date, challenge.working_days_on_site) == (second_start, second_end, 6)


def test_challenge_book_back_button_shows_each_page_as_answered(client, sign_in, avon):
    sign_in("adviser")
    check_url = walk(client, "/challenges/book/", _pages(avon))
    journey = STEP_URL.match(check_url).group(1)

    response = client.get(f"/challenges/book/{journey}/type/")

    assert response.context["form"]["challenge_type"].value() == "operational_assessment"
    assert re.search(r'<input[^>]*value="operational_assessment"[^>]*checked', page(response))
    assert response.context["back_url"] == f"/challenges/book/{journey}/authority/"


def test_challenge_book_change_link_returns_to_check_your_answers(client, sign_in, avon):
    sign_in("adviser")
    check_url = walk(client, "/challenges/book/", _pages(avon))
    journey = STEP_URL.match(check_url).group(1)

    response = client.post(f"/challenges/book/{journey}/type/?change=1", {"challenge_type": ChallengeType.TARGETED})

    assert response.url == check_url
    confirm(client, check_url)
    assert Challenge.objects.get().challenge_type == ChallengeType.TARGETED


def test_challenge_book_second_tab_is_a_journey_of_its_own(client, sign_in, avon):
    sign_in("adviser")
    first = walk(client, "/challenges/book/", _pages(avon))
    second = walk(client, "/challenges/book/", _pages(Authority.objects.get(slug="cornwall")))

    confirm(client, second)
    confirm(client, first)

    assert sorted(Challenge.objects.values_list("authority__slug", flat=True)) == ["avon", "cornwall"]


def test_challenge_book_check_page_before_every_answer_goes_to_the_first_missing(client, sign_in, avon):
    sign_in("adviser")
    url = client.get("/challenges/book/").url
    client.post(url, {"authority": str(avon.pk)})
    journey = STEP_URL.match(url).group(1)

    response = client.get(f"/challenges/book/{journey}/check/")

    assert response.url == f"/challenges/book/{journey}/type/"


def test_challenge_book_pressed_twice_books_once_and_leads_to_the_booking(client, sign_in, avon):
    """A second press of the button (or the back button to the check page) goes to what was
    saved, and saves nothing more."""
    sign_in("adviser")
    check_url = walk(client, "/challenges/book/", _pages(avon))
    version = client.get(check_url).context["version"]
    first = client.post(check_url, {"version": version})

    again = client.post(check_url, {"version": version})
    back = client.get(check_url)

    assert again.url == back.url == first.url == f"/challenges/{Challenge.objects.get().pk}/"
    assert notifications(client.get(again.url))[-1] == "That was already saved"


def test_challenge_book_unknown_journey_starts_again(client, sign_in):
    sign_in("adviser")

    unknown = client.get("/challenges/book/not-a-journey/type/")

    assert _step(unknown.url) == "authority"
    assert notifications(client.get(unknown.url))[-1] == "That page had expired, so you have been taken to the start"


def test_challenge_book_answers_changed_in_another_tab_shown_again_before_saving(client, sign_in, avon):
    """Tab A shows the check page; tab B changes the authority; tab A's button shows the
    answers again rather than booking what it did not show."""
    sign_in("adviser")
    check_url = walk(client, "/challenges/book/", _pages(avon))
    shown = client.get(check_url).context["version"]
    journey = STEP_URL.match(check_url).group(1)
    client.post(f"/challenges/book/{journey}/authority/?change=1", {"authority": str(Authority.objects.get(slug="cornwall").pk)})

    response = client.post(check_url, {"version": shown})

    assert error_summary(response) == ["Your answers changed in another tab or window: check them again before saving"]
    assert "Fire and rescue authority Cornwall Council" in visible_text(response)
    assert Challenge.objects.count() == 0


def test_challenge_book_unknown_step_not_found(client, sign_in):
    sign_in("adviser")
    journey = STEP_URL.match(client.get("/challenges/book/").url).group(1)

    assert client.get(f"/challenges/book/{journey}/no-such-step/").status_code == 404


# Errors on each page


def test_challenge_book_empty_pages_show_the_error_summary(client, sign_in, avon):
    sign_in("adviser")
    url = client.get("/challenges/book/").url
    errors = [error_summary_links(client.post(url, {}))]
    url = client.post(url, {"authority": str(avon.pk)}).url
    errors.append(error_summary_links(client.post(url, {})))
    url = client.post(url, {"challenge_type": ChallengeType.TARGETED}).url
    errors.append(error_summary_links(client.post(url, {})))
    url = client.post(url, visit_page(START, END)).url
    errors.append(error_summary_links(client.post(url, {})))

    assert errors == [
        [("id_authority", "Choose the fire and rescue authority")],
        [("id_challenge_type", "Choose the type of challenge")],
        [("id_start_date", "Enter the on-site start date"), ("id_end_date", "Enter the on-site end date")],
        [("id_second_phase", "Choose yes if there is a second phase on site")],
    ]


def test_challenge_book_end_before_start_shows_error(client, sign_in, avon):
    sign_in("adviser")
    url = walk(client, "/challenges/book/", _pages(avon)[:2])

    response = client.post(url, visit_page(START, START - datetime.timedelta(days=1)))

    assert error_summary_links(response) == [("id_end_date", "The on-site end date must be the same as or after the start date")]


@pytest.mark.parametrize(("day", "month", "year"), [(31, 2, 2027), (8, 13, 2027), (0, 3, 2027), (8, 3, 99999), (8, 3, "9" * 40), (8, 3, "27"), ("eighth", 3, 2027)])
def test_challenge_book_date_that_is_no_date_shows_error(client, sign_in, avon, day, month, year):
    sign_in("adviser")
    url = walk(client, "/challenges/book/", _pages(avon)[:2])

    response = client.post(url, {**date_parts("start_date", day, month, year), **visit_page(START, END)} | date_parts("start_date", day, month, year))

    assert response.status_code == 200
    assert error_summary(response) == ["The on-site start date must be a real date"]


def test_challenge_book_in_the_past_sent_back_to_the_dates_with_the_reason(client, sign_in, avon):
    sign_in("adviser")
    past = timezone.localdate() - datetime.timedelta(days=30)
    check_url = walk(client, "/challenges/book/", _pages(avon, start=past, end=past))

    response = confirm(client, check_url)

    assert response.url == check_url.replace("/check/", "/dates/") + "?change=1"
    assert error_summary(client.get(response.url)) == ["The on-site start date must be in the future"]
    assert Challenge.objects.count() == 0


def test_challenge_book_from_year_1_to_9999_refused_on_the_dates_page(client, sign_in, avon):
    """A challenge from 0001 to 9999 was once accepted; each date has a plausible range,
    checked on the page where it is typed."""
    sign_in("lga_admin")
    latest = timezone.localdate() + datetime.timedelta(days=round(365.25 * 5))
    url = walk(client, "/challenges/book/", _pages(avon)[:2])

    response = client.post(url, {
        **date_parts("start_date", 1, 1, "0001"), **date_parts("end_date", 31, 12, "9999"), "record_past": "on",
    })

    assert error_summary(response) == [
        "The on-site start date must be on or after 1 January 2009",
        f"The on-site end date must be on or before {long_date(latest)}",
    ]
    assert Challenge.objects.count() == 0


def test_challenge_book_six_month_visit_refused_on_the_dates_page(client, sign_in, avon):
    sign_in("adviser")
    url = walk(client, "/challenges/book/", _pages(avon)[:2])

    response = client.post(url, visit_page(START, START + datetime.timedelta(days=182)))

    assert error_summary(response) == [
        "A visit lasts at most 10 working days: bring the end date forward or split it into two phases"
    ]


def test_challenge_book_overlapping_a_live_challenge_of_the_authority_refused(client, sign_in, avon):
    ChallengeFactory(authority=avon, start_date=START + datetime.timedelta(days=2), end_date=END + datetime.timedelta(days=2))
    sign_in("adviser")
    check_url = walk(client, "/challenges/book/", _pages(avon))

    response = confirm(client, check_url)

    assert error_summary(client.get(response.url)) == [
        f"Avon already has a challenge on site from {long_date(START + datetime.timedelta(days=2))} to "
        f"{long_date(END + datetime.timedelta(days=2))}: choose dates that do not overlap it"
    ]
    assert Challenge.objects.count() == 1


def test_challenge_book_overlapping_a_cancelled_challenge_allowed(client, sign_in, avon):
    ChallengeFactory(authority=avon, start_date=START, end_date=END, status=ChallengeStatus.CANCELLED, status_reason="Snow")
    sign_in("adviser")

    confirm(client, walk(client, "/challenges/book/", _pages(avon)))

    assert Challenge.objects.count() == 2


def test_challenge_book_past_challenge_recorded_by_an_administrator(client, sign_in, avon):
    sign_in("lga_admin")
    past = datetime.date(2019, 3, 4)
    check_url = walk(client, "/challenges/book/", _pages(avon, start=past, end=past + datetime.timedelta(days=3), record_past="on"))

    confirm(client, check_url)

    challenge = Challenge.objects.get()
    assert (challenge.start_date, challenge.status) == (past, ChallengeStatus.FEEDBACK_GIVEN)
    assert OutboxEmail.objects.count() == 0


def test_challenge_book_past_box_not_offered_to_an_adviser(client, sign_in, avon):
    sign_in("adviser")
    url = walk(client, "/challenges/book/", _pages(avon)[:2])

    assert "record_past" not in client.get(url).context["form"].fields


@pytest.mark.parametrize(
    ("page_index", "field", "value", "message"),
    [
        (0, "authority", "1 OR 1=1", "Choose an authority from the list"),
        (0, "authority", "99999999999999999999999999", "Choose an authority from the list"),
        (0, "authority", "<script>alert(1)</script>", "Choose an authority from the list"),
        (1, "challenge_type", "deep_dive' OR '1'='1", "Choose the type of challenge from the list"),
        (1, "challenge_type", "\U0001f469\u200d\U0001f692", "Choose the type of challenge from the list"),
    ],
)
def test_challenge_book_hostile_choice_refused_and_not_echoed(client, sign_in, avon, page_index, field, value, message):
    sign_in("adviser")
    url = walk(client, "/challenges/book/", _pages(avon)[:page_index])

    response = client.post(url, {field: value})

    assert error_summary(response) == [message]
    assert value not in page(response)


def test_challenge_book_authority_outside_region_refused_as_not_on_the_list(client, sign_in, avon):
    sign_in("other_adviser")
    url = client.get("/challenges/book/").url

    assert error_summary(client.post(url, {"authority": str(avon.pk)})) == ["Choose an authority from the list"]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_challenge_book_hostile_theme_kept_as_typed_and_escaped(client, sign_in, avon, text):
    sign_in("adviser")
    pages = _pages(avon, ChallengeType.DEEP_DIVE)
    check_url = walk(client, "/challenges/book/", [*pages[:2], {"theme": text}, *pages[2:]])

    check = client.get(check_url)
    confirm(client, check_url)

    assert html.escape(text) in page(check)
    assert Challenge.objects.get().theme == text


def test_challenge_book_over_long_theme_refused(client, sign_in, avon):
    sign_in("adviser")
    pages = _pages(avon, ChallengeType.DEEP_DIVE)
    url = walk(client, "/challenges/book/", pages[:2])

    assert error_summary(client.post(url, {"theme": "x" * 151})) == ["Theme must be 150 characters or fewer"]


# Asking for a challenge


@pytest.mark.parametrize(
    ("role", "status"),
    [("fra_contact", 200), ("lga_admin", 404), ("adviser", 404), ("lead_peer", 404), ("other_peer_user", 404)],
)
def test_challenge_request_page_by_role(client, sign_in, role, status):
    sign_in(role)

    assert client.get("/challenges/ask/").status_code == status


def test_challenge_request_sent_to_the_regions_adviser(client, sign_in, adviser, other_adviser):
    contact = sign_in("fra_contact")

    response = client.post("/challenges/ask/", {
        "challenge_type": ChallengeType.LEADERSHIP_GOVERNANCE, "preferred_period": "Spring 2027",
        "request_details": "Our scrutiny arrangements\nand the top team.",
    })

    challenge = Challenge.objects.get()
    assert response.url == f"/challenges/{challenge.pk}/"
    assert (challenge.status, challenge.authority, challenge.requested_by, challenge.start_date) == (
        ChallengeStatus.REQUESTED, contact.authority, contact, None,
    )
    assert (challenge.preferred_period, challenge.request_details) == ("Spring 2027", "Our scrutiny arrangements\nand the top team.")
    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject) == (adviser.email, "New peer challenge request from Avon Fire Authority")
    assert "Our scrutiny arrangements\nand the top team." in email.body
    assert notifications(client.get(response.url)) == [
        "Your request has been sent to your principal adviser, who will be in touch to scope it"
    ]


def test_challenge_request_blank_shows_the_error_summary(client, sign_in):
    sign_in("fra_contact")

    response = client.post("/challenges/ask/", {})

    assert error_summary_links(response) == [
        ("id_challenge_type", "Choose the type of challenge"),
        ("id_request_details", "Enter what you would like the peer team to look at"),
    ]
    assert Challenge.objects.count() == 0


def test_challenge_request_over_long_and_hidden_characters_refused(client, sign_in):
    sign_in("fra_contact")

    response = client.post("/challenges/ask/", {
        "challenge_type": ChallengeType.TARGETED, "preferred_period": "x" * 101, "request_details": "Good\u202ework",
    })

    assert error_summary(response) == [
        "When you would like it must be 100 characters or fewer",
        "What you would like looked at must not include hidden or control characters",
    ]
    assert Challenge.objects.count() == 0


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_challenge_request_hostile_text_stored_as_typed_and_escaped(client, sign_in, text):
    sign_in("fra_contact")

    response = client.post("/challenges/ask/", {"challenge_type": ChallengeType.TARGETED, "request_details": text})

    assert Challenge.objects.get().request_details == text
    assert html.escape(text) in page(client.get(response.url))
