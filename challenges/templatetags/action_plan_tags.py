"""The action plan's panel on the challenge page."""

from django import template

from challenges.selectors.action_plan import PLAN_STATUSES
from challenges.selectors.follow_up import challenge_follow_up_of
from peersupport.formats import long_date

register = template.Library()


@register.simple_tag
def action_plan_progress_for(challenge):
    """How far the authority's plan has got (from the page's one read of its follow-up
    panels); nothing (and no query) before the report is published."""
    if challenge.status not in PLAN_STATUSES:
        return None
    progress = dict(challenge_follow_up_of(challenge)["action_plan"])
    plan = progress["plan"]
    if plan is not None:
        progress["responses"] = f"{plan.responses_count} of {progress['recommendations_count']}"
        progress["final_on"] = f"Published on {long_date(plan.finalised_at)}" if plan.is_final else ""
    return progress
