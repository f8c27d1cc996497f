"""Challenges shown on other apps' pages, so that those apps need not import this one."""

from django import template
from django.core.paginator import Paginator

from challenges.selectors.challenge import challenges_for_authority

register = template.Library()

CHALLENGES_PER_PAGE = 10


@register.inclusion_tag("challenges/authority_challenges.html", takes_context=True)
def authority_challenges(context, authority):
    """The authority's challenges, latest first, ten to a page (`?challenges_page=`), each
    linked for those who may open it."""
    request = context["request"]
    page = Paginator(challenges_for_authority(authority=authority), CHALLENGES_PER_PAGE).get_page(
        request.GET.get("challenges_page")
    )
    query = request.GET.copy()
    query.pop("challenges_page", None)
    return {"authority": authority, "page_obj": page, "user": request.user, "query_string": query.urlencode(), "param": "challenges_page"}
