"""Feedback reports shown on other apps' pages, so that those apps need not import this one."""

from django import template
from django.core.paginator import Paginator
from django.utils import timezone

from challenges.choices import ChallengeType
from challenges.selectors.finding import findings_are_frozen
from peersupport.formats import long_date, month_year
from peersupport.links import query_without, record_url_maker
from reports.choices import ReportKind
from reports.rows import report_row
from reports.selectors import report_versions_for, reports_published_for_authority

register = template.Library()

REPORTS_PER_PAGE = 10


@register.inclusion_tag("reports/authority_published_reports.html", takes_context=True)
def authority_published_reports(context, authority):
    """The authority's published reports, latest first, ten to a page (`?reports_page=`)."""
    request = context["request"]
    reports = reports_published_for_authority(authority=authority).values(
        "pk", "published_at", "challenge__challenge_type", "challenge__start_date"
    )
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("reports_page"))
    download = record_url_maker("reports:report-download")
    rows = [
        {
            "url": download(report["pk"]),
            "title": f"{ChallengeType(report['challenge__challenge_type']).label}, {month_year(report['challenge__start_date'])}",
            "published": long_date(report["published_at"]),
        }
        for report in page
    ]
    return {"page_obj": page, "rows": rows, "query_string": query_without(request, "reports_page"), "param": "reports_page"}


def _rows(request, reports):
    now = timezone.now()
    return [report_row(report, now=now) for report in report_versions_for(user=request.user, reports=reports)]


@register.inclusion_tag("reports/report_panel.html", takes_context=True)
def challenge_report_panel(context, challenge):
    """The reports section of a challenge's page: every version of its feedback report, and
    for those who write the report and the LGA staff who oversee the challenge, of the slides
    for the verbal feedback; each with its status and what the user may do with it. One query
    reads the versions of both, whatever their number."""
    request = context["request"]
    user = request.user
    rows = _rows(request, challenge.reports.filter(kind__in=(ReportKind.FEEDBACK, ReportKind.FEEDBACK_SLIDES)))
    can_request = user.has_perm("reports.request_report", challenge)
    return {
        "challenge": challenge,
        "reports": [row for row in rows if row["report"].kind == ReportKind.FEEDBACK],
        "slides": [row for row in rows if row["report"].kind == ReportKind.FEEDBACK_SLIDES],
        "can_request": can_request,
        # Once published, a new version of the report comes only through a correction.
        "can_request_report": can_request and not findings_are_frozen(challenge),
        "can_see_slides": can_request or user.has_perm("challenges.manage_challenge", challenge),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("reports/progress_review_report_panel.html", takes_context=True)
def progress_review_report_panel(context, challenge):
    """The progress review's report on the review's page: every version, its status and what
    the user may do with it."""
    request = context["request"]
    return {
        "challenge": challenge,
        "reports": _rows(request, challenge.reports.filter(kind=ReportKind.PROGRESS_REVIEW)),
        "can_request": request.user.has_perm("challenges.record_progress", challenge),
        "csrf_token": context.get("csrf_token"),
    }
