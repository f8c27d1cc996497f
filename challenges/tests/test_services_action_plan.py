"""The authority's action plan: only after publication, by the authority; one response a
recommendation; final only when complete; the CSV and the count by status."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from challenges.choices import ActionStatus, ChallengeStatus, FindingKind, FindingState, RecommendationPriority
from challenges.models import ActionPlan, PlannedAction, RecommendationResponse
from challenges.selectors.action_plan import (
    CSV_HEADER,
    action_plan_csv_rows,
    action_plan_entries,
    action_plan_for,
    action_plan_summary,
)
from challenges.services.action_plan import (
    action_plan_finalise,
    planned_action_add,
    planned_action_change,
    planned_action_remove,
    planned_action_status_change,
    recommendation_respond,
)
from peersupport import csv_files

from .factories import FindingFactory

pytestmark = pytest.mark.integration

ACTION = {
    "action": "Review the capacity of the protection team", "owner": "Head of protection",
    "milestone": datetime.date(2026, 3, 31), "resources": "", "success_measure": "All high-risk premises inspected",
    "status": ActionStatus.NOT_STARTED,
}


def publish(challenge):
    challenge.status = ChallengeStatus.PUBLISHED
    challenge.start_date, challenge.end_date = datetime.date(2025, 3, 3), datetime.date(2025, 3, 6)
    challenge.save()
    return challenge


@pytest.fixture
def recommendations(challenge):
    publish(challenge)
    return [
        FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, text="Review **protection** capacity.", position=1,
                       priority=RecommendationPriority.HIGH),
        FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, text="=SUM(A1) plan.", position=2),
    ]


def test_respond_refused_before_publication(challenge, fra_contact):
    recommendation = FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION)

    with pytest.raises(ValidationError) as error:
        recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendation, response="Agreed")

    assert error.value.messages == ["The action plan can be recorded once the report is published"]
    assert not ActionPlan.objects.exists()


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "lead_peer", "other_fra_contact"])
def test_respond_refused_to_all_but_the_authority(recommendations, challenge, user_for, role):
    with pytest.raises(PermissionDenied):
        recommendation_respond(by=user_for(role), challenge=challenge, recommendation=recommendations[0], response="Agreed")

    assert not ActionPlan.objects.exists()


def test_respond_starts_the_plan_and_changes_one_response_per_recommendation(recommendations, challenge, fra_contact):
    first = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Agreed")
    again = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Agreed, by May")

    assert again.pk == first.pk
    assert list(RecommendationResponse.objects.values_list("response", flat=True)) == ["Agreed, by May"]
    assert action_plan_for(challenge=challenge).started_by == fra_contact


def test_response_unique_per_recommendation_in_the_database(recommendations, challenge, fra_contact):
    response = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Agreed")

    with pytest.raises(IntegrityError), transaction.atomic():
        RecommendationResponse.objects.create(plan=response.plan, recommendation=recommendations[0], response="Twice")


def test_respond_refuses_a_finding_that_is_not_a_recommendation_of_the_report(recommendations, challenge, fra_contact):
    strength = FindingFactory(challenge=challenge, kind=FindingKind.STRENGTH)
    rejected = FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, state=FindingState.REJECTED,
                              rejection_reason="Duplicate")

    for finding in (strength, rejected):
        with pytest.raises(ValidationError) as error:
            recommendation_respond(by=fra_contact, challenge=challenge, recommendation=finding, response="Agreed")
        assert error.value.messages == ["Choose a recommendation of this challenge's report"]
    assert not RecommendationResponse.objects.exists()


def test_finalise_needs_a_response_and_an_action_for_every_recommendation(recommendations, challenge, fra_contact):
    response = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Agreed")

    with pytest.raises(ValidationError) as error:
        action_plan_finalise(by=fra_contact, challenge=challenge)

    assert error.value.messages == ["Add an action for recommendation 1", "Respond to recommendation 2"]
    planned_action_add(by=fra_contact, response=response, **ACTION)
    second = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[1], response="Agreed")
    planned_action_add(by=fra_contact, response=second, **ACTION)

    plan = action_plan_finalise(by=fra_contact, challenge=challenge)

    assert (plan.is_final, plan.finalised_by) == (True, fra_contact)


def test_a_final_plan_refuses_changes_but_takes_new_statuses(recommendations, challenge, fra_contact):
    actions = []
    for recommendation in recommendations:
        response = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendation, response="Agreed")
        actions.append(planned_action_add(by=fra_contact, response=response, **ACTION))
    action_plan_finalise(by=fra_contact, challenge=challenge)
    final = "The action plan is final and published: its responses and actions can no longer be changed"

    for attempt in (
        lambda: recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Changed"),
        lambda: planned_action_add(by=fra_contact, response=actions[0].response, **ACTION),
        lambda: planned_action_change(by=fra_contact, planned_action=actions[0], **{**ACTION, "owner": "Someone else"}),
        lambda: planned_action_remove(by=fra_contact, planned_action=actions[0]),
        lambda: action_plan_finalise(by=fra_contact, challenge=challenge),
    ):
        with pytest.raises(ValidationError) as error:
            attempt()
        assert error.value.messages == [final]

    planned_action_status_change(by=fra_contact, planned_action=actions[0], status=ActionStatus.COMPLETE)

    assert list(PlannedAction.objects.order_by("pk").values_list("owner", "status")) == [
        ("Head of protection", "complete"), ("Head of protection", "not_started"),
    ]
    assert RecommendationResponse.objects.filter(response="Agreed").count() == 2


def test_action_change_and_remove(recommendations, challenge, fra_contact):
    response = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Agreed")
    action = planned_action_add(by=fra_contact, response=response, **ACTION)

    planned_action_change(by=fra_contact, planned_action=action, **{**ACTION, "owner": "Area manager", "status": ActionStatus.AT_RISK})
    action.refresh_from_db()
    assert (action.owner, action.status) == ("Area manager", "at_risk")

    planned_action_remove(by=fra_contact, planned_action=action)
    assert not PlannedAction.objects.exists()


def test_action_out_of_range_milestone_refused(recommendations, challenge, fra_contact):
    response = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Agreed")

    with pytest.raises(ValidationError) as error:
        planned_action_add(by=fra_contact, response=response, **{**ACTION, "milestone": datetime.date(9999, 1, 1)})

    assert list(error.value.message_dict) == ["milestone"]


def test_summary_counts_actions_by_status(recommendations, challenge, fra_contact):
    response = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Agreed")
    for status in (ActionStatus.ON_TRACK, ActionStatus.ON_TRACK, ActionStatus.AT_RISK):
        planned_action_add(by=fra_contact, response=response, **{**ACTION, "status": status})

    entries = action_plan_entries(challenge=challenge, plan=action_plan_for(challenge=challenge))

    assert [(row["label"], row["count"]) for row in action_plan_summary(entries=entries)] == [
        ("Not started", 0), ("On track", 2), ("At risk", 1), ("Complete", 0),
    ]


def test_csv_has_a_row_per_action_and_one_per_recommendation_without_any(recommendations, challenge, fra_contact):
    response = recommendation_respond(by=fra_contact, challenge=challenge, recommendation=recommendations[0], response="Agreed")
    planned_action_add(by=fra_contact, response=response, **{**ACTION, "milestone": datetime.date(2026, 6, 30), "resources": "Two inspectors"})
    planned_action_add(by=fra_contact, response=response, **{**ACTION, "action": "-Recruit", "status": ActionStatus.ON_TRACK})

    entries = action_plan_entries(challenge=challenge, plan=action_plan_for(challenge=challenge))
    text = "".join(csv_files.export_lines(action_plan_csv_rows(entries=entries), header=CSV_HEADER))

    assert text == (
        "\ufeffRecommendation,Recommendation text,Priority,Response,Action,Owner,Milestone,Resources,How success is measured,Status\r\n"
        "1,Review protection capacity.,High,Agreed,'-Recruit,Head of protection,2026-03-31,,All high-risk premises inspected,On track\r\n"
        "1,Review protection capacity.,High,Agreed,Review the capacity of the protection team,Head of protection,2026-06-30,"
        "Two inspectors,All high-risk premises inspected,Not started\r\n"
        "2,'=SUM(A1) plan.,Medium,,,,,,,\r\n"
    )
