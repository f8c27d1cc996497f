"""The progress review's panel on the challenge page."""

from django import template

from challenges.selectors.progress_review import REVIEW_STATUSES, progress_review_for

register = template.Library()


@register.simple_tag
def progress_review_of(challenge):
    """The challenge's review (None if not scheduled), or False (and no query) before the
    report is published."""
    if challenge.status not in REVIEW_STATUSES:
        return False
    return progress_review_for(challenge=challenge)
