"""The documents a report version is made of: its tagged PDF (WeasyPrint) and its HTML twin in
GOV.UK styles, both from one reading of the challenge as it stands, so that they say the same.
reports/services/pipeline.py runs this in a worker and stores them.

The feedback report and the progress review report are A4 publications in the LGA house style
(a cover, contents with page numbers, a running header and "Page x of y"); the slides for the
verbal feedback on the last day on site are landscape, one area a slide."""

import hashlib
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from challenges.choices import FindingKind
from challenges.selectors.action_plan import action_plan_entries, action_plan_for
from challenges.selectors.finding import findings_by_area, findings_in_report
from challenges.selectors.insight import programme_insight
from challenges.selectors.progress_review import progress_review_entries, progress_review_for
from challenges.selectors.team import team_accepted
from reports.choices import ReportKind
from reports.services.committee_paper import committee_paper_content

logger = logging.getLogger(__name__)

PUBLISHER = "Local Government Association"
# The fonts first (open-licence Noto, from npm through the "fonts" static prefix), then the page.
PDF_STYLESHEETS = {
    ReportKind.FEEDBACK: ("reports/fonts.css", "reports/pdf.css"),
    ReportKind.PROGRESS_REVIEW: ("reports/fonts.css", "reports/pdf.css"),
    ReportKind.FEEDBACK_SLIDES: ("reports/fonts.css", "reports/slides.css"),
}
TEMPLATE_NAMES = {
    ReportKind.FEEDBACK: "feedback_report.html",
    ReportKind.PROGRESS_REVIEW: "progress_review_report.html",
    ReportKind.FEEDBACK_SLIDES: "feedback_slides.html",
}
# Kept as PDF_STYLESHEET for code that names the house stylesheet alone.
PDF_STYLESHEET = "reports/pdf.css"


@dataclass(frozen=True)
class RenderedDocument:
    pdf: bytes
    html: str  # the HTML twin: a fragment in GOV.UK classes (no <html>/<body>), safe to show as it is
    page_count: int


def _template_version() -> str:
    """A fingerprint of everything that decides how a report looks: its templates and stylesheets."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    files = sorted(
        [*base.glob("templates/reports/pdf/*.html"), *base.glob("templates/reports/html/*.html"), *base.glob("static/reports/*.css")]
    )
    for path in files:
        digest.update(path.relative_to(base).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


# Once a process: a deployment changes the templates, a running worker does not.
TEMPLATE_VERSION = _template_version()


class StaticOnlyURLFetcher(URLFetcher):
    """Lets WeasyPrint read our own static files and nothing else: no network, no other
    files, whatever ends up in a report's text. A stylesheet names a font by its path among
    the static files (../fonts/noto-sans/...), which is found as Django finds static files,
    collected or not."""

    def __init__(self, **kwargs):
        super().__init__(allowed_protocols=("file",), **kwargs)
        self.roots = _static_roots()

    def fetch(self, url, headers=None):
        # Decoded first: the file is opened by its decoded path, so %2e%2e is ".." too.
        parts = urlsplit(url)
        found = self._static_file(Path(unquote(parts.path)).resolve()) if parts.scheme == "file" else None
        if found is None:
            raise ValueError(f"Only the service's static files may be used in a report, not {url}")
        return super().fetch(found.as_uri(), headers)

    def _static_file(self, path: Path) -> Path | None:
        for prefix, root in self.roots:
            if not path.is_relative_to(root):
                continue
            if path.is_file():
                return path
            # Not kept here: the same static path may be in another static folder (the fonts
            # beside the stylesheet once collected, in node_modules before).
            static_path = "/".join(filter(None, [prefix, path.relative_to(root).as_posix()]))
            found = finders.find(static_path)
            if found:
                return Path(found).resolve()
        return None


def _static_roots() -> list[tuple[str, Path]]:
    roots = [("", Path(settings.STATIC_ROOT).resolve())]
    for entry in settings.STATICFILES_DIRS:
        prefix, root = entry if isinstance(entry, tuple) else ("", entry)
        roots.append((prefix, Path(root).resolve()))
    return roots


def report_document(*, report) -> RenderedDocument:
    """Render a report version of any kind, from its challenge as it stands now: the tagged PDF
    (PDF/UA, with title, author, subject, keywords and language en-GB), its page count and its
    HTML twin. The two come from one context, so they hold the same findings, numbered alike."""
    context = _CONTEXTS[report.kind](report)
    name = TEMPLATE_NAMES[report.kind]
    pdf, page_count = _tagged_pdf(render_to_string(f"reports/pdf/{name}", context), PDF_STYLESHEETS[report.kind])
    html = render_to_string(f"reports/html/{name}", context)
    return RenderedDocument(pdf=pdf, html=html, page_count=page_count)


# The committee paper: the house stylesheet, then the paper's own (no cover, numbered paragraphs).
COMMITTEE_PAPER_STYLESHEETS = ("reports/fonts.css", "reports/pdf.css", "reports/committee_paper.css")


def committee_paper_document(*, paper) -> RenderedDocument:
    """Render a committee paper (reports.models.CommitteePaper) from the programme's figures
    for its period as they stand now, its requester the contact officer: the tagged PDF (PDF/UA,
    with title, author, subject, keywords and language en-GB), its page count and its HTML twin,
    both from the content the Word version is made from (reports/services/committee_paper.py)."""
    content = committee_paper_content(
        insight=programme_insight(period=paper.period, today=timezone.localdate()), contact=paper.requested_by
    )
    context = {
        "paper": content, "title": content.title, "description": content.subject, "publisher": content.publisher,
        "generated_on": content.generated_on,
    }
    pdf, page_count = _tagged_pdf(render_to_string("reports/pdf/committee_paper.html", context), COMMITTEE_PAPER_STYLESHEETS)
    return RenderedDocument(pdf=pdf, html=render_to_string("reports/html/committee_paper.html", context), page_count=page_count)


def report_pdf_render(*, report) -> bytes:
    """The report's PDF alone (report_document gives its HTML twin and page count too)."""
    return report_document(report=report).pdf


def _common(report) -> dict:
    challenge = report.challenge
    return {
        "report": report, "challenge": challenge, "authority": challenge.authority,
        "publisher": PUBLISHER, "generated_on": timezone.localdate(),
    }


def _feedback_context(report) -> dict:
    challenge = report.challenge
    findings = findings_in_report(challenge=challenge)  # in the report's order, recommendations numbered
    sections = _findings_by_area(findings)
    notable_practice = [f for f in findings if f.kind == FindingKind.NOTABLE_PRACTICE]
    plan = action_plan_for(challenge=challenge)
    # The authority's plan is printed once it is final, as it is published beside the report.
    plan_entries = action_plan_entries(challenge=challenge, plan=plan) if plan and plan.finalised_at else None
    contents = [
        {"id": "report-summary", "title": "Executive summary"},
        {"id": "report-recommendations", "title": "Key recommendations"},
        {"id": "report-approach", "title": "The peer challenge approach"},
        {"id": "report-feedback", "title": "Feedback", "children": [
            {"id": section["id"], "title": section["area"]} for section in sections
        ]},
    ]
    if notable_practice:
        contents.append({"id": "report-practice", "title": "Notable practice"})
    contents.append({"id": "report-next-steps", "title": "Next steps"})
    if plan_entries is not None:
        contents.append({"id": "report-action-plan", "title": "Appendix: the action plan"})
    authority = challenge.authority
    return {
        **_common(report),
        "title": f"{authority.name}: {challenge.get_challenge_type_display()} feedback report",
        "kind_title": "Feedback report",
        "description": f"Peer challenge feedback report for {authority.name}, {challenge.start_date:%B %Y}",
        "contents": contents,
        "team": team_accepted(challenge=challenge),
        "recommendations": [f for f in findings if f.kind == FindingKind.RECOMMENDATION],
        "sections": sections,
        "notable_practice": notable_practice,
        "adviser": challenge.principal_adviser,
        "plan": plan,
        "plan_entries": plan_entries,
    }


def _progress_review_context(report) -> dict:
    challenge = report.challenge
    review = progress_review_for(challenge=challenge)
    entries = progress_review_entries(challenge=challenge, review=review)
    authority = challenge.authority
    return {
        **_common(report),
        "title": f"{authority.name}: {challenge.get_challenge_type_display()} progress review report",
        "kind_title": "Progress review report",
        "description": f"Progress review of the peer challenge of {authority.name}, {challenge.start_date:%B %Y}",
        "contents": [
            {"id": "report-progress", "title": "Progress on each recommendation", "children": [
                {"id": f"report-recommendation-{entry.number}", "title": f"Recommendation {entry.number}"} for entry in entries
            ]},
            {"id": "report-overall", "title": "Overall summary"},
        ],
        "review": review,
        "entries": entries,
    }


def _slides_context(report) -> dict:
    challenge = report.challenge
    findings = findings_in_report(challenge=challenge)
    authority = challenge.authority
    return {
        **_common(report),
        "title": f"{authority.name}: {challenge.get_challenge_type_display()} feedback presentation",
        "kind_title": "Feedback presentation",
        "description": f"The peer team's feedback on the last day on site at {authority.name}, {challenge.start_date:%B %Y}",
        # A slide an area that has something to say: strengths or areas for consideration.
        "slides": [section for section in _findings_by_area(findings) if section["strengths"] or section["considerations"]],
        "recommendations": [f for f in findings if f.kind == FindingKind.RECOMMENDATION],
    }


_CONTEXTS = {
    ReportKind.FEEDBACK: _feedback_context,
    ReportKind.PROGRESS_REVIEW: _progress_review_context,
    ReportKind.FEEDBACK_SLIDES: _slides_context,
}


def _findings_by_area(findings):
    """The report's findings, already in its order, area by area: each area's strengths, areas
    for consideration and recommendations, each kind at its places in the area. Notable
    practice has a section of its own."""
    sections = []
    for group in findings_by_area([f for f in findings if f.kind != FindingKind.NOTABLE_PRACTICE]):
        kinds = {kind: [f for f in group["findings"] if f.kind == kind] for kind in FindingKind}
        sections.append({
            "id": f"report-area-{group['area']}",
            "area": group["label"],
            "strengths": kinds[FindingKind.STRENGTH],
            "considerations": kinds[FindingKind.AREA_FOR_CONSIDERATION],
            "recommendations": kinds[FindingKind.RECOMMENDATION],
        })
    return sections


PDF_OPTIONS = {"pdf_tags": True, "pdf_variant": "pdf/ua-1"}


FONTS_STYLESHEET = "reports/fonts.css"


@cache
def _fonts() -> tuple[FontConfiguration, CSS]:
    """The reports' fonts, loaded once a process: unpacking some thirty font files takes
    seconds, and they are the same for every report."""
    fonts = FontConfiguration()
    return fonts, CSS(filename=finders.find(FONTS_STYLESHEET), url_fetcher=StaticOnlyURLFetcher(), font_config=fonts)


def _tagged_pdf(html: str, stylesheets=(FONTS_STYLESHEET, PDF_STYLESHEET)) -> tuple[bytes, int]:
    """A report's HTML as a tagged PDF (PDF/UA) and its page count, in the house style,
    reading only our static files."""
    fetcher = StaticOnlyURLFetcher()
    fonts, fonts_css = _fonts()
    paths = [finders.find(name) for name in stylesheets if name != FONTS_STYLESHEET]
    css = [fonts_css, *(CSS(filename=path, url_fetcher=fetcher, font_config=fonts) for path in paths)]
    document = HTML(string=html, base_url=str(Path(paths[-1]).parent), url_fetcher=fetcher).render(
        stylesheets=css, font_config=fonts, **PDF_OPTIONS,
    )
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)
