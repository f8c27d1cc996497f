"""The evaluation's panel on the challenge page, and how its averages are shown."""

from django import template
from django.template.defaultfilters import floatformat

from challenges.selectors.evaluation import EVALUATED_STATUSES
from challenges.selectors.follow_up import challenge_follow_up_of

register = template.Library()


@register.filter
def one_decimal(average) -> str:
    """An average rating as the pages and the CSV show it: one decimal, "" with no answers."""
    return "" if average is None else floatformat(average, 1)


@register.simple_tag
def evaluation_panel(challenge):
    """The challenge's evaluation in figures (from the page's one read of its follow-up
    panels), once its report is published; None before."""
    if challenge.status not in EVALUATED_STATUSES:
        return None
    return challenge_follow_up_of(challenge)["evaluation"]
