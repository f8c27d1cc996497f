"""The factual accuracy check's panel on the challenge page (challenges/factual_check/challenge_panel.html)."""

from django import template
from django.utils import timezone

from challenges.selectors.factual_check import factual_check_deadline_note, factual_check_overdue_text
from challenges.selectors.follow_up import BEFORE_THE_CHECK, challenge_follow_up_of

register = template.Library()


@register.simple_tag
def factual_check_panel(challenge) -> dict:
    """The challenge's latest check with its comment counts (from the page's one read of its
    follow-up panels; nothing read before one can have been sent), how long is left and
    whether it is overdue."""
    if challenge.status in BEFORE_THE_CHECK:
        return {"check": None}
    check = challenge_follow_up_of(challenge)["factual_check"]
    if check is None:
        return {"check": None}
    today = timezone.localdate()
    return {
        "check": check, "deadline_note": factual_check_deadline_note(check, today=today),
        "overdue_text": factual_check_overdue_text(check, today=today), "comments_text": _comments_text(check),
    }


def _comments_text(check) -> str:
    """"3 comments, 1 answered"; "No comments"."""
    if not check.comment_count:
        return "No comments"
    plural = "s" if check.comment_count != 1 else ""
    return f"{check.comment_count} comment{plural}, {check.answered_count} answered"
