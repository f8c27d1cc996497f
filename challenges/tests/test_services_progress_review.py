"""The progress review: scheduled by LGA staff about ten months after the visit, recorded by
the review team, completed once everything is recorded, and reminded of once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from challenges.choices import ChallengeStatus, FindingKind, ProgressAssessment
from challenges.models import ProgressReview, RecommendationProgress
from challenges.selectors.progress_review import progress_review_default_date
from challenges.services.progress_review import (
    progress_review_complete,
    progress_review_reminders_send,
    progress_review_schedule,
    progress_review_summary_save,
    recommendation_progress_record,
)
from peersupport.models import OutboxEmail

from .factories import ChallengeFactory, FindingFactory, ProgressReviewFactory

pytestmark = pytest.mark.integration


def publish(challenge, last_day=datetime.date(2025, 3, 6)):
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.start_date, challenge.end_date = last_day - datetime.timedelta(days=3), last_day
    challenge.save()
    return challenge


@pytest.fixture
def recommendation(challenge):
    publish(challenge)
    return FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, text="Review protection capacity.")


def test_default_date_is_ten_months_after_the_last_day_on_site(challenge):
    challenge.start_date, challenge.end_date = datetime.date(2025, 3, 3), datetime.date(2025, 3, 6)
    challenge.second_start_date, challenge.second_end_date = datetime.date(2025, 4, 28), datetime.date(2025, 4, 30)

    assert progress_review_default_date(challenge=challenge) == datetime.date(2026, 2, 28)


def test_default_date_none_without_dates(db):
    assert progress_review_default_date(challenge=ChallengeFactory.build(start_date=None, end_date=None)) is None


def test_schedule_refused_before_publication(challenge, lga_admin):
    with pytest.raises(ValidationError) as error:
        progress_review_schedule(by=lga_admin, challenge=challenge, scheduled_for=datetime.date(2026, 1, 12))

    assert error.value.messages == ["The progress review can be scheduled once the report is published"]
    assert not ProgressReview.objects.exists()


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact"])
def test_schedule_refused_to_all_but_lga_staff_overseeing(recommendation, challenge, user_for, role):
    with pytest.raises(PermissionDenied):
        progress_review_schedule(by=user_for(role), challenge=challenge, scheduled_for=datetime.date(2026, 1, 12))

    assert not ProgressReview.objects.exists()


def test_moving_the_date_resets_the_reminder(recommendation, challenge, adviser):
    review = progress_review_schedule(by=adviser, challenge=challenge, scheduled_for=datetime.date(2026, 1, 12))
    ProgressReview.objects.filter(pk=review.pk).update(reminded_at=datetime.datetime(2025, 12, 13, tzinfo=datetime.UTC))

    progress_review_schedule(by=adviser, challenge=challenge, scheduled_for=datetime.date(2026, 2, 9))

    review.refresh_from_db()
    assert (review.scheduled_for, review.reminded_at) == (datetime.date(2026, 2, 9), None)


def test_recording_needs_a_scheduled_review(recommendation, challenge, lead_peer):
    with pytest.raises(ValidationError) as error:
        recommendation_progress_record(
            by=lead_peer.user, challenge=challenge, recommendation=recommendation, progress="Done", assessment="achieved",
        )

    assert error.value.messages == ["Schedule the progress review before recording it"]


@pytest.mark.parametrize("role", ["team_peer", "other_adviser", "fra_contact", "other_peer_user"])
def test_recording_refused_to_others(recommendation, challenge, user_for, role):
    ProgressReviewFactory(challenge=challenge)

    with pytest.raises(PermissionDenied):
        recommendation_progress_record(
            by=user_for(role), challenge=challenge, recommendation=recommendation, progress="Done", assessment="achieved",
        )

    assert not RecommendationProgress.objects.exists()


@pytest.mark.parametrize("role", ["lead_peer", "challenge_manager", "lga_admin", "adviser"])
def test_recording_starts_the_progress_review(recommendation, challenge, user_for, role):
    ProgressReviewFactory(challenge=challenge)

    recommendation_progress_record(
        by=user_for(role), challenge=challenge, recommendation=recommendation, progress="Done", assessment="achieved",
    )

    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.PROGRESS_REVIEW
    assert list(RecommendationProgress.objects.values_list("progress", "assessment")) == [("Done", "achieved")]


def test_complete_needs_every_recommendation_and_the_summary(recommendation, challenge, lead_peer):
    second = FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION)
    ProgressReviewFactory(challenge=challenge)
    recommendation_progress_record(
        by=lead_peer.user, challenge=challenge, recommendation=recommendation, progress="Done", assessment="achieved",
    )

    with pytest.raises(ValidationError) as error:
        progress_review_complete(by=lead_peer.user, challenge=challenge)

    assert error.value.messages == ["Record the progress on recommendation 2", "Write the overall summary"]
    recommendation_progress_record(
        by=lead_peer.user, challenge=challenge, recommendation=second, progress="Begun", assessment=ProgressAssessment.SOME_PROGRESS,
    )
    progress_review_summary_save(by=lead_peer.user, challenge=challenge, summary="Good progress overall.")

    review = progress_review_complete(by=lead_peer.user, challenge=challenge)

    assert review.completed_by == lead_peer.user
    with pytest.raises(ValidationError) as error:
        progress_review_summary_save(by=lead_peer.user, challenge=challenge, summary="Changed")
    assert error.value.messages == ["The progress review is complete: it can no longer be changed"]


def test_reminder_sent_once_when_due_within_30_days(recommendation, challenge, adviser):
    challenge.principal_adviser = adviser
    challenge.save()
    ProgressReviewFactory(challenge=challenge, scheduled_for=datetime.date(2026, 1, 12))

    assert progress_review_reminders_send(today=datetime.date(2025, 12, 12)) == 0
    assert progress_review_reminders_send(today=datetime.date(2025, 12, 13)) == 1
    assert progress_review_reminders_send(today=datetime.date(2025, 12, 14)) == 0

    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject) == (adviser.email, "Progress review due: Avon Fire Authority")
    assert "is due on 12 January 2026." in email.body


def test_no_reminder_for_a_completed_review(recommendation, challenge, adviser, lga_admin):
    ProgressReviewFactory(
        challenge=challenge, scheduled_for=datetime.date(2026, 1, 12), completed_by=lga_admin,
        completed_at=datetime.datetime(2026, 1, 12, tzinfo=datetime.UTC),
    )

    assert progress_review_reminders_send(today=datetime.date(2026, 1, 1)) == 0


def test_reminder_sent_once_when_never_scheduled_nine_months_on(recommendation, challenge, adviser):
    challenge.principal_adviser = adviser
    challenge.save()

    assert progress_review_reminders_send(today=datetime.date(2025, 12, 6)) == 0
    assert progress_review_reminders_send(today=datetime.date(2025, 12, 7)) == 1
    assert progress_review_reminders_send(today=datetime.date(2025, 12, 8)) == 0

    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject) == (adviser.email, "Schedule the progress review: Avon Fire Authority")
    assert f"/challenges/{challenge.pk}/progress-review/schedule/" in email.body
