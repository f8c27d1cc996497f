"""Reads of the factual accuracy check (challenges/selectors/factual_check.py)."""

import datetime

import pytest
from django.utils import timezone

from challenges.choices import ChallengeStatus, CommentOutcome, FindingArea, FindingKind, FindingState
from challenges.models import FactualCheck
from challenges.selectors.factual_check import (
    challenges_in_factual_check_for,
    comments_visible,
    factual_check_deadline_note,
    factual_check_draft,
    factual_checks_due_for_reminder,
)

from .factories import FactualCheckCommentFactory, FactualCheckFactory, FindingFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def check(challenge, lead_peer, team_peer, fra_contact):
    check = FactualCheckFactory(challenge=challenge, deadline=datetime.date(2027, 4, 7))
    challenge.status = ChallengeStatus.FACTUAL_CHECK
    return check


@pytest.mark.parametrize(("role", "sees"), [
    ("lga_admin", True), ("adviser", True), ("other_adviser", False), ("lead_peer", True), ("challenge_manager", True),
    ("team_peer", False), ("other_peer_user", False), ("fra_contact", True), ("other_fra_contact", False),
])
def test_challenges_in_factual_check_for_each_role(check, user_for, role, sees):
    assert list(challenges_in_factual_check_for(user=user_for(role))) == ([check.challenge] if sees else [])


@pytest.mark.parametrize(("role", "open_sees", "submitted_sees"), [
    ("adviser", 1, 1), ("lead_peer", 0, 1), ("fra_contact", 1, 1), ("team_peer", 0, 0),
])
def test_comments_visible_to_each_role_before_and_after_submission(check, fra_contact, user_for, role, open_sees, submitted_sees):
    FactualCheckCommentFactory(factual_check=check, area=FindingArea.PREVENTION, written_by=fra_contact)
    user = user_for(role)

    before = comments_visible(check=check, user=user).count()
    check.submitted_at, check.submitted_by = timezone.now(), fra_contact
    check.save()
    after = comments_visible(check=check, user=user).count()

    assert (before, after) == (open_sees, submitted_sees)


def test_draft_has_the_report_findings_by_area_numbered_and_marked_corrected(check, lead_peer, team_peer, fra_contact, django_assert_num_queries):
    challenge = check.challenge
    challenge.focus_areas = [FindingArea.PROTECTION, FindingArea.PREVENTION]
    challenge.save(update_fields=["focus_areas"])
    writer = lead_peer.user
    prevention = FindingFactory(challenge=challenge, area=FindingArea.PREVENTION, kind=FindingKind.RECOMMENDATION, recorded_by=writer, position=1)
    protection = FindingFactory(challenge=challenge, area=FindingArea.PROTECTION, kind=FindingKind.RECOMMENDATION, recorded_by=writer, position=1)
    FindingFactory(challenge=challenge, recorded_by=team_peer.user, state=FindingState.DRAFT)
    FindingFactory(challenge=challenge, recorded_by=team_peer.user, state=FindingState.REJECTED, rejection_reason="No")
    FactualCheckCommentFactory(
        factual_check=check, finding=prevention, written_by=fra_contact, proposed_text="New words", outcome=CommentOutcome.ACCEPTED,
        reply="Yes", answered_by=writer, answered_at=timezone.now() + datetime.timedelta(seconds=1),
    )
    FactualCheckCommentFactory(factual_check=check, area=FindingArea.PROTECTION, written_by=fra_contact)

    with django_assert_num_queries(3):
        draft = factual_check_draft(check=check, user=fra_contact)

    assert [(area.area, [(f.pk, f.number, f.corrected, len(f.comments)) for f in area.findings], len(area.comments)) for area in draft] == [
        (FindingArea.PROTECTION, [(protection.pk, 1, False, 0)], 1),
        (FindingArea.PREVENTION, [(prevention.pk, 2, True, 1)], 0),
    ]


def test_checks_due_for_reminder_within_two_working_days(avon, fra_contact):
    thursday = datetime.date(2027, 3, 25)  # before Easter
    due = FactualCheckFactory(challenge__authority=avon, deadline=datetime.date(2027, 3, 31))
    FactualCheckFactory(challenge__authority=avon, deadline=datetime.date(2027, 4, 1))
    FactualCheckFactory(challenge__authority=avon, deadline=thursday - datetime.timedelta(days=1))
    reminded = FactualCheckFactory(challenge__authority=avon, deadline=thursday)
    FactualCheck.objects.filter(pk=reminded.pk).update(reminded_at=timezone.now())

    assert list(factual_checks_due_for_reminder(today=thursday)) == [due]


@pytest.mark.parametrize(("today", "note"), [
    (datetime.date(2027, 3, 25), "7 working days left"),  # Good Friday and Easter Monday not counted
    (datetime.date(2027, 4, 6), "1 working day left"),
    (datetime.date(2027, 4, 7), "Due today"),
    (datetime.date(2027, 4, 8), "Overdue"),
])
def test_deadline_note(check, today, note):
    assert factual_check_deadline_note(check, today=today) == note
