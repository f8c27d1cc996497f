"""Challenges shown on other apps' pages, so that those apps need not import this one."""

from django import template
from django.core.paginator import Paginator

from challenges.permissions import can_view_challenge
from challenges.rows import ROW_FIELDS, challenge_row
from challenges.selectors.challenge import challenges_for_authority
from challenges.selectors.home import work_for
from peersupport.links import query_without, record_url_maker

register = template.Library()

CHALLENGES_PER_PAGE = 10


@register.inclusion_tag("challenges/authority_challenges.html", takes_context=True)
def authority_challenges(context, authority):
    """The authority's challenges, latest first, ten to a page (`?challenges_page=`), each
    linked for those who may open it (the rule, asked in the query that reads the rows)."""
    request = context["request"]
    challenges = challenges_for_authority(authority=authority).annotate(may_open=can_view_challenge.annotation(request.user))
    challenges = challenges.values(*ROW_FIELDS, "may_open")
    page = Paginator(challenges, CHALLENGES_PER_PAGE).get_page(request.GET.get("challenges_page"))
    link = record_url_maker("challenges:challenge-detail")
    rows = [challenge_row(challenge, link(challenge["pk"]) if challenge["may_open"] else "") for challenge in page]
    return {
        "authority": authority, "page_obj": page, "rows": rows, "query_string": query_without(request, "challenges_page"),
        "param": "challenges_page",
    }


@register.inclusion_tag("challenges/home_work.html", takes_context=True)
def your_work(context):
    """The signed-in person's work on their home page, by their role (challenges/selectors/home.py)."""
    user = context["request"].user
    return {
        "sections": work_for(user=user),
        "can_book": user.has_perm("challenges.book_challenge"),
        "can_request": user.has_perm("challenges.request_challenge"),
        "can_list": user.has_perm("challenges.view_challenges"),
    }
