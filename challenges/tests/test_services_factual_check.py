"""The authority's factual accuracy check (challenges/services/factual_check.py): sending the
draft with a deadline, the authority's comments and submission, the team's answers (an
accepted correction edits the finding, its history kept), reminders and overdue checks."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from authorities.tests.factories import FraContactFactory
from challenges.choices import ChallengeStatus, CommentOutcome, FindingArea, FindingKind, FindingState
from challenges.models import Challenge, FactualCheck, FactualCheckComment
from challenges.selectors.factual_check import factual_check_is_overdue
from challenges.services.factual_check import (
    CORRECTION_REASON,
    factual_check_comment_add,
    factual_check_comment_delete,
    factual_check_comment_edit,
    factual_check_deadline_check,
    factual_check_deadline_default,
    factual_check_reminders_send,
    factual_check_send,
    factual_check_submit,
    factual_comment_answer,
)
from challenges.services.finding import FindingEditConflict, finding_edit
from peersupport.models import OutboxEmail

from .factories import FactualCheckCommentFactory, FactualCheckFactory, FindingFactory

pytestmark = pytest.mark.integration

TODAY = datetime.date(2027, 3, 22)  # a Monday
DEADLINE = datetime.date(2027, 4, 7)  # 10 working days on: Good Friday and Easter Monday not counted


@pytest.fixture
def drafting(challenge, adviser):
    Challenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.REPORT_DRAFTING, principal_adviser=adviser)
    challenge.refresh_from_db()
    return challenge


@pytest.fixture
def finding(drafting, lead_peer):
    return FindingFactory(challenge=drafting, recorded_by=lead_peer.user, text="Bath has **two** stations.")


@pytest.fixture
def sent(drafting, finding, adviser, fra_contact):
    check = factual_check_send(by=adviser, challenge=drafting, deadline=DEADLINE, today=TODAY)
    OutboxEmail.objects.all().delete()
    return check


def _submitted(check, fra_contact):
    factual_check_submit(by=fra_contact, factual_check=check)
    OutboxEmail.objects.all().delete()
    check.refresh_from_db()
    return check


# The deadline


def test_deadline_default_is_ten_working_days_skipping_easter():
    assert factual_check_deadline_default(today=TODAY) == DEADLINE


def test_deadline_default_skips_christmas_and_new_year():
    assert factual_check_deadline_default(today=datetime.date(2026, 12, 18)) == datetime.date(2027, 1, 6)


@pytest.mark.parametrize(("deadline", "message"), [
    (TODAY, "The deadline must be after today"),
    (datetime.date(1, 1, 1), "The deadline must be after today"),
    (datetime.date(2027, 3, 27), "The deadline must be a working day, not a weekend or bank holiday"),
    (datetime.date(2027, 3, 29), "The deadline must be a working day, not a weekend or bank holiday"),
    (datetime.date(2027, 5, 7), "The deadline must be within 30 working days: on or before 6 May 2027"),
    (datetime.date(9999, 12, 31), "The deadline must be within 30 working days: on or before 6 May 2027"),
])
def test_deadline_refused(deadline, message):
    with pytest.raises(ValidationError) as refused:
        factual_check_deadline_check(deadline, today=TODAY)

    assert refused.value.message_dict == {"deadline": [message]}


# Sending the draft


def test_send_opens_the_check_moves_the_challenge_on_and_emails_the_fra_contacts(drafting, finding, adviser, fra_contact):
    second_contact = FraContactFactory(authority=drafting.authority)
    FraContactFactory(authority=drafting.authority, is_active=False)

    check = factual_check_send(by=adviser, challenge=drafting, deadline=DEADLINE, today=TODAY)

    drafting.refresh_from_db()
    assert (check.deadline, check.sent_by, check.is_open, drafting.status) == (DEADLINE, adviser, True, ChallengeStatus.FACTUAL_CHECK)
    email = OutboxEmail.objects.get()
    assert email.recipients == ", ".join(sorted([fra_contact.email, second_contact.email]))
    assert email.subject == "Draft report for your factual accuracy check: Avon Fire Authority"
    assert email.body == (
        "The peer team's draft report on the operational assessment and fire peer challenge of Avon Fire Authority is "
        "ready for your factual accuracy check.\n\n"
        "Please read it, comment on anything that is not accurate, and submit your check by 7 April 2027.\n\n"
        f"Check the draft report's facts: {settings.SITE_URL}/challenges/{drafting.pk}/factual-check/\n"
    )


def test_send_again_after_a_postponement_carries_the_open_check_and_its_comments_over(sent, finding, adviser, fra_contact):
    factual_check_comment_add(by=fra_contact, factual_check=sent, finding=finding, comment="Three stations, not two.")
    FactualCheck.objects.filter(pk=sent.pk).update(reminded_at=timezone.now())
    Challenge.objects.filter(pk=sent.challenge_id).update(status=ChallengeStatus.REPORT_DRAFTING)  # postponed, back again
    later = datetime.date(2027, 4, 21)

    again = factual_check_send(by=adviser, challenge=sent.challenge, deadline=later, today=datetime.date(2027, 4, 7))

    assert (again.pk, again.deadline, again.reminded_at, again.comments.count()) == (sent.pk, later, None, 1)
    assert FactualCheck.objects.count() == 1
    assert OutboxEmail.objects.filter(subject__startswith="Draft report for your factual accuracy check").count() == 1


@pytest.mark.parametrize("status", [ChallengeStatus.CONFIRMED, ChallengeStatus.FACTUAL_CHECK, ChallengeStatus.PUBLISHED])
def test_send_refused_unless_the_report_is_being_drafted(drafting, finding, adviser, status):
    Challenge.objects.filter(pk=drafting.pk).update(status=status)

    with pytest.raises(ValidationError) as refused:
        factual_check_send(by=adviser, challenge=drafting, deadline=DEADLINE, today=TODAY)

    assert refused.value.messages[0].startswith("The draft can be sent for the factual accuracy check only while the report is being drafted")
    assert FactualCheck.objects.count() == 0


def test_send_refused_without_a_finding_in_the_report(drafting, lead_peer, team_peer, adviser):
    FindingFactory(challenge=drafting, recorded_by=team_peer.user, state=FindingState.DRAFT)
    FindingFactory(challenge=drafting, recorded_by=team_peer.user, state=FindingState.REJECTED, rejection_reason="Not evidenced")

    with pytest.raises(ValidationError) as refused:
        factual_check_send(by=adviser, challenge=drafting, deadline=DEADLINE, today=TODAY)

    assert refused.value.messages == ["Accept at least one finding into the report before sending it to the authority"]
    assert (FactualCheck.objects.count(), Challenge.objects.get(pk=drafting.pk).status) == (0, ChallengeStatus.REPORT_DRAFTING)


@pytest.mark.parametrize("role", ["lead_peer", "team_peer", "other_adviser", "fra_contact", "other_peer_user"])
def test_send_refused_to_anyone_but_lga_staff_overseeing(drafting, finding, user_for, role):
    with pytest.raises(PermissionDenied):
        factual_check_send(by=user_for(role), challenge=drafting, deadline=DEADLINE, today=TODAY)

    assert (FactualCheck.objects.count(), OutboxEmail.objects.count()) == (0, 0)


def test_send_refused_with_a_weekend_deadline(drafting, finding, adviser):
    with pytest.raises(ValidationError):
        factual_check_send(by=adviser, challenge=drafting, deadline=datetime.date(2027, 3, 27), today=TODAY)

    assert Challenge.objects.get(pk=drafting.pk).status == ChallengeStatus.REPORT_DRAFTING


# The authority's comments


def test_comment_on_a_finding_keeps_its_proposed_correction(sent, finding, fra_contact):
    comment = factual_check_comment_add(
        by=fra_contact, factual_check=sent, finding=finding, comment="  We have three stations.  ",
        proposed_text="Bath has **three** stations.",
    )

    assert (comment.finding, comment.area, comment.comment, comment.proposed_text, comment.written_by) == (
        finding, "", "We have three stations.", "Bath has **three** stations.", fra_contact
    )


def test_comment_on_an_area_has_no_proposed_correction(sent, finding, fra_contact):
    comment = factual_check_comment_add(
        by=fra_contact, factual_check=sent, area=FindingArea.PREVENTION, comment="The numbers are from 2023.", proposed_text="Ignored",
    )

    assert (comment.finding, comment.area, comment.proposed_text) == (None, FindingArea.PREVENTION, "")


def test_comment_on_an_area_without_findings_refused(sent, finding, fra_contact):
    with pytest.raises(ValidationError) as refused:
        factual_check_comment_add(by=fra_contact, factual_check=sent, area=FindingArea.RESPONSE, comment="Response is fine")

    assert refused.value.messages == ["Choose an area of the draft report"]


@pytest.mark.parametrize("state", [FindingState.DRAFT, FindingState.REJECTED])
def test_comment_on_a_finding_not_in_the_report_refused(sent, team_peer, fra_contact, state):
    hidden = FindingFactory(challenge=sent.challenge, recorded_by=team_peer.user, state=state, rejection_reason="No")

    with pytest.raises(ValidationError) as refused:
        factual_check_comment_add(by=fra_contact, factual_check=sent, finding=hidden, comment="Wrong")

    assert refused.value.messages == ["Choose a finding of the draft report"]


@pytest.mark.parametrize("role", ["other_fra_contact", "adviser", "lead_peer"])
def test_comment_refused_to_anyone_but_the_authority(sent, finding, user_for, role):
    with pytest.raises(PermissionDenied):
        factual_check_comment_add(by=user_for(role), factual_check=sent, finding=finding, comment="Wrong")

    assert FactualCheckComment.objects.count() == 0


def test_comment_refused_once_the_check_is_submitted(sent, finding, fra_contact):
    _submitted(sent, fra_contact)

    with pytest.raises(ValidationError) as refused:
        factual_check_comment_add(by=fra_contact, factual_check=sent, finding=finding, comment="Late")

    assert refused.value.messages == ["The authority has submitted its factual accuracy check, so its comments can no longer change"]


def test_own_comment_can_be_changed_and_deleted_until_submitted(sent, finding, fra_contact):
    comment = FactualCheckCommentFactory(factual_check=sent, finding=finding, written_by=fra_contact)

    factual_check_comment_edit(by=fra_contact, comment=comment, text="Three stations", proposed_text="Bath has three.")
    comment.refresh_from_db()
    assert (comment.comment, comment.proposed_text) == ("Three stations", "Bath has three.")

    factual_check_comment_delete(by=fra_contact, comment=comment)
    assert FactualCheckComment.objects.count() == 0


def test_another_contacts_comment_cannot_be_changed(sent, finding, fra_contact):
    comment = FactualCheckCommentFactory(factual_check=sent, finding=finding, written_by=FraContactFactory(authority=sent.challenge.authority))

    with pytest.raises(ValidationError):
        factual_check_comment_edit(by=fra_contact, comment=comment, text="Mine now")
    with pytest.raises(ValidationError):
        factual_check_comment_delete(by=fra_contact, comment=comment)

    assert FactualCheckComment.objects.get().comment == "The station at Bath closed in 2024."


def test_comment_cannot_be_deleted_after_submitting(sent, finding, fra_contact):
    comment = FactualCheckCommentFactory(factual_check=sent, finding=finding, written_by=fra_contact)
    _submitted(sent, fra_contact)

    with pytest.raises(ValidationError):
        factual_check_comment_delete(by=fra_contact, comment=comment)

    assert FactualCheckComment.objects.count() == 1


# Submitting


def test_submit_records_who_and_emails_the_adviser_and_the_report_writers(sent, finding, fra_contact, adviser, lead_peer, challenge_manager, team_peer):
    FactualCheckCommentFactory(factual_check=sent, finding=finding, written_by=fra_contact)
    FactualCheckCommentFactory(factual_check=sent, area=FindingArea.PREVENTION, written_by=fra_contact)

    check = factual_check_submit(by=fra_contact, factual_check=sent)

    assert (check.submitted_by, check.is_open) == (fra_contact, False)
    email = OutboxEmail.objects.get()
    assert email.recipients == ", ".join(sorted([adviser.email, lead_peer.email, challenge_manager.email]))
    assert email.subject == "Factual accuracy check submitted: Avon Fire Authority"
    assert email.body == (
        f"{fra_contact.full_name} submitted Avon Fire Authority's factual accuracy check of the draft report on its "
        "operational assessment and fire peer challenge, with 2 comments for the team to answer.\n\n"
        f"See the comments and answer them: {settings.SITE_URL}/challenges/{sent.challenge.pk}/factual-check/\n"
    )


def test_submit_twice_refused(sent, fra_contact):
    _submitted(sent, fra_contact)

    with pytest.raises(ValidationError):
        factual_check_submit(by=fra_contact, factual_check=sent)

    assert OutboxEmail.objects.count() == 0


def test_submit_refused_to_another_authority(sent, other_fra_contact):
    with pytest.raises(PermissionDenied):
        factual_check_submit(by=other_fra_contact, factual_check=sent)

    assert FactualCheck.objects.get().is_open


# The team's answers


@pytest.fixture
def correction(sent, finding, fra_contact):
    comment = FactualCheckCommentFactory(
        factual_check=sent, finding=finding, written_by=fra_contact, comment="We have three.", proposed_text="Bath has **three** stations."
    )
    _submitted(sent, fra_contact)
    return comment


def test_accepting_a_correction_changes_the_finding_and_keeps_its_history(correction, finding, lead_peer):
    comment = factual_comment_answer(
        by=lead_peer.user, comment=correction, outcome=CommentOutcome.ACCEPTED, reply="Thank you: corrected", finding_version=1
    )

    finding.refresh_from_db()
    assert (comment.outcome, comment.reply, comment.answered_by) == (CommentOutcome.ACCEPTED, "Thank you: corrected", lead_peer.user)
    assert (finding.text, finding.version, finding.changed_by) == ("Bath has **three** stations.", 2, lead_peer.user)
    latest, earlier = finding.history.order_by("-history_id")[:2]
    assert (latest.text, latest.history_change_reason, latest.history_user) == (
        "Bath has **three** stations.", CORRECTION_REASON, lead_peer.user
    )
    assert earlier.text == "Bath has **two** stations."


def test_rejecting_leaves_the_finding_as_it_was(correction, finding, adviser):
    factual_comment_answer(by=adviser, comment=correction, outcome=CommentOutcome.REJECTED, reply="Two stations at the visit")

    finding.refresh_from_db()
    assert (finding.text, finding.version) == ("Bath has **two** stations.", 1)
    assert FactualCheckComment.objects.get().outcome == CommentOutcome.REJECTED


def test_answer_needs_a_reply(correction, lead_peer):
    with pytest.raises(ValidationError) as refused:
        factual_comment_answer(by=lead_peer.user, comment=correction, outcome=CommentOutcome.REJECTED, reply="   ")

    assert refused.value.message_dict == {"reply": ["Enter your reply to the authority"]}
    assert FactualCheckComment.objects.get().outcome == ""


def test_answer_refused_if_the_finding_changed_meanwhile(correction, finding, lead_peer, challenge_manager):
    finding_edit(by=challenge_manager.user, finding=finding, version=1, text="Bath has two fire stations.")

    with pytest.raises(FindingEditConflict):
        factual_comment_answer(by=lead_peer.user, comment=correction, outcome=CommentOutcome.ACCEPTED, reply="Yes", finding_version=1)

    finding.refresh_from_db()
    assert (finding.text, FactualCheckComment.objects.get().outcome) == ("Bath has two fire stations.", "")


def test_lga_staff_accept_a_correction_and_its_history_names_them(correction, finding, adviser):
    factual_comment_answer(by=adviser, comment=correction, outcome=CommentOutcome.ACCEPTED, reply="Yes", finding_version=1)

    finding.refresh_from_db()
    assert (finding.text, finding.version) == (correction.proposed_text, 2)
    latest = finding.history.first()
    assert (latest.history_user, latest.history_change_reason) == (adviser, "Factual accuracy check: correction accepted")


def test_lga_staff_can_accept_a_comment_without_a_correction(sent, finding, fra_contact, adviser):
    comment = FactualCheckCommentFactory(factual_check=sent, area=FindingArea.PREVENTION, written_by=fra_contact)
    _submitted(sent, fra_contact)

    factual_comment_answer(by=adviser, comment=comment, outcome=CommentOutcome.ACCEPTED, reply="We will add the date")

    assert FactualCheckComment.objects.get().outcome == CommentOutcome.ACCEPTED


def test_answer_refused_before_the_check_is_submitted(sent, finding, fra_contact, lead_peer):
    comment = FactualCheckCommentFactory(factual_check=sent, finding=finding, written_by=fra_contact)

    with pytest.raises(ValidationError) as refused:
        factual_comment_answer(by=lead_peer.user, comment=comment, outcome=CommentOutcome.REJECTED, reply="No")

    assert refused.value.messages == ["The authority has not submitted its factual accuracy check yet"]


def test_answer_twice_refused(correction, lead_peer):
    factual_comment_answer(by=lead_peer.user, comment=correction, outcome=CommentOutcome.REJECTED, reply="No")

    with pytest.raises(ValidationError) as refused:
        factual_comment_answer(by=lead_peer.user, comment=correction, outcome=CommentOutcome.ACCEPTED, reply="Yes")

    assert refused.value.messages == ["This comment has already been answered"]


@pytest.mark.parametrize("role", ["team_peer", "fra_contact", "other_adviser"])
def test_answer_refused_to_anyone_else(correction, user_for, role):
    with pytest.raises(PermissionDenied):
        factual_comment_answer(by=user_for(role), comment=correction, outcome=CommentOutcome.REJECTED, reply="No")

    assert FactualCheckComment.objects.get().outcome == ""


# Reminders and overdue checks


def test_reminders_go_once_to_checks_due_within_two_working_days(avon, fra_contact):
    thursday = datetime.date(2027, 3, 25)  # before Easter: Good Friday and Easter Monday are no working days
    due = FactualCheckFactory(challenge__authority=avon, deadline=datetime.date(2027, 3, 31))
    FactualCheckFactory(challenge__authority=avon, deadline=datetime.date(2027, 4, 1))
    FactualCheckFactory(challenge__authority=avon, deadline=datetime.date(2027, 3, 24))  # overdue: flagged, not reminded
    submitted = FactualCheckFactory(challenge__authority=avon, deadline=datetime.date(2027, 3, 30))
    FactualCheck.objects.filter(pk=submitted.pk).update(submitted_at=datetime.datetime(2027, 3, 24, tzinfo=datetime.UTC), submitted_by=fra_contact)

    assert factual_check_reminders_send(today=thursday) == 1
    assert factual_check_reminders_send(today=thursday) == 0

    due.refresh_from_db()
    email = OutboxEmail.objects.get()
    assert (due.reminded_at is not None, email.recipients) == (True, fra_contact.email)
    assert email.subject == "Reminder: your factual accuracy check is due by 31 March 2027"
    assert email.body == (
        "Your factual accuracy check of the draft report on the operational assessment and fire peer challenge of "
        "Avon Fire Authority is due by 31 March 2027.\n\n"
        "Please comment on anything that is not accurate, then submit the check, even if you have no comments.\n\n"
        f"Check the draft report's facts: {settings.SITE_URL}/challenges/{due.challenge.pk}/factual-check/\n"
    )


def test_overdue_once_the_deadline_passes_unsubmitted(avon, fra_contact):
    check = FactualCheckFactory(challenge__authority=avon, deadline=datetime.date(2027, 4, 7))

    assert [factual_check_is_overdue(check, today=day) for day in (datetime.date(2027, 4, 7), datetime.date(2027, 4, 8))] == [False, True]
    check.submitted_at, check.submitted_by = datetime.datetime(2027, 4, 9, tzinfo=datetime.UTC), fra_contact
    assert factual_check_is_overdue(check, today=datetime.date(2027, 4, 12)) is False


def test_findings_of_other_kinds_can_be_corrected_too(sent, lead_peer, fra_contact):
    recommendation = FindingFactory(challenge=sent.challenge, kind=FindingKind.RECOMMENDATION, recorded_by=lead_peer.user)
    comment = factual_check_comment_add(
        by=fra_contact, factual_check=sent, finding=recommendation, comment="Wrong year", proposed_text="Review the 2026 plan."
    )
    _submitted(sent, fra_contact)

    factual_comment_answer(by=lead_peer.user, comment=comment, outcome=CommentOutcome.ACCEPTED, reply="Done", finding_version=1)

    recommendation.refresh_from_db()
    assert (recommendation.text, recommendation.priority) == ("Review the 2026 plan.", "medium")


# Once the report is published, with the authority's check left open or its comments unanswered


def _published(challenge):
    Challenge.objects.filter(pk=challenge.pk).update(status=ChallengeStatus.PUBLISHED)
    challenge.refresh_from_db()


def test_comment_refused_once_the_report_is_published_with_the_check_open(sent, finding, fra_contact):
    _published(sent.challenge)

    with pytest.raises(ValidationError) as refused:
        factual_check_comment_add(by=fra_contact, factual_check=sent, finding=finding, comment="Wrong", proposed_text="Bath has one.")

    assert (refused.value.code, FactualCheckComment.objects.count()) == ("frozen", 0)


def test_submit_refused_once_the_report_is_published_with_the_check_open(sent, fra_contact):
    _published(sent.challenge)

    with pytest.raises(ValidationError) as refused:
        factual_check_submit(by=fra_contact, factual_check=sent)

    assert (refused.value.code, FactualCheck.objects.get().is_open, OutboxEmail.objects.count()) == ("frozen", True, 0)


def test_answer_refused_once_the_report_is_published(sent, finding, fra_contact, adviser):
    comment = FactualCheckCommentFactory(factual_check=sent, area=FindingArea.PREVENTION, written_by=fra_contact)
    _submitted(sent, fra_contact)
    _published(sent.challenge)

    with pytest.raises(ValidationError) as refused:
        factual_comment_answer(by=adviser, comment=comment, outcome=CommentOutcome.ACCEPTED, reply="We will add the date")

    assert refused.value.messages == [
        "The report is published, so its findings cannot change: a correction is a new version of the report."
    ]
    assert FactualCheckComment.objects.get().outcome == ""


@pytest.mark.parametrize("status", [ChallengeStatus.PUBLISHED, ChallengeStatus.POSTPONED, ChallengeStatus.CANCELLED])
def test_reminders_skip_open_checks_of_challenges_no_longer_in_the_check(avon, status):
    check = FactualCheckFactory(challenge__authority=avon, deadline=datetime.date(2027, 3, 31))
    Challenge.objects.filter(pk=check.challenge_id).update(status=status, status_reason="The chief fire officer left")

    assert factual_check_reminders_send(today=datetime.date(2027, 3, 25)) == 0
    check.refresh_from_db()
    assert (check.reminded_at, OutboxEmail.objects.count()) == (None, 0)


def test_send_refused_when_no_one_at_the_authority_can_sign_in(drafting, finding, adviser, fra_contact):
    fra_contact.is_active = False
    fra_contact.save(update_fields=["is_active"])

    with pytest.raises(ValidationError) as refused:
        factual_check_send(by=adviser, challenge=drafting, deadline=DEADLINE, today=TODAY)

    assert refused.value.messages == [
        "No one at Avon Fire Authority can sign in to check the draft: an LGA administrator must first give the "
        "authority's contact a login"
    ]
    assert (FactualCheck.objects.count(), OutboxEmail.objects.count()) == (0, 0)
