"""The findings in the feedback report's PDF: in the report's order, recommendations numbered
with their priority, notable practice in full, Markdown kept, long words wrapped, no markup."""

import io

import pypdf
import pytest
from django.template.loader import render_to_string

from challenges.choices import FindingArea, FindingKind, FindingState, RecommendationPriority
from challenges.tests.factories import FindingFactory
from reports.services.documents import _findings_by_area, report_pdf_render

from .factories import FeedbackReportFactory

pytestmark = pytest.mark.integration


def _pdf(challenge):
    reader = pypdf.PdfReader(io.BytesIO(report_pdf_render(report=FeedbackReportFactory(challenge=challenge, version=1))))
    pages = [page.extract_text() for page in reader.pages]
    # Without the lists' bullets, which the PDF's text gives after each item.
    return pages, " ".join(" ".join(pages).replace("•", " ").split()), reader


@pytest.fixture
def findings(challenge, lead_peer):
    def make(kind, area, text, position, **extras):
        return FindingFactory(challenge=challenge, kind=kind, area=area, text=text, position=position, recorded_by=lead_peer.user, **extras)

    return [
        make(FindingKind.RECOMMENDATION, FindingArea.PREVENTION, "Share the **risk model** with partners.", 2),
        make(FindingKind.STRENGTH, FindingArea.PREVENTION, "Visits are targeted:\n\n- by risk\n- by history", 1),
        make(FindingKind.RECOMMENDATION, FindingArea.PROTECTION, "Review the protection team.", 1, priority=RecommendationPriority.HIGH),
        make(FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PROTECTION, "The programme is late.\nIt slipped in May.", 2),
        make(
            FindingKind.NOTABLE_PRACTICE, FindingArea.RESPONSE, "On-call availability is shared live.", 1, title="Live on-call",
            why_it_matters="Neighbours send the nearest crew.", practice_contact="Sam Jones, area manager", shared_with_sector=True,
        ),
    ]


def test_findings_by_area_in_report_order_with_kinds_apart(challenge, findings):
    from challenges.selectors.finding import findings_in_report

    challenge.focus_areas = [FindingArea.PROTECTION]
    challenge.save()

    sections = _findings_by_area(findings_in_report(challenge=challenge))

    assert [(s["area"], [f.text[:10] for f in s["strengths"]], [f.text[:10] for f in s["considerations"]],
             [(f.number, f.text[:10]) for f in s["recommendations"]]) for s in sections] == [
        ("Protection", [], ["The progra"], [(1, "Review the")]),
        ("Prevention", ["Visits are"], [], [(2, "Share the ")]),
    ]


def test_report_pdf_numbers_recommendations_in_area_order_with_priority(challenge, findings):
    _, text, _ = _pdf(challenge)

    assert "Key recommendations Recommendation 1 (Prevention, medium priority) Share the risk model with partners. " \
           "Recommendation 2 (Protection, high priority) Review the protection team." in text
    assert "Prevention Strengths Visits are targeted: by risk by history " \
           "Recommendations Recommendation 1 (medium priority) Share the risk model with partners." in text
    assert "Protection Areas for consideration The programme is late. It slipped in May. " \
           "Recommendations Recommendation 2 (high priority) Review the protection team." in text


def test_report_pdf_notable_practice_in_full(challenge, findings):
    _, text, _ = _pdf(challenge)

    assert (
        "Notable practice Live on-call Response: shared across the sector What the authority does On-call availability is shared live. "
        "Why it is worth sharing Neighbours send the nearest crew. Contact: Sam Jones, area manager"
    ) in text


def test_report_pdf_leaves_out_drafts_and_rejected_findings(challenge, findings, team_peer):
    FindingFactory(challenge=challenge, state=FindingState.DRAFT, text="A draft waiting.", recorded_by=team_peer.user)
    FindingFactory(challenge=challenge, state=FindingState.REJECTED, rejection_reason="No", text="A rejected one.", recorded_by=team_peer.user)

    _, text, _ = _pdf(challenge)

    assert "A draft waiting." not in text and "A rejected one." not in text


def test_report_html_keeps_markdown_lists_and_bold(challenge, findings):
    from challenges.selectors.finding import findings_in_report

    rendered = render_to_string(
        "reports/pdf/feedback_report.html",
        {"report": FeedbackReportFactory.build(challenge=challenge, version=1), "challenge": challenge, "authority": challenge.authority,
         "team": [], "sections": _findings_by_area(findings_in_report(challenge=challenge)),
         "recommendations": [], "notable_practice": []},
    )

    assert '<div class="markdown"><p>Visits are targeted:</p>\n<ul>\n<li>by risk</li>\n<li>by history</li>\n</ul>\n</div>' in rendered
    assert "<p>The programme is late.<br>\nIt slipped in May.</p>" in rendered
    assert "<strong>risk model</strong>" in rendered


def test_report_pdf_long_unbroken_word_wraps_within_the_page(challenge, lead_peer):
    FindingFactory(challenge=challenge, text="W" * 5000, recorded_by=lead_peer.user)

    pages, text, _ = _pdf(challenge)

    lines = [line for page in pages for line in page.splitlines() if line.strip() and set(line.strip()) == {"W"}]
    assert sum(line.count("W") for line in lines) == 5000
    assert len(lines) > 40
    assert max(len(line) for line in lines) < 120


def test_report_pdf_hostile_markup_printed_as_text_never_as_markup(challenge, lead_peer):
    hostile = '<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))'
    FindingFactory(challenge=challenge, text=hostile, recorded_by=lead_peer.user)
    from challenges.selectors.finding import findings_in_report

    rendered = render_to_string(
        "reports/pdf/feedback_report.html",
        {"report": FeedbackReportFactory.build(challenge=challenge, version=1), "challenge": challenge, "authority": challenge.authority,
         "team": [], "sections": _findings_by_area(findings_in_report(challenge=challenge)), "recommendations": [], "notable_practice": []},
    )
    _, text, reader = _pdf(challenge)

    assert "<script" not in rendered and "<img" not in rendered and 'href="javascript' not in rendered
    assert hostile.replace(" ", "") in text.replace(" ", "")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
