"""Reads of the progress review: who may see, schedule and record it, and the reviews and
challenges due a reminder."""

import datetime

import pytest

from challenges.choices import ChallengeStatus
from challenges.selectors.progress_review import (
    challenges_review_recorded_by,
    challenges_review_scheduled_by,
    challenges_review_unscheduled,
    challenges_with_review_visible_to,
    progress_reviews_due,
)

from .factories import ProgressReviewFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def published(challenge):
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.start_date, challenge.end_date = datetime.date(2025, 3, 3), datetime.date(2025, 3, 6)
    challenge.save()
    return challenge


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lga_admin", (True, True, True)), ("adviser", (True, True, True)), ("other_adviser", (False, False, False)),
        ("lead_peer", (True, False, True)), ("team_peer", (True, False, False)), ("fra_contact", (False, False, False)),
        ("other_peer_user", (False, False, False)),
    ],
)
def test_who_sees_schedules_and_records_the_review(published, team_peer, user_for, role, expected):
    user = user_for(role)

    assert tuple(
        selector(user=user).filter(pk=published.pk).exists()
        for selector in (challenges_with_review_visible_to, challenges_review_scheduled_by, challenges_review_recorded_by)
    ) == expected


def test_reviews_due_within_the_window_and_not_reminded(published):
    review = ProgressReviewFactory(challenge=published, scheduled_for=datetime.date(2026, 1, 12))
    window = datetime.timedelta(days=30)

    assert list(progress_reviews_due(today=datetime.date(2025, 12, 12), within=window)) == []
    assert list(progress_reviews_due(today=datetime.date(2025, 12, 13), within=window)) == [review]


def test_unscheduled_challenges_whose_visit_ended_before_the_date(published):
    assert list(challenges_review_unscheduled(visit_ended_before=datetime.date(2025, 3, 6))) == []
    assert list(challenges_review_unscheduled(visit_ended_before=datetime.date(2025, 3, 7))) == [published]
    ProgressReviewFactory(challenge=published)
    assert list(challenges_review_unscheduled(visit_ended_before=datetime.date(2025, 3, 7))) == []
