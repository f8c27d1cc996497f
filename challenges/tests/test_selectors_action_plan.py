"""Reads of the action plan: who may read or record it, its entries in report order and what
it lacks before it can be final."""

import datetime

import pytest
from django.utils import timezone

from challenges.choices import ChallengeStatus, FindingKind
from challenges.selectors.action_plan import (
    action_plan_entries,
    action_plan_missing,
    action_plans_public,
    challenges_plan_recorded_by,
    challenges_with_plan_visible_to,
)
from challenges.selectors.follow_up import challenge_follow_up

from .factories import ActionPlanFactory, FindingFactory, PlannedActionFactory, RecommendationResponseFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def published(challenge):
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.start_date, challenge.end_date = datetime.date(2025, 3, 3), datetime.date(2025, 3, 6)
    challenge.save()
    return challenge


@pytest.mark.parametrize(
    ("role", "reads", "records"),
    [
        ("lga_admin", True, False), ("adviser", True, False), ("other_adviser", False, False), ("lead_peer", True, False),
        ("team_peer", True, False), ("other_peer_user", False, False), ("fra_contact", True, True),
        ("other_fra_contact", False, False),
    ],
)
def test_who_reads_and_records_the_plan(published, team_peer, user_for, role, reads, records):
    user = user_for(role)

    assert (
        challenges_with_plan_visible_to(user=user).filter(pk=published.pk).exists(),
        challenges_plan_recorded_by(user=user).filter(pk=published.pk).exists(),
    ) == (reads, records)


def test_nothing_to_read_or_record_before_publication(challenge, fra_contact):
    assert (challenges_with_plan_visible_to(user=fra_contact).exists(), challenges_plan_recorded_by(user=fra_contact).exists()) == (
        False, False,
    )


def test_entries_in_report_order_with_what_is_missing(published):
    second = FindingFactory(challenge=published, kind=FindingKind.RECOMMENDATION, position=2)
    first = FindingFactory(challenge=published, kind=FindingKind.RECOMMENDATION, position=1)
    FindingFactory(challenge=published, kind=FindingKind.STRENGTH, position=3)
    plan = ActionPlanFactory(challenge=published)
    RecommendationResponseFactory(plan=plan, recommendation=second)

    entries = action_plan_entries(challenge=published, plan=plan)

    assert [(entry.number, entry.recommendation, entry.response is not None) for entry in entries] == [
        (1, first, False), (2, second, True),
    ]
    assert action_plan_missing(entries=entries) == ["Respond to recommendation 1", "Add an action for recommendation 2"]


def test_progress_counts_responses_and_actions(published, django_assert_num_queries):
    first = FindingFactory(challenge=published, kind=FindingKind.RECOMMENDATION)
    FindingFactory(challenge=published, kind=FindingKind.RECOMMENDATION)
    response = RecommendationResponseFactory(plan=ActionPlanFactory(challenge=published), recommendation=first)
    PlannedActionFactory.create_batch(3, response=response)

    with django_assert_num_queries(1):
        progress = challenge_follow_up(challenge=published)["action_plan"]

    assert (progress["plan"].responses_count, progress["plan"].actions_count, progress["recommendations_count"]) == (1, 3, 2)


def test_public_plans_only_final(published, fra_contact):
    plan = ActionPlanFactory(challenge=published)
    assert list(action_plans_public()) == []

    plan.finalised_at, plan.finalised_by = timezone.now(), fra_contact
    plan.save()

    assert list(action_plans_public()) == [plan]
