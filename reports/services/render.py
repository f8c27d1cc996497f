"""Rendering a feedback report to a tagged PDF with WeasyPrint, and storing it."""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from challenges.choices import FindingKind
from challenges.selectors.finding import findings_for_challenge
from challenges.selectors.team import team_accepted
from reports.choices import PENDING_STATUSES, ReportStatus
from reports.models import FeedbackReport

logger = logging.getLogger(__name__)


PDF_STYLESHEET = "reports/pdf.css"


class StaticOnlyURLFetcher(URLFetcher):
    """Lets WeasyPrint read our own static files and nothing else: no network, no other
    files, whatever ends up in a report's text."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("file",), **kwargs)
        self.allowed_roots = [Path(p).resolve() for p in _static_roots()]

    def fetch(self, url, headers=None):
        # Decoded first: the file is opened by its decoded path, so %2e%2e is ".." too.
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve()
        if parts.scheme != "file" or not any(path.is_relative_to(root) for root in self.allowed_roots):
            raise ValueError(f"Only the service's static files may be used in a report, not {url}")
        return super().fetch(url, headers)


def _static_roots():
    roots = [str(settings.STATIC_ROOT)]
    for entry in settings.STATICFILES_DIRS:
        roots.append(str(entry[1] if isinstance(entry, tuple) else entry))
    return roots


def report_pdf_render(*, report) -> bytes:
    """Render a report's challenge, as it stands now, to a tagged PDF."""
    challenge = report.challenge
    findings = list(findings_for_challenge(challenge=challenge))
    html = render_to_string(
        "reports/pdf/feedback_report.html",
        {
            "report": report,
            "challenge": challenge,
            "authority": challenge.authority,
            "team": team_accepted(challenge=challenge),
            "recommendations": [f for f in findings if f.kind == FindingKind.RECOMMENDATION],
            "sections": _findings_by_area(findings),
            "notable_practice": [f for f in findings if f.kind == FindingKind.NOTABLE_PRACTICE],
            "generated_on": timezone.localdate(),
        },
    )
    stylesheet = finders.find(PDF_STYLESHEET)
    fetcher = StaticOnlyURLFetcher()
    return HTML(string=html, base_url=str(Path(stylesheet).parent), url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=stylesheet, url_fetcher=fetcher)],
        pdf_tags=True,
        pdf_variant="pdf/ua-1",
    )


def _findings_by_area(findings):
    """Strengths and areas for consideration grouped by area, in the order first recorded."""
    sections = {}
    for finding in findings:
        if finding.kind not in (FindingKind.STRENGTH, FindingKind.AREA_FOR_CONSIDERATION):
            continue
        section = sections.setdefault(
            finding.area, {"area": finding.get_area_display(), "strengths": [], "considerations": []}
        )
        key = "strengths" if finding.kind == FindingKind.STRENGTH else "considerations"
        section[key].append(finding)
    return list(sections.values())


def report_render(*, report_id) -> FeedbackReport | None:
    """Render a queued report to PDF and store the file; the report is then ready to publish.

    A report that is no longer queued (published, or picked up twice) is left alone, and one
    since removed is no more."""
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status not in PENDING_STATUSES:
            return report
        report.status = ReportStatus.RENDERING
        report.attempts += 1
        report.save(update_fields=["status", "attempts"])
    pdf = report_pdf_render(report=report)
    with transaction.atomic():
        report.file.save("", ContentFile(pdf), save=False)  # named by FeedbackReport.file's upload_to
        report.status = ReportStatus.READY
        report.rendered_at = timezone.now()
        report.error_message = ""
        report.save(update_fields=["file", "status", "rendered_at", "error_message"])
    return report


def report_mark_failed(*, report_id, error) -> None:
    """Record that rendering failed, so that people see it and can try again."""
    logger.error("Feedback report %s failed to render: %s", report_id, error)
    FeedbackReport.objects.filter(pk=report_id, status__in=PENDING_STATUSES).update(
        status=ReportStatus.FAILED,
        error_message=f"The report could not be prepared ({type(error).__name__}). Try again, "
        "or contact the service team if it fails again.",
    )
