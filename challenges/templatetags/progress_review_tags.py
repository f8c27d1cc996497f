"""The progress review's panel on the challenge page."""

from django import template

from challenges.selectors.follow_up import challenge_follow_up_of
from challenges.selectors.progress_review import REVIEW_STATUSES

register = template.Library()


@register.simple_tag
def progress_review_of(challenge):
    """The challenge's review (None if not scheduled; from the page's one read of its
    follow-up panels), or False (and no query) before the report is published."""
    if challenge.status not in REVIEW_STATUSES:
        return False
    return challenge_follow_up_of(challenge)["progress_review"]
