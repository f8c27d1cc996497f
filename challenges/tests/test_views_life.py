"""The pages of a challenge's life: moving it on (with a reason where one is needed), scoping
and rescheduling it as question pages, and its history."""

import datetime
import re

import pytest

from challenges.choices import ChallengeStatus, ChallengeType
from challenges.models import Challenge
from peersupport.models import OutboxEmail, OutboxStatus
from peersupport.outbox.sending import emails_send_due
from peersupport.tests.forms import date_fields, long_date
from peersupport.tests.html import error_summary, error_summary_links, notifications, page, visible_text

from .factories import ChallengeFactory, compliant_team
from .journeys import confirm, monday_in, visit_page, walk

pytestmark = pytest.mark.integration

S = ChallengeStatus
START = monday_in(16)
END = START + datetime.timedelta(days=3)


@pytest.fixture
def requested(avon, fra_contact):
    return ChallengeFactory(authority=avon, status=S.REQUESTED, start_date=None, end_date=None, requested_by=fra_contact,
                            challenge_type=ChallengeType.DEEP_DIVE)


# Moving a challenge on


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("other_adviser", 404), ("lead_peer", 404), ("team_peer", 404), ("fra_contact", 404),
])
@pytest.mark.parametrize("method", ["get", "post"])
def test_status_change_page_by_role(client, sign_in, challenge, team_peer, role, status, method):
    sign_in(role)

    response = getattr(client, method)(f"/challenges/{challenge.pk}/status/postponed/", {"reason": "Snow"})

    assert response.status_code == (302 if status == 200 and method == "post" else status)
    challenge.refresh_from_db()
    assert challenge.status == (S.POSTPONED if status == 200 and method == "post" else S.CONFIRMED)


@pytest.mark.parametrize("status", ["published", "requested", "bogus", "closed"])
def test_status_change_impossible_or_unknown_move_not_found(client, sign_in, challenge, status):
    sign_in("adviser")

    assert client.get(f"/challenges/{challenge.pk}/status/{status}/").status_code == 404
    assert client.post(f"/challenges/{challenge.pk}/status/{status}/").status_code == 404


def test_status_change_take_on_a_request(client, sign_in, requested):
    adviser = sign_in("adviser")

    page_text = visible_text(client.get(f"/challenges/{requested.pk}/status/scoping/"))
    response = client.post(f"/challenges/{requested.pk}/status/scoping/")

    requested.refresh_from_db()
    assert "The challenge will go from ‘Requested’ to ‘Scoping’." in page_text
    assert (response.url, requested.status, requested.principal_adviser) == (f"/challenges/{requested.pk}/", S.SCOPING, adviser)
    assert notifications(client.get(response.url)) == ["The challenge is now ‘Scoping’"]


def test_status_change_cancel_without_reason_shows_the_error_summary(client, sign_in, challenge):
    sign_in("adviser")

    response = client.post(f"/challenges/{challenge.pk}/status/cancelled/", {"reason": ""})

    assert error_summary_links(response) == [("id_reason", "Enter the reason")]
    challenge.refresh_from_db()
    assert challenge.status == S.CONFIRMED


@pytest.mark.parametrize(("reason", "message"), [
    ("x" * 2001, "Reason must be 2,000 characters or fewer"),
    ("Snow\u202e", "Reason must not include hidden or control characters"),
    ("Snow\x00", "Reason must not include hidden or control characters"),
])
def test_status_change_bad_reason_refused(client, sign_in, challenge, reason, message):
    sign_in("adviser")

    assert error_summary(client.post(f"/challenges/{challenge.pk}/status/cancelled/", {"reason": reason})) == [message]


def test_status_change_reason_shown_escaped_on_the_challenge(client, sign_in, challenge):
    sign_in("adviser")

    client.post(f"/challenges/{challenge.pk}/status/cancelled/", {"reason": "<b>Budget</b> cut"})

    response = client.get(f"/challenges/{challenge.pk}/")
    assert "&lt;b&gt;Budget&lt;/b&gt; cut" in page(response)
    assert "Status Cancelled Reason <b>Budget</b> cut Next step None: the challenge was cancelled" in visible_text(response)


def test_challenge_page_offers_the_moves_of_its_life(client, sign_in, challenge):
    sign_in("adviser")

    response = client.get(f"/challenges/{challenge.pk}/")

    moves = re.findall(r'href="/challenges/\d+/status/([a-z_]+)/"', page(response))
    assert moves == ["on_site", "postponed", "cancelled"]


def test_challenge_page_for_the_authority_shows_its_status_and_next_step_not_its_findings(client, sign_in, challenge):
    sign_in("fra_contact")

    response = client.get(f"/challenges/{challenge.pk}/")

    text = visible_text(response)
    assert "Status Confirmed Next step The team goes on site" in text
    assert "Findings" not in text
    assert "/status/" not in page(response)
    assert "Scope the challenge" not in text


def test_confirming_while_the_broker_is_down_still_sends_the_email_once_it_is_back(
    client, sign_in, avon, fra_contact, broker_down, mailoutbox, django_capture_on_commit_callbacks
):
    challenge = ChallengeFactory(authority=avon, status=S.SCOPING, start_date=START, end_date=END,
                                 team_rules_override_reason="The team is agreed outside the service")
    sign_in("adviser")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/challenges/{challenge.pk}/status/confirmed/")

    challenge.refresh_from_db()
    email = OutboxEmail.objects.get()
    assert (response.status_code, challenge.status, email.status, len(mailoutbox)) == (302, S.CONFIRMED, OutboxStatus.PENDING, 0)
    broker_down()  # the broker is back
    assert emails_send_due() == 1
    assert emails_send_due() == 0
    assert [(message.subject, message.to) for message in mailoutbox] == [
        ("Peer challenge confirmed: Avon Fire Authority", email.recipients.split(", "))
    ]


# Scoping


def _scope_pages(challenge, *, with_dates=True):
    pages = [
        date_fields("scoping_meeting_on", START - datetime.timedelta(days=60)),
        {"focus_areas": ["prevention", "protection"], "own_priorities": "Culture and values"},
    ]
    if challenge.challenge_type == ChallengeType.DEEP_DIVE:
        pages.append({"theme": "Procurement"})
    pages += [{"inspection_relation": "not_linked"}, {"funding": "sector_grant"}, {"challenge_manager": ""}]
    if with_dates:
        pages += [visit_page(START, END), {"second_phase": "no"}]
    pages.append({"days_on_site": "", "notes": "Peers want parking passes"})
    return pages


def test_scope_journey_then_confirm_from_check_your_answers(client, sign_in, requested):
    sign_in("adviser")
    client.post(f"/challenges/{requested.pk}/status/scoping/")
    requested.theme = "Procurement"  # as the journey will agree: the team has a peer who knows it
    compliant_team(requested)

    check_url = walk(client, f"/challenges/{requested.pk}/scope/", _scope_pages(requested))
    check = client.get(check_url)
    response = confirm(client, check_url, confirm="yes")

    requested.refresh_from_db()
    assert "Focus areas Prevention, Protection Change focus areas" in visible_text(check)
    assert "Save and confirm the booking" in visible_text(check)
    assert (response.url, requested.status, requested.theme, requested.focus_areas) == (
        f"/challenges/{requested.pk}/", S.CONFIRMED, "Procurement", ["prevention", "protection"],
    )
    assert (requested.start_date, requested.end_date, requested.notes) == (START, END, "Peers want parking passes")
    assert notifications(client.get(response.url)) == ["Challenge confirmed"]


def test_scope_journey_confirm_without_a_team_shows_the_rules_on_the_check_page(client, sign_in, requested):
    sign_in("adviser")
    client.post(f"/challenges/{requested.pk}/status/scoping/")

    check_url = walk(client, f"/challenges/{requested.pk}/scope/", _scope_pages(requested))
    response = confirm(client, check_url, confirm="yes")

    requested.refresh_from_db()
    assert (response.status_code, requested.status) == (200, S.SCOPING)
    assert error_summary(response) == ["The team needs at least one peer who knows Procurement (None accepted)"]


def test_scope_journey_save_without_confirming(client, sign_in, requested):
    sign_in("adviser")
    client.post(f"/challenges/{requested.pk}/status/scoping/")

    confirm(client, walk(client, f"/challenges/{requested.pk}/scope/", _scope_pages(requested)))

    requested.refresh_from_db()
    assert (requested.status, requested.start_date) == (S.SCOPING, START)


def test_scope_journey_of_a_confirmed_challenge_asks_no_dates(client, sign_in, challenge):
    sign_in("adviser")

    check_url = walk(client, f"/challenges/{challenge.pk}/scope/", _scope_pages(challenge, with_dates=False))
    confirm(client, check_url)

    challenge.refresh_from_db()
    assert (challenge.status, challenge.funding) == (S.CONFIRMED, "sector_grant")


def test_scope_journey_starts_with_what_is_recorded(client, sign_in, challenge):
    Challenge.objects.filter(pk=challenge.pk).update(focus_areas=["response"], funding="authority")
    sign_in("adviser")
    url = walk(client, f"/challenges/{challenge.pk}/scope/", _scope_pages(challenge)[:1])

    assert client.get(url).context["form"]["focus_areas"].value() == ["response"]


def test_scope_journey_confirm_with_dates_overlapping_another_sent_back_to_the_dates(client, sign_in, avon, requested):
    ChallengeFactory(authority=avon, start_date=START, end_date=END)
    sign_in("adviser")
    client.post(f"/challenges/{requested.pk}/status/scoping/")
    check_url = walk(client, f"/challenges/{requested.pk}/scope/", _scope_pages(requested))

    response = confirm(client, check_url, confirm="yes")

    assert "/dates/?change=1" in response.url
    assert error_summary(client.get(response.url)) == [
        f"Avon already has a challenge on site from {long_date(START)} to {long_date(END)}: choose dates that do not overlap it"
    ]
    requested.refresh_from_db()
    assert requested.status == S.SCOPING


@pytest.mark.parametrize(("page_index", "data", "message"), [
    (0, {"scoping_meeting_on_0": "31", "scoping_meeting_on_1": "2", "scoping_meeting_on_2": "2027"}, "The scoping meeting date must be a real date"),
    (1, {"focus_areas": ["astrology"]}, "Choose focus areas from the list"),
    (1, {"own_priorities": "x" * 2001}, "The authority's own priorities must be 2,000 characters or fewer"),
    (2, {"theme": ""}, "Enter the theme of the deep dive"),
    (3, {"inspection_relation": "<script>"}, "Choose how the challenge relates to an inspection from the list"),
    (4, {"funding": ""}, "Choose how the challenge is funded"),
    (5, {"challenge_manager": "99999999999999999999"}, "Choose a challenge manager from the list"),
])
def test_scope_journey_bad_answers_show_the_error_summary(client, sign_in, requested, page_index, data, message):
    sign_in("adviser")
    client.post(f"/challenges/{requested.pk}/status/scoping/")
    url = walk(client, f"/challenges/{requested.pk}/scope/", _scope_pages(requested)[:page_index])

    response = client.post(url, data)

    assert response.status_code == 200
    assert error_summary(response) == [message]


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact"])
def test_scope_journey_refused_to_those_who_do_not_oversee_it(client, sign_in, challenge, role):
    sign_in(role)

    assert client.get(f"/challenges/{challenge.pk}/scope/").status_code == 404


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact"])
def test_scope_and_reschedule_answers_posted_by_those_who_do_not_oversee_it_change_nothing(client, sign_in, challenge, role):
    sign_in("adviser")
    scope_check = walk(client, f"/challenges/{challenge.pk}/scope/", _scope_pages(challenge, with_dates=False))
    reschedule_check = walk(client, f"/challenges/{challenge.pk}/reschedule/", [
        visit_page(START, END), {"second_phase": "no"}, {"reason": "Later"},
    ])
    sign_in(role)

    responses = [client.post(scope_check, {"confirm": "yes", "version": "8"}).status_code,
                 client.post(reschedule_check, {"version": "3"}).status_code]

    challenge.refresh_from_db()
    assert responses == [404, 404]
    assert (challenge.start_date, challenge.funding, challenge.history.count()) == (datetime.date(2027, 3, 8), "", 1)


# Rescheduling


def test_reschedule_journey_moves_the_dates_and_keeps_the_history(client, sign_in, challenge, fra_contact):
    sign_in("adviser")
    later = START + datetime.timedelta(days=35)

    check_url = walk(client, f"/challenges/{challenge.pk}/reschedule/", [
        visit_page(later, later + datetime.timedelta(days=3)), {"second_phase": "no"}, {"reason": "The chair asked for later dates"},
    ])
    response = confirm(client, check_url)
    history = client.get(f"/challenges/{challenge.pk}/history/")

    challenge.refresh_from_db()
    assert (response.url, challenge.start_date) == (f"/challenges/{challenge.pk}/", later)
    text = visible_text(history)
    assert "The chair asked for later dates" in text
    assert f"On-site start date {long_date(datetime.date(2027, 3, 8))} {long_date(later)}" in text
    assert OutboxEmail.objects.get().subject == "Peer challenge dates changed: Avon Fire Authority"


def test_reschedule_journey_starts_with_the_current_dates(client, sign_in, challenge):
    sign_in("adviser")
    url = client.get(f"/challenges/{challenge.pk}/reschedule/").url

    form = client.get(url).context["form"]

    assert (form["start_date"].value(), form["end_date"].value()) == (datetime.date(2027, 3, 8), datetime.date(2027, 3, 11))


def test_reschedule_journey_blank_reason_shows_the_error_summary(client, sign_in, challenge):
    sign_in("adviser")
    url = walk(client, f"/challenges/{challenge.pk}/reschedule/", [visit_page(START, END), {"second_phase": "no"}])

    assert error_summary_links(client.post(url, {"reason": ""})) == [("id_reason", "Enter why the dates are changing")]


# History


@pytest.mark.parametrize(("role", "status"), [("lga_admin", 200), ("adviser", 200), ("other_adviser", 404), ("lead_peer", 404), ("fra_contact", 404)])
def test_challenge_history_by_role(client, sign_in, challenge, role, status):
    sign_in(role)

    assert client.get(f"/challenges/{challenge.pk}/history/").status_code == status


def test_challenge_history_shows_who_changed_what(client, sign_in, challenge):
    adviser = sign_in("adviser")
    client.post(f"/challenges/{challenge.pk}/status/postponed/", {"reason": "Snow"})

    text = visible_text(client.get(f"/challenges/{challenge.pk}/history/"))

    assert "Challenge changed" in text
    assert f"by {adviser.full_name}. Snow" in text
    assert "Status Confirmed Postponed" in text
    assert f"On-site start date {long_date(datetime.date(2027, 3, 8))} Not recorded" in text


def test_confirming_a_challenge_whose_agreed_start_has_passed_refused(client, sign_in, avon):
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    challenge = ChallengeFactory(authority=avon, status=S.SCOPING, start_date=yesterday, end_date=yesterday)
    sign_in("adviser")

    response = client.post(f"/challenges/{challenge.pk}/status/confirmed/")

    assert error_summary(response) == ["The on-site start date must be in the future"]
    challenge.refresh_from_db()
    assert challenge.status == S.SCOPING


def test_scope_journey_saves_the_scope_before_dates_are_agreed(client, sign_in, requested):
    sign_in("adviser")
    client.post(f"/challenges/{requested.pk}/status/scoping/")
    pages = _scope_pages(requested)
    pages[-3:-1] = [{**date_fields("start_date", None), **date_fields("end_date", None)}]  # no second-phase question then

    confirm(client, walk(client, f"/challenges/{requested.pk}/scope/", pages))

    requested.refresh_from_db()
    assert (requested.status, requested.start_date, requested.focus_areas) == (S.SCOPING, None, ["prevention", "protection"])


def test_scope_journey_one_date_without_the_other_refused(client, sign_in, requested):
    sign_in("adviser")
    client.post(f"/challenges/{requested.pk}/status/scoping/")
    url = walk(client, f"/challenges/{requested.pk}/scope/", _scope_pages(requested)[:6])

    response = client.post(url, {**date_fields("start_date", START), **date_fields("end_date", None)})

    assert error_summary(response) == ["Enter the on-site end date"]


@pytest.mark.parametrize("status", [S.PUBLISHED, S.CLOSED, S.CANCELLED])
def test_scope_journey_of_a_challenge_reported_or_cancelled_not_found(client, sign_in, challenge, status):
    Challenge.objects.filter(pk=challenge.pk).update(status=status, status_reason="Stopped")
    sign_in("adviser")

    assert client.get(f"/challenges/{challenge.pk}/scope/").status_code == 404
    assert "Scope the challenge" not in visible_text(client.get(f"/challenges/{challenge.pk}/"))


def test_ics_link_only_for_a_challenge_in_the_calendars(client, sign_in, avon):
    scoping = ChallengeFactory(authority=avon, status=S.SCOPING, start_date=START, end_date=END)
    sign_in("adviser")

    assert 'data-testid="ics-link"' not in page(client.get(f"/challenges/{scoping.pk}/"))
    Challenge.objects.filter(pk=scoping.pk).update(status=S.CONFIRMED)
    assert 'data-testid="ics-link"' in page(client.get(f"/challenges/{scoping.pk}/"))


def test_question_pages_keep_only_their_own_fields_in_the_session(client, sign_in, avon):
    sign_in("adviser")
    url = client.get("/challenges/book/").url

    client.post(url, {"authority": str(avon.pk), **{f"junk{i}": "x" * 1000 for i in range(50)}})

    journeys = client.session["journeys"]
    assert [state["answers"] for state in journeys.values()] == [{"authority": {"authority": [str(avon.pk)]}}]


def test_challenge_page_for_the_authority_links_only_the_published_report(client, sign_in, challenge, media_root):
    from reports.tests.factories import FeedbackReportFactory

    draft = FeedbackReportFactory(challenge=challenge, ready=True)
    sign_in("fra_contact")

    response = client.get(f"/challenges/{challenge.pk}/")

    assert draft.get_download_url() not in page(response)
    assert client.get(draft.get_download_url()).status_code == 404


def test_reschedule_to_the_same_dates_says_nothing_changed(client, sign_in, challenge):
    sign_in("adviser")
    check_url = walk(client, f"/challenges/{challenge.pk}/reschedule/", [
        visit_page(challenge.start_date, challenge.end_date), {"second_phase": "no"}, {"reason": "Checking"},
    ])

    response = confirm(client, check_url)

    assert notifications(client.get(response.url)) == ["The dates are the ones the challenge already had: nothing has changed"]
    assert challenge.history.count() == 1


def test_confirm_not_offered_before_the_dates_are_agreed(client, sign_in, requested):
    sign_in("adviser")
    client.post(f"/challenges/{requested.pk}/status/scoping/")

    moves = re.findall(r'href="/challenges/\d+/status/([a-z_]+)/"', page(client.get(f"/challenges/{requested.pk}/")))

    assert moves == ["postponed", "cancelled"]


def test_postpone_and_cancel_pages_use_the_warning_button(client, sign_in, challenge):
    sign_in("adviser")

    for status in ("postponed", "cancelled"):
        assert "govuk-button--warning" in page(client.get(f"/challenges/{challenge.pk}/status/{status}/"))
    assert "govuk-button--warning" not in page(client.get(f"/challenges/{challenge.pk}/status/on_site/"))


def test_focus_areas_chosen_twice_kept_once(client, sign_in, challenge):
    sign_in("adviser")
    pages = _scope_pages(challenge, with_dates=False)
    pages[1] = {"focus_areas": ["prevention", "prevention", "protection"]}

    confirm(client, walk(client, f"/challenges/{challenge.pk}/scope/", pages))

    challenge.refresh_from_db()
    assert challenge.focus_areas == ["prevention", "protection"]
