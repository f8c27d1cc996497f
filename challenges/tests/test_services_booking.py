"""Asking for, booking, scoping and rescheduling a challenge (challenges/services/challenge.py),
with the calendar's rules (challenges/services/dates.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from authorities.models import Authority
from challenges.choices import ChallengeStatus, ChallengeType, Funding, InspectionRelation
from challenges.models import Challenge
from challenges.services.challenge import (
    challenge_book,
    challenge_request,
    challenge_reschedule,
    challenge_scope,
    challenge_take_on,
)
from peersupport.models import OutboxEmail
from peersupport.tests.forms import long_date

from .factories import ChallengeFactory, compliant_team
from .journeys import monday_in

pytestmark = pytest.mark.integration

S = ChallengeStatus
START = monday_in(16)
END = START + datetime.timedelta(days=3)


def _book(by, *, authority=None, start=START, end=END, **extra):
    return challenge_book(
        by=by, authority=authority or Authority.objects.get(slug="avon"), challenge_type=ChallengeType.TARGETED,
        start_date=start, end_date=end, **extra,
    )


# challenge_request and challenge_take_on


def test_challenge_request_by_an_fra_contact_for_their_own_authority(fra_contact, adviser):
    challenge = challenge_request(by=fra_contact, challenge_type=ChallengeType.PRE_INSPECTION, preferred_period=" Autumn ",
                                  request_details=" Our self-assessment ")

    assert (challenge.authority, challenge.status, challenge.requested_by, challenge.requested_on) == (
        fra_contact.authority, S.REQUESTED, fra_contact, timezone.localdate(),
    )
    assert (challenge.preferred_period, challenge.request_details, challenge.start_date) == ("Autumn", "Our self-assessment", None)
    assert OutboxEmail.objects.get().recipients == adviser.email


def test_challenge_request_with_no_adviser_in_the_region_goes_to_the_administrators(fra_contact, lga_admin):
    challenge_request(by=fra_contact, challenge_type=ChallengeType.TARGETED, request_details="Help")

    assert OutboxEmail.objects.get().recipients == lga_admin.email


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "lead_peer"])
def test_challenge_request_refused_to_anyone_but_an_fra_contact(user_for, role):
    with pytest.raises(PermissionDenied, match="^Only a fire and rescue authority can ask for a challenge.$"):
        challenge_request(by=user_for(role), challenge_type=ChallengeType.TARGETED, request_details="Help")

    assert Challenge.objects.count() == 0


def test_challenge_take_on_by_the_adviser_starts_scoping_and_names_them(adviser, fra_contact):
    challenge = challenge_request(by=fra_contact, challenge_type=ChallengeType.TARGETED, request_details="Help")

    challenge = challenge_take_on(by=adviser, challenge=challenge)

    assert (challenge.status, challenge.principal_adviser) == (S.SCOPING, adviser)


def test_challenge_take_on_by_another_regions_adviser_refused(other_adviser, fra_contact):
    challenge = challenge_request(by=fra_contact, challenge_type=ChallengeType.TARGETED, request_details="Help")

    with pytest.raises(PermissionDenied):
        challenge_take_on(by=other_adviser, challenge=challenge)


def test_challenge_book_recording_a_visit_under_way_puts_it_on_site(lga_admin):
    today = timezone.localdate()

    challenge = _book(lga_admin, start=today - datetime.timedelta(days=1), end=today + datetime.timedelta(days=1), record_past=True)

    assert challenge.status == S.ON_SITE


def test_challenge_book_past_box_ticked_for_a_future_visit_books_it_as_usual(lga_admin, fra_contact):
    challenge = _book(lga_admin, record_past=True)

    assert (challenge.status, OutboxEmail.objects.get().subject) == (S.CONFIRMED, "Peer challenge confirmed: Avon Fire Authority")


# challenge_book: the calendar's rules


def test_challenge_book_visit_starting_today_or_before_refused(adviser):
    today = timezone.localdate()

    with pytest.raises(ValidationError) as refused:
        _book(adviser, start=today, end=today)

    assert refused.value.message_dict == {"start_date": ["The on-site start date must be in the future"]}


def test_challenge_book_past_challenge_recorded_only_by_an_administrator(lga_admin, adviser):
    past = datetime.date(2019, 3, 4)

    with pytest.raises(ValidationError) as refused:
        _book(adviser, start=past, end=past, record_past=True)
    challenge = _book(lga_admin, start=past, end=past, record_past=True)

    assert refused.value.message_dict == {"start_date": ["Only LGA administrators can record a past challenge"]}
    assert (challenge.start_date, challenge.status, challenge.requested_on) == (past, S.FEEDBACK_GIVEN, past)
    assert OutboxEmail.objects.count() == 0


@pytest.mark.parametrize(("end_offset", "valid"), [(11, True), (14, False)])
def test_challenge_book_visit_of_at_most_ten_working_days_a_phase(adviser, end_offset, valid):
    """Monday to the Friday of the next week is ten working days; to the Monday after, eleven."""
    end = START + datetime.timedelta(days=end_offset)
    if valid:
        assert _book(adviser, end=end).end_date == end
    else:
        with pytest.raises(ValidationError) as refused:
            _book(adviser, end=end)
        assert refused.value.message_dict == {
            "end_date": ["A visit lasts at most 10 working days: bring the end date forward or split it into two phases"]
        }


def test_challenge_book_working_days_leave_out_bank_holidays():
    """Christmas week 2028: Monday 25 and Tuesday 26 December are bank holidays."""
    assert Challenge.phase_working_days(datetime.date(2028, 12, 25), datetime.date(2028, 12, 29)) == 3


@pytest.mark.parametrize(("second_start", "second_end", "errors"), [
    (START + datetime.timedelta(days=14), None, {"second_end_date": ["Enter both dates of the second phase, or neither"]}),
    (START + datetime.timedelta(days=2), START + datetime.timedelta(days=4),
     {"second_start_date": ["The second phase must start after the first phase ends"]}),
    (START + datetime.timedelta(days=16), START + datetime.timedelta(days=14),
     {"second_end_date": ["The second phase end date must be the same as or after its start date"]}),
])
def test_challenge_book_second_phase_checked(adviser, second_start, second_end, errors):
    with pytest.raises(ValidationError) as refused:
        _book(adviser, second_start_date=second_start, second_end_date=second_end)

    assert refused.value.message_dict == errors


@pytest.mark.parametrize(("offset", "clash"), [(-1, True), (3, True), (4, False), (-5, False)])
def test_challenge_book_overlapping_a_live_challenge_of_the_same_authority_refused(adviser, avon, offset, clash):
    other_start = START + datetime.timedelta(days=offset)
    ChallengeFactory(authority=avon, start_date=other_start, end_date=other_start + datetime.timedelta(days=1))

    if clash:
        with pytest.raises(ValidationError) as refused:
            _book(adviser)
        assert refused.value.message_dict == {"start_date": [
            f"Avon already has a challenge on site from {long_date(other_start)} to "
            f"{long_date(other_start + datetime.timedelta(days=1))}: choose dates that do not overlap it"
        ]}
    else:
        assert _book(adviser).start_date == START


def test_challenge_book_overlap_counts_a_second_phase(adviser, avon):
    ChallengeFactory(authority=avon, start_date=START - datetime.timedelta(days=14), end_date=START - datetime.timedelta(days=11),
                     second_start_date=START + datetime.timedelta(days=1), second_end_date=START + datetime.timedelta(days=1))

    with pytest.raises(ValidationError):
        _book(adviser)


def test_challenge_book_overlap_with_another_authority_allowed(adviser):
    ChallengeFactory(authority=Authority.objects.get(slug="cornwall"), start_date=START, end_date=END)

    assert _book(adviser).start_date == START


# challenge_scope


@pytest.fixture
def scoping(adviser, avon):
    return ChallengeFactory(authority=avon, status=S.SCOPING, start_date=None, end_date=None, challenge_type=ChallengeType.DEEP_DIVE)


def test_challenge_scope_records_the_scope_and_confirms(adviser, scoping, fra_contact):
    scoping.theme = "Procurement"  # the team has a peer who knows it
    compliant_team(scoping)
    challenge = challenge_scope(
        by=adviser, challenge=scoping, confirm=True, scoping_meeting_on=START - datetime.timedelta(days=60),
        focus_areas=["prevention", "protection"], own_priorities=" Culture ", theme="Procurement",
        inspection_relation=InspectionRelation.NOT_LINKED, funding=Funding.SECTOR_GRANT, days_on_site=4,
        start_date=START, end_date=END,
    )

    assert (challenge.status, challenge.focus_areas, challenge.own_priorities, challenge.theme, challenge.funding) == (
        S.CONFIRMED, ["prevention", "protection"], "Culture", "Procurement", Funding.SECTOR_GRANT,
    )
    assert challenge.get_focus_areas_display() == ["Prevention", "Protection"]
    assert list(OutboxEmail.objects.order_by("pk").values_list("subject", flat=True)) == [
        "Peer challenge confirmed: Avon Fire Authority", "Peer team confirmed: Avon Fire Authority",
    ]


def test_challenge_scope_unknown_focus_area_refused(adviser, scoping):
    with pytest.raises(ValidationError) as refused:
        challenge_scope(by=adviser, challenge=scoping, focus_areas=["prevention", "astrology"])

    assert refused.value.message_dict == {"focus_areas": ["Choose focus areas from the list"]}


def test_challenge_scope_another_authoritys_inspection_refused(adviser, scoping, lga_admin):
    from authorities.tests.factories import InspectionFactory

    kents = InspectionFactory(authority=Authority.objects.get(slug="kent"))

    with pytest.raises(ValidationError) as refused:
        challenge_scope(by=adviser, challenge=scoping, inspection_relation=InspectionRelation.BEFORE, inspection=kents)

    assert refused.value.message_dict == {"inspection": ["Choose one of this authority's inspections"]}


def test_challenge_scope_dates_of_a_confirmed_challenge_change_only_by_rescheduling(adviser, avon):
    challenge = ChallengeFactory(authority=avon, start_date=START, end_date=END)

    with pytest.raises(ValidationError) as refused:
        challenge_scope(by=adviser, challenge=challenge, start_date=START + datetime.timedelta(days=7), end_date=END)

    assert refused.value.message_dict == {"start_date": ["Change the dates of a confirmed challenge by rescheduling it"]}


def test_challenge_scope_refused_to_the_team(lead_peer, challenge):
    with pytest.raises(PermissionDenied):
        challenge_scope(by=lead_peer.user, challenge=challenge, notes="Mine now")


# challenge_reschedule


def test_challenge_reschedule_keeps_the_earlier_dates_and_the_reason_and_tells_everyone(adviser, avon, fra_contact):
    challenge = ChallengeFactory(authority=avon, start_date=START, end_date=END, principal_adviser=adviser)
    later = START + datetime.timedelta(days=28)

    challenge = challenge_reschedule(
        by=adviser, challenge=challenge, reason="The authority's budget meeting moved", start_date=later,
        end_date=later + datetime.timedelta(days=3),
    )

    assert (challenge.start_date, challenge.end_date) == (later, later + datetime.timedelta(days=3))
    latest, before = challenge.history.order_by("-history_id")[:2]
    assert (latest.history_change_reason, latest.history_user, before.start_date) == (
        "The authority's budget meeting moved", adviser, START,
    )
    email = OutboxEmail.objects.get()
    assert email.subject == "Peer challenge dates changed: Avon Fire Authority"
    assert f"Before: {long_date(START)} to {long_date(END)}" in email.body
    assert "Reason: The authority's budget meeting moved" in email.body


def test_challenge_reschedule_without_a_reason_refused(adviser, challenge):
    with pytest.raises(ValidationError) as refused:
        challenge_reschedule(by=adviser, challenge=challenge, reason=" ", start_date=START, end_date=END)

    assert refused.value.message_dict == {"reason": ["Enter why the dates are changing"]}


def test_challenge_reschedule_into_the_past_refused(adviser, challenge):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        challenge_reschedule(by=adviser, challenge=challenge, reason="Sooner", start_date=yesterday, end_date=yesterday)

    assert refused.value.message_dict == {"start_date": ["The on-site start date must be in the future"]}


@pytest.mark.parametrize("status", [S.ON_SITE, S.PUBLISHED])
def test_challenge_reschedule_once_on_site_refused(adviser, challenge, status):
    Challenge.objects.filter(pk=challenge.pk).update(status=status)

    with pytest.raises(ValidationError) as refused:
        challenge_reschedule(by=adviser, challenge=challenge, reason="Later", start_date=START, end_date=END)

    assert refused.value.messages == [f"A challenge that is ‘{status.label}’ cannot be rescheduled"]


def test_challenge_reschedule_to_the_same_dates_changes_nothing(adviser, avon):
    challenge = ChallengeFactory(authority=avon, start_date=START, end_date=END)

    challenge_reschedule(by=adviser, challenge=challenge, reason="No change", start_date=START, end_date=END)

    assert (challenge.history.count(), OutboxEmail.objects.count()) == (1, 0)


def test_challenge_book_second_phase_months_later_refused(adviser):
    with pytest.raises(ValidationError) as refused:
        _book(adviser, second_start_date=END + datetime.timedelta(weeks=13), second_end_date=END + datetime.timedelta(weeks=13, days=1))

    assert refused.value.message_dict == {"second_start_date": ["The second phase must start within 12 weeks of the end of the first"]}


def test_challenge_book_between_the_phases_of_another_challenge_allowed(adviser, avon):
    """Another challenge on site the week before and the week after: its phases, not the
    span between them, are on site."""
    ChallengeFactory(authority=avon, start_date=START - datetime.timedelta(days=7), end_date=START - datetime.timedelta(days=5),
                     second_start_date=START + datetime.timedelta(days=7), second_end_date=START + datetime.timedelta(days=8))

    assert _book(adviser).start_date == START
