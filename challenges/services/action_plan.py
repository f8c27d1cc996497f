"""The authority's action plan: its response to each recommendation of the published report,
the actions it takes, and marking the plan final, which publishes it beside the report.

Once final, the responses and actions are the published plan and stay as they are; only each
action's status still changes, as the authority tracks its progress (the public page shows
the statuses as they stand)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from challenges.models import ActionPlan, Challenge, PlannedAction, RecommendationResponse
from challenges.selectors.action_plan import PLAN_STATUSES, action_plan_entries, action_plan_missing
from challenges.selectors.finding import recommendations_numbered
from peersupport.rules import require
from peersupport.services import record_create, record_update

RECORD = "challenges.record_action_plan"
ACTION_FIELDS = ("action", "owner", "milestone", "resources", "success_measure", "status")
NOT_PUBLISHED = "The action plan can be recorded once the report is published"
FINAL = "The action plan is final and published: its responses and actions can no longer be changed"


def _plan_locked(*, by, challenge) -> ActionPlan:
    """The challenge's plan, started if need be, locked until the caller's transaction ends:
    two people of the authority acting at once take turns. Refuses anyone but the authority,
    and a challenge whose report is not published."""
    require(RECORD, by, challenge)
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status not in PLAN_STATUSES:
        raise ValidationError(NOT_PUBLISHED, code="not_published")
    plan = ActionPlan.objects.select_for_update().filter(challenge=challenge).first()
    if plan is None:
        plan = record_create(ActionPlan(challenge=challenge, started_by=by), by=by)
    return plan


def _open_plan(*, by, challenge) -> ActionPlan:
    plan = _plan_locked(by=by, challenge=challenge)
    if plan.is_final:
        raise ValidationError(FINAL, code="final")
    return plan


@transaction.atomic
def recommendation_respond(*, by, challenge, recommendation, response: str) -> RecommendationResponse:
    """Record or change the authority's response to one recommendation of the report."""
    plan = _open_plan(by=by, challenge=challenge)
    if recommendation.pk not in {finding.pk for finding in recommendations_numbered(challenge=challenge)}:
        raise ValidationError("Choose a recommendation of this challenge's report", code="not_a_recommendation")
    existing = RecommendationResponse.objects.filter(plan=plan, recommendation=recommendation).first()
    if existing is not None:
        record_update(existing, by=by, fields=["response"], data={"response": response})
        return existing
    return record_create(RecommendationResponse(plan=plan, recommendation=recommendation, response=response), by=by)


@transaction.atomic
def planned_action_add(*, by, response: RecommendationResponse, **fields) -> PlannedAction:
    """Add an action to a response: what, who owns it, the milestone date, the resources,
    how success is measured and its status."""
    _open_plan(by=by, challenge=response.plan.challenge)
    unexpected = sorted(set(fields) - set(ACTION_FIELDS))
    if unexpected:
        raise TypeError(f"An action has no {', '.join(unexpected)}")
    return record_create(PlannedAction(response=response, **fields), by=by)


@transaction.atomic
def planned_action_change(*, by, planned_action: PlannedAction, **fields) -> PlannedAction:
    """Change an action of a draft plan (`fields` as planned_action_add's)."""
    _open_plan(by=by, challenge=planned_action.response.plan.challenge)
    planned_action = PlannedAction.objects.select_for_update().get(pk=planned_action.pk)
    record_update(planned_action, by=by, fields=ACTION_FIELDS, data=fields)
    return planned_action


@transaction.atomic
def planned_action_status_change(*, by, planned_action: PlannedAction, status: str) -> PlannedAction:
    """Say how an action stands: allowed also once the plan is final, to track progress."""
    _plan_locked(by=by, challenge=planned_action.response.plan.challenge)
    planned_action = PlannedAction.objects.select_for_update().get(pk=planned_action.pk)
    record_update(planned_action, by=by, fields=["status"], data={"status": status})
    return planned_action


@transaction.atomic
def planned_action_remove(*, by, planned_action: PlannedAction) -> None:
    """Remove an action from a draft plan."""
    _open_plan(by=by, challenge=planned_action.response.plan.challenge)
    PlannedAction.objects.filter(pk=planned_action.pk).delete()


@transaction.atomic
def action_plan_finalise(*, by, challenge) -> ActionPlan:
    """Mark the plan final, which publishes it beside the report. It needs a response to every
    recommendation and at least one action for each; refused otherwise, listing what is missing."""
    plan = _open_plan(by=by, challenge=challenge)
    entries = action_plan_entries(challenge=challenge, plan=plan)
    if not entries:
        raise ValidationError("The report has no recommendations to respond to", code="no_recommendations")
    missing = action_plan_missing(entries=entries)
    if missing:
        raise ValidationError([ValidationError(item, code="missing") for item in missing])
    record_update(plan, by=by, fields=["finalised_at", "finalised_by"], data={"finalised_at": timezone.now(), "finalised_by": by})
    return plan
