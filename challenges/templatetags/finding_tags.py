"""The findings' colours and the challenge page's summary of them."""

from django import template

from challenges.choices import PRIORITY_TAG_COLOURS, FindingKind
from challenges.selectors.follow_up import challenge_follow_up_of

register = template.Library()

KIND_TAG_COLOURS = {
    FindingKind.STRENGTH: "green",
    FindingKind.AREA_FOR_CONSIDERATION: "yellow",
    FindingKind.RECOMMENDATION: "blue",
    FindingKind.NOTABLE_PRACTICE: "purple",
}


@register.filter
def kind_colour(kind):
    return KIND_TAG_COLOURS.get(kind, "grey")


@register.filter
def priority_colour(priority):
    return PRIORITY_TAG_COLOURS.get(priority, "grey")


@register.simple_tag
def challenge_findings_summary(challenge):
    """A count of each kind of finding in the report, and the drafts waiting: from the page's
    one read of its follow-up panels."""
    return challenge_follow_up_of(challenge)["findings"]
