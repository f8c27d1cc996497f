"""The life of a challenge: every change of status through challenges/services/status.py."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from challenges.choices import STOPPABLE_STATUSES, ChallengeStatus
from challenges.models import Challenge
from challenges.services.status import (
    STATUS_CHANGES,
    challenge_report_published,
    challenge_report_requested,
    challenge_status_change,
    status_moves_from,
)
from peersupport.models import OutboxEmail

from .factories import ChallengeFactory, compliant_team

pytestmark = pytest.mark.integration

S = ChallengeStatus
LIFE = [S.REQUESTED, S.SCOPING, S.CONFIRMED, S.ON_SITE, S.FEEDBACK_GIVEN, S.REPORT_DRAFTING, S.FACTUAL_CHECK, S.PUBLISHED,
        S.PROGRESS_REVIEW, S.CLOSED]


def _at(status, **fields):
    dated = status not in (S.REQUESTED, S.SCOPING, S.POSTPONED, S.CANCELLED)
    defaults = {} if dated else {"start_date": None, "end_date": None}
    if status in (S.POSTPONED, S.CANCELLED):
        defaults["status_reason"] = "The authority asked"
    return ChallengeFactory(status=status, **{**defaults, **fields})


def test_a_challenge_walks_its_whole_life(adviser, avon):
    challenge = _at(S.REQUESTED)
    for before, after in zip(LIFE, LIFE[1:]):
        if after == S.CONFIRMED:
            Challenge.objects.filter(pk=challenge.pk).update(start_date=datetime.date(2027, 6, 7), end_date=datetime.date(2027, 6, 10))
            compliant_team(challenge)
        challenge = challenge_status_change(by=adviser, challenge=challenge, status=after)
        assert challenge.status == after, before

    assert [record.status for record in challenge.history.order_by("history_id")] == LIFE


def test_status_moves_follow_the_life_in_order():
    assert [status for status, _ in status_moves_from(S.CONFIRMED)] == [S.ON_SITE, S.POSTPONED, S.CANCELLED]
    assert [status for status, _ in status_moves_from(S.PUBLISHED)] == [S.PROGRESS_REVIEW, S.CLOSED]
    assert [status for status, _ in status_moves_from(S.POSTPONED)] == [S.SCOPING, S.CANCELLED]
    assert status_moves_from(S.CLOSED) == status_moves_from(S.CANCELLED) == []


@pytest.mark.parametrize(("before", "after"), [(S.REQUESTED, S.CONFIRMED), (S.CONFIRMED, S.PUBLISHED), (S.PUBLISHED, S.CANCELLED),
                                              (S.CLOSED, S.SCOPING), (S.CANCELLED, S.CONFIRMED), (S.ON_SITE, S.REQUESTED)])
def test_challenge_status_change_impossible_move_refused_with_a_clear_message(adviser, before, after):
    challenge = _at(before)

    with pytest.raises(ValidationError) as refused:
        challenge_status_change(by=adviser, challenge=challenge, status=after)

    assert refused.value.messages == [f"A challenge cannot go from ‘{before.label}’ to ‘{after.label}’"]
    challenge.refresh_from_db()
    assert challenge.status == before


@pytest.mark.parametrize(("role", "allowed"), [
    ("lga_admin", True), ("adviser", True), ("other_adviser", False), ("lead_peer", False), ("team_peer", False), ("fra_contact", False),
])
def test_challenge_status_change_confirm_only_by_those_who_oversee_it(challenge, user_for, role, allowed):
    Challenge.objects.filter(pk=challenge.pk).update(status=S.SCOPING, team_rules_override_reason="A team of one, agreed")
    user = user_for(role)

    if allowed:
        assert challenge_status_change(by=user, challenge=challenge, status=S.CONFIRMED).status == S.CONFIRMED
    else:
        with pytest.raises(PermissionDenied, match="^You cannot change this challenge.$"):
            challenge_status_change(by=user, challenge=challenge, status=S.CONFIRMED)
        challenge.refresh_from_db()
        assert challenge.status == S.SCOPING


@pytest.mark.parametrize(("role", "allowed"), [("lead_peer", True), ("challenge_manager", True), ("team_peer", False)])
def test_challenge_status_change_feedback_given_also_by_the_report_writers(challenge, challenge_manager, team_peer, user_for, role, allowed):
    Challenge.objects.filter(pk=challenge.pk).update(status=S.ON_SITE)

    if allowed:
        assert challenge_status_change(by=user_for(role), challenge=challenge, status=S.FEEDBACK_GIVEN).status == S.FEEDBACK_GIVEN
    else:
        with pytest.raises(PermissionDenied):
            challenge_status_change(by=user_for(role), challenge=challenge, status=S.FEEDBACK_GIVEN)


def test_challenge_status_change_confirm_without_dates_refused(adviser):
    challenge = _at(S.SCOPING)

    with pytest.raises(ValidationError) as refused:
        challenge_status_change(by=adviser, challenge=challenge, status=S.CONFIRMED)

    assert refused.value.message_dict == {"start_date": ["Enter the on-site dates before confirming the challenge"]}


@pytest.mark.parametrize("status", STOPPABLE_STATUSES)
def test_challenge_postponed_from_any_state_before_publication_with_its_reason(adviser, status):
    challenge = _at(status)

    challenge = challenge_status_change(by=adviser, challenge=challenge, status=S.POSTPONED, reason="  Snow closed the roads  ")

    assert (challenge.status, challenge.status_reason, challenge.start_date, challenge.end_date) == (
        S.POSTPONED, "Snow closed the roads", None, None,
    )
    assert challenge.history.latest().history_change_reason == "Snow closed the roads"


@pytest.mark.parametrize("reason", ["", "   "])
@pytest.mark.parametrize("status", [S.POSTPONED, S.CANCELLED])
def test_challenge_stopped_without_a_reason_refused(adviser, reason, status):
    challenge = _at(S.CONFIRMED)

    with pytest.raises(ValidationError) as refused:
        challenge_status_change(by=adviser, challenge=challenge, status=status, reason=reason)

    assert refused.value.message_dict == {"reason": [f"Enter why the challenge is {status.label.lower()}"]}


def test_challenge_postponed_keeps_its_earlier_dates_in_the_history(adviser):
    challenge = _at(S.CONFIRMED, start_date=datetime.date(2027, 6, 7), end_date=datetime.date(2027, 6, 10))

    challenge_status_change(by=adviser, challenge=challenge, status=S.POSTPONED, reason="The chief fire officer left")

    before = challenge.history.order_by("history_id").first()
    assert (before.start_date, before.end_date) == (datetime.date(2027, 6, 7), datetime.date(2027, 6, 10))


def test_challenge_postponed_resumes_scoping_then_can_be_cancelled(adviser):
    challenge = _at(S.POSTPONED)

    challenge = challenge_status_change(by=adviser, challenge=challenge, status=S.SCOPING)
    challenge = challenge_status_change(by=adviser, challenge=challenge, status=S.CANCELLED, reason="No longer needed")

    assert (challenge.status, challenge.status_reason) == (S.CANCELLED, "No longer needed")


def test_challenge_after_publication_cannot_be_cancelled(adviser):
    assert (S.PUBLISHED, S.CANCELLED) not in STATUS_CHANGES
    assert all((status, S.CANCELLED) not in STATUS_CHANGES for status in (S.PROGRESS_REVIEW, S.CLOSED))


def test_challenge_status_change_by_the_service_only_on_site(adviser):
    confirmed, scoping = _at(S.CONFIRMED), _at(S.SCOPING)

    assert challenge_status_change(by=None, challenge=confirmed, status=S.ON_SITE).status == S.ON_SITE
    with pytest.raises(ValidationError, match="Only a person can move a challenge to ‘Confirmed’"):
        challenge_status_change(by=None, challenge=scoping, status=S.CONFIRMED)


def test_challenge_status_change_clears_a_late_flag(adviser):
    challenge = _at(S.FACTUAL_CHECK, late_step="Publication was due by 1 June 2026")

    challenge = challenge_status_change(by=adviser, challenge=challenge, status=S.PUBLISHED)

    assert challenge.late_step == ""


@pytest.mark.parametrize(("status", "subject"), [
    (S.CONFIRMED, "Peer challenge confirmed: Avon Fire Authority"),
    (S.POSTPONED, "Peer challenge postponed: Avon Fire Authority"),
    (S.CANCELLED, "Peer challenge cancelled: Avon Fire Authority"),
])
def test_challenge_confirmed_postponed_or_cancelled_emails_the_authority_and_its_adviser(adviser, fra_contact, status, subject):
    challenge = _at(S.SCOPING, start_date=datetime.date(2027, 6, 7), end_date=datetime.date(2027, 6, 10), principal_adviser=adviser,
                    team_rules_override_reason="The team is agreed outside the service")

    challenge_status_change(by=adviser, challenge=challenge, status=status, reason="The authority asked")

    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject, email.about_url) == (
        ", ".join(sorted([adviser.email, fra_contact.email])), subject, f"/challenges/{challenge.pk}/",
    )


def test_challenge_confirmed_email_reads_right(adviser, fra_contact):
    challenge = _at(S.SCOPING, start_date=datetime.date(2027, 6, 7), end_date=datetime.date(2027, 6, 10), principal_adviser=adviser,
                    team_rules_override_reason="The team is agreed outside the service")

    challenge_status_change(by=adviser, challenge=challenge, status=S.CONFIRMED)

    assert OutboxEmail.objects.get().body == (
        "The operational assessment and fire peer challenge of Avon Fire Authority is confirmed.\n\n"
        "On site: 7 June 2027 to 10 June 2027\n\n"
        f"See the challenge: http://127.0.0.1:8000/challenges/{challenge.pk}/\n"
    )


@pytest.mark.parametrize("status", [S.ON_SITE, S.FEEDBACK_GIVEN, S.REPORT_DRAFTING, S.FACTUAL_CHECK, S.PUBLISHED, S.CLOSED])
def test_other_moves_email_no_one(adviser, fra_contact, status):
    challenge = _at(STATUS_BEFORE[status])

    challenge_status_change(by=adviser, challenge=challenge, status=status)

    assert OutboxEmail.objects.count() == 0


STATUS_BEFORE = {S.ON_SITE: S.CONFIRMED, S.FEEDBACK_GIVEN: S.ON_SITE, S.REPORT_DRAFTING: S.FEEDBACK_GIVEN,
                 S.FACTUAL_CHECK: S.REPORT_DRAFTING, S.PUBLISHED: S.FACTUAL_CHECK, S.CLOSED: S.PUBLISHED}


# Events from the reports app


@pytest.mark.parametrize(("before", "after"), [
    (S.CONFIRMED, S.REPORT_DRAFTING), (S.ON_SITE, S.REPORT_DRAFTING), (S.FEEDBACK_GIVEN, S.REPORT_DRAFTING),
    (S.REPORT_DRAFTING, S.REPORT_DRAFTING), (S.FACTUAL_CHECK, S.FACTUAL_CHECK), (S.PUBLISHED, S.PUBLISHED),
])
def test_challenge_report_requested_moves_a_challenge_to_drafting_the_first_time(challenge, lead_peer, before, after):
    Challenge.objects.filter(pk=challenge.pk).update(status=before)

    assert challenge_report_requested(by=lead_peer.user, challenge=challenge).status == after


@pytest.mark.parametrize("before", [S.CONFIRMED, S.REPORT_DRAFTING, S.FACTUAL_CHECK])
def test_challenge_report_published_publishes_the_challenge(challenge, adviser, before):
    Challenge.objects.filter(pk=challenge.pk).update(status=before)

    assert challenge_report_published(by=adviser, challenge=challenge).status == S.PUBLISHED


def test_challenge_report_published_leaves_a_cancelled_challenge_alone(challenge, adviser):
    Challenge.objects.filter(pk=challenge.pk).update(status=S.CANCELLED, status_reason="Stopped")

    assert challenge_report_published(by=adviser, challenge=challenge).status == S.CANCELLED
