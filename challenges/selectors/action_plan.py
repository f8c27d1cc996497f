"""Reads of a challenge's action plan: each recommendation of the report with the authority's
response and actions, the count of actions by status, and the plan as CSV rows."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from challenges.choices import (
    ACTION_STATUS_COLOURS,
    COMPLETED_STATUSES,
    PRIORITY_TAG_COLOURS,
    ActionStatus,
)
from challenges.models import ActionPlan, Challenge, Finding, PlannedAction, RecommendationResponse
from challenges.permissions import can_view_challenge, is_challenged_authority
from challenges.selectors.finding import recommendations_numbered
from peersupport.csv_files import escape_cell
from peersupport.markdown import markdown_plain

# An action plan answers a published report: before publication there is nothing to answer.
PLAN_STATUSES = COMPLETED_STATUSES

CSV_HEADER = (
    "Recommendation", "Recommendation text", "Priority", "Response", "Action", "Owner", "Milestone",
    "Resources", "How success is measured", "Status",
)


def challenges_with_plan_visible_to(*, user) -> QuerySet[Challenge]:
    """Published challenges whose action plan the user may read: LGA staff who oversee the
    challenge, its team and the authority's own contacts."""
    return can_view_challenge.filter(Challenge.objects.select_related("authority"), user).filter(status__in=PLAN_STATUSES)


def challenges_plan_recorded_by(*, user) -> QuerySet[Challenge]:
    """Published challenges of the user's own authority, whose action plan they record."""
    return is_challenged_authority.filter(Challenge.objects.select_related("authority"), user).filter(status__in=PLAN_STATUSES)


def action_plan_for(*, challenge) -> ActionPlan | None:
    return ActionPlan.objects.filter(challenge=challenge).select_related("finalised_by").first()


@dataclass
class PlanEntry:
    """One recommendation of the report with the authority's response (None until it answers)
    and its actions, in milestone order."""

    recommendation: Finding
    response: RecommendationResponse | None
    actions: list[PlannedAction] = field(default_factory=list)

    @property
    def number(self) -> int:
        return self.recommendation.number


def action_plan_entries(*, challenge, plan: ActionPlan | None) -> list[PlanEntry]:
    """Every recommendation of the report, numbered as in the report, with its response and
    actions: four queries however many actions there are."""
    responses = {}
    if plan is not None:
        responses = {
            response.recommendation_id: response
            for response in plan.responses.prefetch_related(Prefetch("actions", queryset=PlannedAction.objects.order_by("milestone", "id")))
        }
    entries = []
    for recommendation in recommendations_numbered(challenge=challenge):
        recommendation.priority_colour = PRIORITY_TAG_COLOURS.get(recommendation.priority, "grey")
        response = responses.get(recommendation.pk)
        actions = list(response.actions.all()) if response else []
        for action in actions:
            action.status_colour = ACTION_STATUS_COLOURS[action.status]
        entries.append(PlanEntry(recommendation, response, actions))
    return entries


def action_plan_summary(*, entries: list[PlanEntry]) -> list[dict]:
    """How many actions the plan has in each status, in the order of the statuses."""
    counts = dict.fromkeys(ActionStatus.values, 0)
    for entry in entries:
        for action in entry.actions:
            counts[action.status] += 1
    return [
        {"status": status, "label": ActionStatus(status).label, "colour": ACTION_STATUS_COLOURS[status], "count": counts[status]}
        for status in ActionStatus.values
    ]


def action_plan_missing(*, entries: list[PlanEntry]) -> list[str]:
    """What the plan lacks before it can be final: a response and an action for every
    recommendation, each said in a sentence."""
    missing = []
    for entry in entries:
        if entry.response is None:
            missing.append(f"Respond to recommendation {entry.number}")
        elif not entry.actions:
            missing.append(f"Add an action for recommendation {entry.number}")
    return missing


def action_plan_csv_rows(*, entries: list[PlanEntry]):
    """The plan's CSV rows: one an action, and one for each recommendation without any (its
    response, if any, with the action's columns empty). Cells never run as formulas."""
    for entry in entries:
        recommendation = entry.recommendation
        first = [
            str(entry.number), markdown_plain(recommendation.text), recommendation.get_priority_display(),
            entry.response.response if entry.response else "",
        ]
        if not entry.actions:
            yield [escape_cell(cell) for cell in [*first, "", "", "", "", "", ""]]
        for action in entry.actions:
            cells = [
                *first, action.action, action.owner, action.milestone.isoformat(), action.resources,
                action.success_measure, action.get_status_display(),
            ]
            yield [escape_cell(cell) for cell in cells]


def action_plans_public() -> QuerySet[ActionPlan]:
    """Final action plans, published beside their reports: public documents, for anyone."""
    return ActionPlan.objects.filter(finalised_at__isnull=False, challenge__status__in=PLAN_STATUSES).select_related(
        "challenge__authority"
    )


