"""The documents a report version is made of: its HTML and its tagged PDF (WeasyPrint), from
the challenge as it stands. reports/services/pipeline.py runs this in a worker and stores them."""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from challenges.choices import FindingKind
from challenges.selectors.finding import findings_by_area, findings_in_report
from challenges.selectors.progress_review import progress_review_entries, progress_review_for
from challenges.selectors.team import team_accepted
from reports.choices import ReportKind

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
    if report.kind == ReportKind.PROGRESS_REVIEW:
        return progress_review_pdf_render(report=report)
    findings = findings_in_report(challenge=challenge)  # in the report's order, recommendations numbered
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
    return _tagged_pdf(html)


def _findings_by_area(findings):
    """The report's findings, already in its order, area by area: each area's strengths, areas
    for consideration and recommendations, each kind at its places in the area. Notable
    practice has a section of its own."""
    sections = []
    for group in findings_by_area([f for f in findings if f.kind != FindingKind.NOTABLE_PRACTICE]):
        kinds = {kind: [f for f in group["findings"] if f.kind == kind] for kind in FindingKind}
        sections.append({
            "area": group["label"],
            "strengths": kinds[FindingKind.STRENGTH],
            "considerations": kinds[FindingKind.AREA_FOR_CONSIDERATION],
            "recommendations": kinds[FindingKind.RECOMMENDATION],
        })
    return sections


def _tagged_pdf(html: str) -> bytes:
    """A report's HTML as a tagged PDF (PDF/UA), in the house style, reading only our static files."""
    stylesheet = finders.find(PDF_STYLESHEET)
    fetcher = StaticOnlyURLFetcher()
    return HTML(string=html, base_url=str(Path(stylesheet).parent), url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(filename=stylesheet, url_fetcher=fetcher)],
        pdf_tags=True,
        pdf_variant="pdf/ua-1",
    )


def progress_review_pdf_render(*, report) -> bytes:
    """Render a challenge's completed progress review to a tagged PDF: each recommendation
    with the progress found and its assessment, and the overall summary."""
    challenge = report.challenge
    review = progress_review_for(challenge=challenge)
    html = render_to_string(
        "reports/pdf/progress_review_report.html",
        {
            "report": report,
            "challenge": challenge,
            "authority": challenge.authority,
            "review": review,
            "entries": progress_review_entries(challenge=challenge, review=review),
            "generated_on": timezone.localdate(),
        },
    )
    return _tagged_pdf(html)
