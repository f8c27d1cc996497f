"""Feedback reports shown on other apps' pages, so that those apps need not import this one."""

from django import template
from django.core.paginator import Paginator

from reports.selectors import reports_for_challenge, reports_published_for_authority

register = template.Library()

REPORTS_PER_PAGE = 10


@register.inclusion_tag("reports/authority_published_reports.html", takes_context=True)
def authority_published_reports(context, authority):
    """The authority's published reports, latest first, ten to a page (`?reports_page=`)."""
    request = context["request"]
    page = Paginator(reports_published_for_authority(authority=authority), REPORTS_PER_PAGE).get_page(
        request.GET.get("reports_page")
    )
    query = request.GET.copy()
    query.pop("reports_page", None)
    return {"page_obj": page, "query_string": query.urlencode(), "param": "reports_page"}


@register.inclusion_tag("reports/report_panel.html", takes_context=True)
def challenge_report_panel(context, challenge):
    """The feedback report section of a challenge's page: every version, its status and what
    the user may do with it."""
    request = context["request"]
    return {
        "challenge": challenge,
        "reports": reports_for_challenge(challenge=challenge),
        "user": request.user,
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
