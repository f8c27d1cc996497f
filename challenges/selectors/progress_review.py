"""Reads of a challenge's progress review: each recommendation of the report with the action
plan's actions beside the progress the review team found, and the reviews due a reminder."""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet

from challenges.choices import COMPLETED_STATUSES, ChallengeStatus
from challenges.models import Challenge, Finding, PlannedAction, ProgressReview, RecommendationProgress
from challenges.permissions import can_see_findings, oversees_challenge, writes_report
from challenges.selectors.action_plan import action_plan_entries, action_plan_for

# The review follows the report: it is scheduled once the report is published.
REVIEW_STATUSES = COMPLETED_STATUSES
# While it is recorded: a closed challenge's review is read only.
RECORDING_STATUSES = (ChallengeStatus.PUBLISHED, ChallengeStatus.PROGRESS_REVIEW)
# About ten months after the visit, as the programme's guidance has it.
REVIEW_AFTER = relativedelta(months=10)


def challenges_with_review_visible_to(*, user) -> QuerySet[Challenge]:
    """Published challenges whose progress review the user may see: LGA staff who oversee
    the challenge and its team. The authority reads the review's report once it is published."""
    return can_see_findings.filter(Challenge.objects.select_related("authority"), user).filter(status__in=REVIEW_STATUSES)


def challenges_review_scheduled_by(*, user) -> QuerySet[Challenge]:
    """Published challenges the user oversees, whose progress review they schedule."""
    return oversees_challenge.filter(Challenge.objects.select_related("authority"), user).filter(status__in=REVIEW_STATUSES)


def progress_review_for(*, challenge) -> ProgressReview | None:
    return ProgressReview.objects.filter(challenge=challenge).select_related("scheduled_by", "completed_by").first()


def progress_review_default_date(*, challenge) -> datetime.date | None:
    """When the review is due by default: ten months after the visit's last day."""
    last_day = challenge.last_day_on_site
    return last_day + REVIEW_AFTER if last_day else None


@dataclass
class ReviewEntry:
    """One recommendation with the authority's actions for it and the progress recorded (None
    until the review team records it)."""

    recommendation: Finding
    actions: list[PlannedAction] = field(default_factory=list)
    progress: RecommendationProgress | None = None

    @property
    def number(self) -> int:
        return self.recommendation.number


def progress_review_entries(*, challenge, review: ProgressReview | None) -> list[ReviewEntry]:
    """Every recommendation of the report, numbered as in the report, with the action plan's
    actions (if any) and the progress recorded: a handful of queries however many there are."""
    plan_entries = action_plan_entries(challenge=challenge, plan=action_plan_for(challenge=challenge))
    recorded = {}
    if review is not None:
        recorded = {progress.recommendation_id: progress for progress in review.assessments.select_related("recorded_by")}
    return [
        ReviewEntry(entry.recommendation, entry.actions, recorded.get(entry.recommendation.pk)) for entry in plan_entries
    ]


def progress_review_missing(*, entries: list[ReviewEntry], review: ProgressReview) -> list[str]:
    """What the review lacks before it can be completed, each said in a sentence."""
    missing = [f"Record the progress on recommendation {entry.number}" for entry in entries if entry.progress is None]
    if not review.summary:
        missing.append("Write the overall summary")
    return missing


def progress_reviews_due(*, today: datetime.date, within: datetime.timedelta) -> QuerySet[ProgressReview]:
    """Reviews of challenges still to be reviewed, due by `today + within`, not completed and
    whose adviser has not been reminded."""
    return ProgressReview.objects.filter(
        challenge__status__in=RECORDING_STATUSES, completed_at__isnull=True, reminded_at__isnull=True,
        scheduled_for__lte=today + within,
    ).select_related("challenge__authority", "challenge__principal_adviser", "challenge__challenge_manager")


def challenges_review_unscheduled(*, visit_ended_before: datetime.date) -> QuerySet[Challenge]:
    """Published challenges with no progress review scheduled whose visit ended before the date."""
    return (
        Challenge.objects.with_last_day()
        .filter(status=ChallengeStatus.PUBLISHED, progress_review__isnull=True, last_day__lt=visit_ended_before)
        .select_related("authority", "principal_adviser", "challenge_manager")
    )


def challenges_review_recorded_by(*, user) -> QuerySet[Challenge]:
    """Published challenges whose progress review the user records: LGA staff who oversee
    the challenge, and its lead peer and challenge manager."""
    return (oversees_challenge | writes_report).filter(Challenge.objects.select_related("authority"), user).filter(
        status__in=REVIEW_STATUSES
    )
