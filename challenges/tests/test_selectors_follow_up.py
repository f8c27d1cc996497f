"""The challenge page's one read of its follow-up panels: the same figures as each slice's own
selector, in one query, and nothing read that the challenge's status rules out."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from challenges.choices import ChallengeStatus, CommentOutcome, FindingArea, FindingKind, FindingState
from challenges.models import ActionPlan, FactualCheck
from challenges.selectors.evaluation import evaluation_figures
from challenges.selectors.finding import kind_counts
from challenges.selectors.follow_up import challenge_follow_up, challenge_follow_up_of

from .factories import (
    ActionPlanFactory,
    EvaluationFactory,
    FactualCheckCommentFactory,
    FactualCheckFactory,
    FindingFactory,
    PlannedActionFactory,
    ProgressReviewFactory,
    RecommendationResponseFactory,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def followed_up(challenge, fra_contact, lga_admin):
    """A published challenge with findings, two factual accuracy checks (the latest with an
    answered and an unanswered comment), a draft action plan, a scheduled review and evaluations."""
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.save()
    for kind in FindingKind:
        FindingFactory.create_batch(2, challenge=challenge, kind=kind)
    FindingFactory(challenge=challenge, state=FindingState.DRAFT)
    FindingFactory(challenge=challenge, state=FindingState.REJECTED, rejection_reason="Repeats another")
    earlier = FactualCheckFactory(
        challenge=challenge, submitted_at=timezone.now() - datetime.timedelta(days=9), submitted_by=fra_contact
    )
    FactualCheckCommentFactory.create_batch(3, factual_check=earlier, area=FindingArea.PREVENTION)
    check = FactualCheckFactory(challenge=challenge, submitted_at=timezone.now(), submitted_by=fra_contact)
    FactualCheckCommentFactory(
        factual_check=check, area=FindingArea.PREVENTION, outcome=CommentOutcome.ACCEPTED, reply="Corrected",
        answered_by=lga_admin, answered_at=timezone.now() + datetime.timedelta(minutes=1),
    )
    FactualCheckCommentFactory(factual_check=check, area=FindingArea.PREVENTION)
    plan = ActionPlanFactory(challenge=challenge)
    PlannedActionFactory.create_batch(3, response=RecommendationResponseFactory(plan=plan))
    ProgressReviewFactory(challenge=challenge)
    EvaluationFactory(challenge=challenge, answered=True, role="chair", preparation_rating=1)
    EvaluationFactory(challenge=challenge, answered=True)
    EvaluationFactory(challenge=challenge)
    return challenge


def test_one_query_gives_what_each_slice_reads(followed_up, django_assert_num_queries):
    with django_assert_num_queries(1):
        follow_up = challenge_follow_up(challenge=followed_up)

    check, expected_check = follow_up["factual_check"], FactualCheck.objects.filter(challenge=followed_up).latest("id")
    plan, expected = follow_up["action_plan"], {"plan": ActionPlan.objects.get(challenge=followed_up), "recommendations_count": 3}
    # Two of each kind, and the recommendation the plan's response answers.
    counts = {**dict.fromkeys(FindingKind, 2), FindingKind.RECOMMENDATION: 3}
    assert follow_up["findings"] == {"counts": kind_counts(counts), "drafts": 1, "total": 9}
    assert (
        check.id, check.sent_at, check.sent_by.full_name, check.deadline, check.submitted_at,
        check.submitted_by.full_name, check.is_open, check.comment_count, check.answered_count,
    ) == (
        expected_check.id, expected_check.sent_at, expected_check.sent_by.full_name, expected_check.deadline,
        expected_check.submitted_at, expected_check.submitted_by.full_name, False, 2, 1,
    )
    assert (plan["plan"].id, plan["plan"].is_final, plan["plan"].responses_count, plan["plan"].actions_count) == (
        expected["plan"].id, False, 1, 3,
    )
    assert plan["recommendations_count"] == expected["recommendations_count"] == 3
    review = follow_up["progress_review"]
    assert (review.scheduled_for, review.completed_at) == (datetime.date(2026, 1, 12), None)
    assert follow_up["evaluation"] == evaluation_figures(challenge=followed_up)
    assert follow_up["evaluation"]["averages"]["preparation_rating"] == 2.5


def test_empty_published_challenge(challenge):
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.save()

    follow_up = challenge_follow_up(challenge=challenge)

    assert (
        follow_up["findings"]["total"], follow_up["factual_check"], follow_up["action_plan"], follow_up["progress_review"],
    ) == (0, None, {"plan": None, "recommendations_count": 0}, None)
    assert follow_up["evaluation"] == evaluation_figures(challenge=challenge)


@pytest.mark.parametrize(
    ("status", "reads"),
    [
        (ChallengeStatus.REPORT_DRAFTING, ["challenges_finding"]),
        (ChallengeStatus.FACTUAL_CHECK, ["challenges_finding", "challenges_factualcheck"]),
    ],
)
def test_reads_nothing_the_status_rules_out(challenge, status, reads):
    challenge.status = status
    challenge.save()

    with CaptureQueriesContext(connection) as captured:
        follow_up = challenge_follow_up(challenge=challenge)

    tables = [
        "challenges_finding", "challenges_factualcheck", "challenges_actionplan", "challenges_progressreview",
        "challenges_evaluation",
    ]
    assert [table for table in tables if f'"{table}"' in captured.captured_queries[0]["sql"]] == reads
    assert (follow_up["action_plan"], follow_up["progress_review"], follow_up["evaluation"]) == (None, False, None)


def test_read_once_per_challenge_object(followed_up, django_assert_num_queries):
    with django_assert_num_queries(1):
        first = challenge_follow_up_of(followed_up)
        again = challenge_follow_up_of(followed_up)

    assert first is again
