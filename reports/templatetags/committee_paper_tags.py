"""The committee paper's panel on the insight page (challenges), so that challenges need not
import this app: `{% load committee_paper_tags %}{% committee_paper_panel period %}`."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone

from peersupport.links import record_url
from reports.choices import ReportStatus
from reports.rows import document_file_facts, report_progress
from reports.selectors import committee_papers_for

register = template.Library()


def committee_paper_row(paper, *, now=None) -> dict:
    """One PDF paper of the panel, read by `committee_papers_for` (which marks what the user
    may do with it): who asked for it and when, its status, its file or its error."""
    failed = paper.status == ReportStatus.FAILED
    return {
        "paper": paper,
        "status": paper.get_status_display(),
        "progress": report_progress(paper, now=now),
        "download_url": paper.get_download_url() if paper.may_download and paper.file else "",
        "html_url": paper.get_absolute_url() if paper.may_download and paper.html_file else "",
        "file_facts": document_file_facts(paper),
        "error": paper.error_message if failed else "",
        "retry_url": record_url("reports:committee-paper-retry", paper.pk) if failed and paper.may_retry else "",
    }


@register.inclusion_tag("reports/committee_paper/panel.html", takes_context=True)
def committee_paper_panel(context, period):
    """The committee paper of the period (an InsightPeriod): its Word version to download at
    once, a button to have its PDF prepared, and the PDFs asked for of this period, newest
    first. For LGA staff; empty for anyone else. One query reads the papers."""
    request = context["request"]
    user = request.user
    query = urlencode(period.query())
    now = timezone.now()
    return {
        "period": period,
        "can_request": user.has_perm("reports.request_committee_paper"),
        "word_url": f"{reverse('reports:committee-paper-word')}?{query}",
        "request_url": reverse("reports:committee-paper-request"),
        "page_url": f"{reverse('challenges:insight')}?{query}",
        "rows": [committee_paper_row(paper, now=now) for paper in committee_papers_for(user=user, period=period)],
        "csrf_token": context.get("csrf_token"),
    }
