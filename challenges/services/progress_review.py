"""The progress review, about ten months after the visit: LGA staff schedule it, the review
team records the progress found on each recommendation with a short assessment and an overall
summary, and completes it; its report is asked for from the reports app. A daily reminder
tells the principal adviser of a review coming due, and of one never scheduled."""

import datetime

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from challenges.models import Challenge, ProgressReview, RecommendationProgress
from challenges.selectors.finding import recommendations_numbered
from challenges.selectors.progress_review import (
    RECORDING_STATUSES,
    challenges_review_unscheduled,
    progress_review_entries,
    progress_review_missing,
    progress_reviews_due,
)
from challenges.services.notifications import challenge_send, challenge_staff
from challenges.services.status import challenge_progress_review_started
from peersupport.models import OutboxEmail
from peersupport.rules import require
from peersupport.services import record_create, record_update

SCHEDULE = "challenges.schedule_progress_review"
RECORD = "challenges.record_progress"
REMIND_WITHIN = datetime.timedelta(days=30)
# A challenge with no review scheduled this long after its visit is one the adviser forgot.
UNSCHEDULED_AFTER = relativedelta(months=9)
NOT_PUBLISHED = "The progress review can be scheduled once the report is published"
COMPLETED = "The progress review is complete: it can no longer be changed"


def _challenge_locked(challenge) -> Challenge:
    return Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)


@transaction.atomic
def progress_review_schedule(*, by, challenge, scheduled_for: datetime.date) -> ProgressReview:
    """Schedule the challenge's progress review, or move it to another date. A review moved
    to a new date is reminded of again as that date nears."""
    require(SCHEDULE, by, challenge)
    challenge = _challenge_locked(challenge)
    if challenge.status not in RECORDING_STATUSES:
        raise ValidationError(NOT_PUBLISHED, code="not_published")
    review = ProgressReview.objects.select_for_update().filter(challenge=challenge).first()
    if review is None:
        return record_create(ProgressReview(challenge=challenge, scheduled_for=scheduled_for, scheduled_by=by), by=by)
    if review.completed_at:
        raise ValidationError(COMPLETED, code="completed")
    if review.scheduled_for != scheduled_for:
        record_update(
            review, by=by, fields=["scheduled_for", "scheduled_by", "reminded_at"],
            data={"scheduled_for": scheduled_for, "scheduled_by": by, "reminded_at": None},
        )
    return review


def _open_review(*, by, challenge) -> ProgressReview:
    """The challenge's scheduled, uncompleted review, locked; recording it starts the
    challenge's progress review (Published becomes Progress review)."""
    require(RECORD, by, challenge)
    challenge = _challenge_locked(challenge)
    if challenge.status not in RECORDING_STATUSES:
        raise ValidationError("The progress review can be recorded once the report is published", code="not_published")
    review = ProgressReview.objects.select_for_update().filter(challenge=challenge).first()
    if review is None:
        raise ValidationError("Schedule the progress review before recording it", code="not_scheduled")
    if review.completed_at:
        raise ValidationError(COMPLETED, code="completed")
    challenge_progress_review_started(by=by, challenge=challenge)
    return review


@transaction.atomic
def recommendation_progress_record(*, by, challenge, recommendation, progress: str, assessment: str) -> RecommendationProgress:
    """Record, or change, the progress found on one recommendation and its short assessment."""
    review = _open_review(by=by, challenge=challenge)
    if recommendation.pk not in {finding.pk for finding in recommendations_numbered(challenge=challenge)}:
        raise ValidationError("Choose a recommendation of this challenge's report", code="not_a_recommendation")
    existing = RecommendationProgress.objects.filter(review=review, recommendation=recommendation).first()
    data = {"progress": progress, "assessment": assessment, "recorded_by": by}
    if existing is not None:
        record_update(existing, by=by, fields=data, data=data)
        return existing
    return record_create(RecommendationProgress(review=review, recommendation=recommendation, **data), by=by)


@transaction.atomic
def progress_review_summary_save(*, by, challenge, summary: str) -> ProgressReview:
    """Write or change the review's overall summary."""
    review = _open_review(by=by, challenge=challenge)
    record_update(review, by=by, fields=["summary"], data={"summary": summary})
    return review


@transaction.atomic
def progress_review_complete(*, by, challenge) -> ProgressReview:
    """Complete the review: it needs the progress on every recommendation and the summary;
    refused otherwise, listing what is missing. Its report can then be asked for."""
    review = _open_review(by=by, challenge=challenge)
    missing = progress_review_missing(entries=progress_review_entries(challenge=challenge, review=review), review=review)
    if missing:
        raise ValidationError([ValidationError(item, code="missing") for item in missing])
    record_update(review, by=by, fields=["completed_at", "completed_by"], data={"completed_at": timezone.now(), "completed_by": by})
    return review


def _adviser(challenge) -> list[str]:
    """The challenge's principal adviser, or its LGA staff (the region's advisers) without one."""
    adviser = challenge.principal_adviser
    return [adviser.email] if adviser and adviser.is_active else challenge_staff(challenge)


def progress_review_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind the principal adviser, through the outbox and once, of each review due within
    30 days and not completed, and of each published challenge whose visit ended more than
    nine months ago with no review scheduled. Returns how many were reminded.

    A scheduled review keeps its reminder in `reminded_at`; an unscheduled one has no row to
    keep it in, so the outbox itself is asked whether the reminder was already written."""
    today = today or timezone.localdate()
    sent = 0
    for review in progress_reviews_due(today=today, within=REMIND_WITHIN):
        with transaction.atomic():
            claimed = ProgressReview.objects.filter(pk=review.pk, reminded_at__isnull=True).update(reminded_at=timezone.now())
            if claimed:
                challenge_send(template="progress_review_due", to=_adviser(review.challenge), challenge=review.challenge, review=review)
                sent += 1
    for challenge in challenges_review_unscheduled(visit_ended_before=today - UNSCHEDULED_AFTER):
        subject = unscheduled_subject(challenge)
        with transaction.atomic():
            if OutboxEmail.objects.filter(about_url=challenge.get_absolute_url(), subject=subject).exists():
                continue
            challenge_send(template="progress_review_unscheduled", to=_adviser(challenge), challenge=challenge)
            sent += 1
    return sent


def unscheduled_subject(challenge) -> str:
    """The subject of the reminder to schedule a review: the outbox is looked up by it."""
    return f"Schedule the progress review: {challenge.authority.name}"
