"""Challenges shown on other apps' pages, so that those apps need not import this one."""

from django import template
from django.core.paginator import Paginator

from challenges.choices import STATUS_TAG_COLOURS, ChallengeStatus, ChallengeType
from challenges.permissions import can_view_challenge
from challenges.selectors.challenge import challenges_for_authority
from peersupport.formats import short_date
from peersupport.links import record_url_maker
from peersupport.templatetags.govuk import tag_html

register = template.Library()

CHALLENGES_PER_PAGE = 10


@register.inclusion_tag("challenges/authority_challenges.html", takes_context=True)
def authority_challenges(context, authority):
    """The authority's challenges, latest first, ten to a page (`?challenges_page=`), each
    linked for those who may open it (the rule, asked in the query that reads the rows)."""
    request = context["request"]
    challenges = challenges_for_authority(authority=authority).annotate(may_open=can_view_challenge.annotation(request.user))
    challenges = challenges.values("pk", "challenge_type", "start_date", "end_date", "status", "may_open")
    page = Paginator(challenges, CHALLENGES_PER_PAGE).get_page(request.GET.get("challenges_page"))
    link = record_url_maker("challenges:challenge-detail")
    rows = [
        {
            "url": link(challenge["pk"]) if challenge["may_open"] else "",
            "challenge_type": ChallengeType(challenge["challenge_type"]).label,
            "on_site": f"{short_date(challenge['start_date'])} to {short_date(challenge['end_date'])}",
            "status": tag_html(ChallengeStatus(challenge["status"]).label, STATUS_TAG_COLOURS[challenge["status"]]),
        }
        for challenge in page
    ]
    query = request.GET.copy()
    query.pop("challenges_page", None)
    return {"authority": authority, "page_obj": page, "rows": rows, "query_string": query.urlencode(), "param": "challenges_page"}
