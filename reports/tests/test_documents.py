"""A report's documents (reports/services/documents.py): the tagged PDF of each kind in the house
style (cover, contents with the pages its sections start on, running header, "Page x of y"),
the landscape slides, the action plan appendix once the plan is final, the HTML twin saying the
same as the PDF, and hostile text rendered safely without anything fetched."""

import datetime
import html as html_lib
import io
import re
from unittest import mock

import pypdf
import pytest
from django.utils import timezone

from challenges.choices import ChallengeStatus, FindingArea, FindingKind, RecommendationPriority, TeamRole
from challenges.tests.factories import (
    ActionPlanFactory,
    FindingFactory,
    PlannedActionFactory,
    ProgressReviewFactory,
    RecommendationProgressFactory,
    RecommendationResponseFactory,
    TeamMembershipFactory,
)
from reports.choices import ReportKind
from reports.services import documents
from reports.services.documents import PUBLISHER, TEMPLATE_VERSION, RenderedDocument, StaticOnlyURLFetcher, report_document
from reports.tests.pdf import first_out_of_order, flat_text, structure_tags

from .factories import FeedbackReportFactory

pytestmark = pytest.mark.integration

TITLE = "Avon Fire Authority: Operational Assessment and fire peer challenge feedback report"


def _render(challenge, kind=ReportKind.FEEDBACK):
    version = challenge.reports.filter(kind=kind).count() + 2
    document = report_document(report=FeedbackReportFactory(challenge=challenge, version=version, kind=kind))
    reader = pypdf.PdfReader(io.BytesIO(document.pdf))
    return document, reader, [page.extract_text() for page in reader.pages]


def _contents(pages):
    """The contents page's entries: (title, page number)."""
    lines = pages[1].splitlines()
    assert lines[0] == "Contents"
    return [(m[1].strip(), int(m[2])) for line in lines[1:] if (m := re.match(r"^(.*?)\s*\.{3,}\s*(\d+)$", line))]


def _page_of(pages, line, start=3):
    """The first page (from 1), from `start` on, on which a line reads exactly `line`."""
    return next(number for number, text in enumerate(pages, 1) if number >= start and line in [part.strip() for part in text.splitlines()])


def _heading_pages(pages, titles):
    """The page each title's heading is on, each looked for from the page of the one before."""
    found, start = [], 3
    for title in titles:
        start = _page_of(pages, title, start)
        found.append((title, start))
    return found


def _html_text(fragment):
    return flat_text(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)))


@pytest.fixture
def written(challenge, lead_peer, adviser, avon):
    """A challenge with its report's words, a team of two, findings in two areas (a focus area
    first), notable practice and a principal adviser."""
    challenge.focus_areas = [FindingArea.PROTECTION]
    challenge.principal_adviser = adviser
    challenge.executive_summary = "Avon is **well led** and ambitious."
    challenge.people_met = "- the chief fire officer\n- on-call firefighters"
    challenge.places_visited = "The control room and four fire stations."
    challenge.save()
    TeamMembershipFactory(challenge=challenge, peer__full_name="Priya Shah", peer__home_authority=avon, role=TeamRole.MEMBER_PEER)

    def make(kind, area, text, position, **extras):
        return FindingFactory(challenge=challenge, kind=kind, area=area, text=text, position=position, recorded_by=lead_peer.user, **extras)

    make(FindingKind.STRENGTH, FindingArea.PREVENTION, "Home visits are **targeted** by risk.", 1)
    make(FindingKind.RECOMMENDATION, FindingArea.PREVENTION, "Share the risk model with partners.", 1)
    make(FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PROTECTION, "The inspection programme is late.", 1)
    make(FindingKind.RECOMMENDATION, FindingArea.PROTECTION, "Review the protection team's capacity.", 1, priority=RecommendationPriority.HIGH)
    make(FindingKind.NOTABLE_PRACTICE, FindingArea.RESPONSE, "On-call availability is shared live.", 1, title="Live on-call",
         why_it_matters="Neighbours send the nearest crew.", practice_contact="Sam Jones, area manager")
    return challenge


def test_feedback_report_sections_in_order_in_the_house_style(written, adviser, lead_peer):
    document, reader, pages = _render(written)

    text = flat_text(" ".join(pages))
    assert isinstance(document, RenderedDocument) and document.page_count == len(reader.pages) == 8
    assert flat_text(pages[0]) == (
        "Local Government Association and National Fire Chiefs Council Operational Assessment and fire peer challenge "
        f"Feedback report Avon Fire Authority On site 8 March 2027 to 11 March 2027 Feedback report, version 2, {timezone.localdate():%-d %B %Y}"
    )
    assert first_out_of_order(text, [
        "Executive summary Avon is well led and ambitious.",
        "Key recommendations Recommendation 1 (Protection, high priority) Review the protection team's capacity. "
        "Recommendation 2 (Prevention, medium priority) Share the risk model with partners.",
        "The peer challenge approach The peer team The peers who took part in the challenge Name Role Home authority "
        f"{lead_peer.full_name} Lead peer Kent and Medway Fire and Rescue Authority Priya Shah Member peer Avon Fire Authority",
        "Scope and focus The authority asked the team to focus on: Protection",
        "The process The team spent 4 days on site, 8 March 2027 to 11 March 2027.",
        "The people the team met the chief fire officer on-call firefighters The places the team visited The control room and four fire stations.",
        "Feedback Protection Areas for consideration The inspection programme is late. Recommendations "
        "Recommendation 1 (high priority) Review the protection team's capacity.",
        "Prevention Strengths Home visits are targeted by risk. Recommendations Recommendation 2 (medium priority) Share the risk model with partners.",
        "Notable practice Live on-call Response What the authority does On-call availability is shared live. "
        "Why it is worth sharing Neighbours send the nearest crew. Contact: Sam Jones, area manager",
        "Next steps The authority publishes this report with its action plan",
        f"{adviser.full_name} Principal adviser, Local Government Association {adviser.email}",
    ]) is None
    assert "Appendix" not in text


def test_feedback_report_contents_give_the_page_each_section_starts_on(written):
    _, reader, pages = _render(written)

    contents = _contents(pages)
    assert [title for title, _ in contents] == [
        "Executive summary", "Key recommendations", "The peer challenge approach", "Feedback", "Protection", "Prevention",
        "Notable practice", "Next steps",
    ]
    assert contents == _heading_pages(pages, [title for title, _ in contents])
    assert [page for _, page in contents] == [3, 4, 5, 6, 6, 6, 7, 8]


def test_feedback_report_header_and_footer_on_every_page_but_the_cover(written):
    _, reader, pages = _render(written)

    count = len(pages)
    assert "Page" not in pages[0] and "Avon Fire Authority Feedback report" not in flat_text(pages[0])
    for number, text in enumerate(pages[1:], 2):
        assert flat_text(text).endswith(f"Avon Fire Authority Feedback report Page {number} of {count}"), number


@pytest.mark.parametrize("kind", [ReportKind.FEEDBACK, ReportKind.PROGRESS_REVIEW, ReportKind.FEEDBACK_SLIDES])
def test_every_kind_is_a_tagged_pdf_with_its_metadata(written, lga_admin, kind):
    ProgressReviewFactory(challenge=written, summary="Good progress.", completed_by=lga_admin, completed_at=timezone.now())

    _, reader, _ = _render(written, kind)

    catalogue = reader.trailer["/Root"]
    words = {
        ReportKind.FEEDBACK: ("feedback report", "Peer challenge feedback report for Avon Fire Authority, March 2027"),
        ReportKind.PROGRESS_REVIEW: ("progress review report", "Progress review of the peer challenge of Avon Fire Authority, March 2027"),
        ReportKind.FEEDBACK_SLIDES: (
            "feedback presentation", "The peer team's feedback on the last day on site at Avon Fire Authority, March 2027"
        ),
    }[kind]
    assert catalogue["/Lang"] == "en-GB"
    assert catalogue["/MarkInfo"]["/Marked"] is True or catalogue["/MarkInfo"]["/Marked"] == pypdf.generic.BooleanObject(True)
    assert "/StructTreeRoot" in catalogue
    assert (reader.metadata.title, reader.metadata.author, reader.metadata.subject) == (
        f"Avon Fire Authority: Operational Assessment and fire peer challenge {words[0]}", "Local Government Association", words[1],
    )
    assert "Avon Fire Authority" in reader.metadata["/Keywords"]
    xmp = catalogue["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp and f"<rdf:li>{PUBLISHER}</rdf:li>" in xmp
    headings = [tag for tag in structure_tags(reader) if re.fullmatch(r"/H\d", tag)]
    assert headings.count("/H1") == 1 and headings[0] == "/H1"
    assert all(int(after[2]) <= int(before[2]) + 1 for before, after in zip(headings, headings[1:], strict=False))


def test_feedback_report_tables_have_header_cells(written):
    _, reader, _ = _render(written)

    # The team's table: three column headers and each peer's name as the row's header.
    assert structure_tags(reader).count("/TH") == 5


def test_feedback_report_action_plan_appendix_only_once_the_plan_is_final(written, fra_contact):
    written.status = ChallengeStatus.PUBLISHED
    written.save()
    recommendation = written.findings.get(text="Review the protection team's capacity.")
    plan = ActionPlanFactory(challenge=written, started_by=fra_contact)
    PlannedActionFactory(
        response=RecommendationResponseFactory(plan=plan, recommendation=recommendation, response="Accepted in full."),
        action="Recruit two inspectors", milestone=datetime.date(2027, 9, 30),
    )

    _, _, draft_pages = _render(written)
    plan.finalised_at, plan.finalised_by = timezone.now(), fra_contact
    plan.save()
    document, _, pages = _render(written)

    assert "Appendix" not in " ".join(draft_pages)
    assert _contents(pages)[-1] == ("Appendix: the action plan", len(pages))
    assert flat_text(pages[-1]).startswith(
        f"Appendix: the action plan The authority's response to each recommendation and its actions, final on {timezone.localdate():%-d %B %Y}. "
        "Recommendation 1 Review the protection team's capacity. The authority's response Accepted in full. "
        "Actions for recommendation 1 Action Owner Milestone How success is measured Status "
        "Recruit two inspectors Head of protection 30 September 2027 Inspections meet the risk-based programme Not started "
        "Recommendation 2 Share the risk model with partners. The authority's response No response recorded."
    )
    assert '<h2 class="govuk-heading-l" id="report-action-plan">Appendix: the action plan</h2>' in document.html
    assert '<th scope="col" class="govuk-table__header">Milestone</th>' in document.html


def test_html_twin_says_what_the_pdf_says(written):
    document, _, pages = _render(written)

    pdf_text, html_text = flat_text(" ".join(pages)), _html_text(document.html)
    pattern = r"Recommendation \d+ \([^)]*\) [^.]*\."
    assert re.findall(pattern, html_text) == re.findall(pattern, pdf_text) == [
        "Recommendation 1 (Protection, high priority) Review the protection team's capacity.",
        "Recommendation 2 (Prevention, medium priority) Share the risk model with partners.",
        "Recommendation 1 (high priority) Review the protection team's capacity.",
        "Recommendation 2 (medium priority) Share the risk model with partners.",
    ]
    for finding in written.findings.all():
        assert html_text.count(finding.text.replace("**", "")) == pdf_text.count(finding.text.replace("**", "")), finding.text
    headings = re.findall(r'<h2 class="govuk-heading-l" id="([^"]+)">([^<]+)</h2>', document.html)
    assert headings == [
        ("report-summary", "Executive summary"), ("report-recommendations", "Key recommendations"),
        ("report-approach", "The peer challenge approach"), ("report-feedback", "Feedback"),
        ("report-practice", "Notable practice"), ("report-next-steps", "Next steps"),
    ]
    links = re.findall(r'<a class="govuk-link" href="#([^"]+)">([^<]+)</a>', document.html)
    assert links == [
        ("report-summary", "Executive summary"), ("report-recommendations", "Key recommendations"),
        ("report-approach", "The peer challenge approach"), ("report-feedback", "Feedback"),
        ("report-area-protection", "Protection"), ("report-area-prevention", "Prevention"),
        ("report-practice", "Notable practice"), ("report-next-steps", "Next steps"),
    ]
    assert [title for title, _ in _contents(pages)] == [title for _, title in links]
    assert document.html.lstrip().startswith('<div class="app-report" lang="en-GB"') and "<body" not in document.html
    assert '<th scope="row" class="govuk-table__header">Priya Shah</th>' in document.html


def test_slides_are_landscape_a_slide_an_area_then_the_recommendations(written, lead_peer):
    FindingFactory(challenge=written, kind=FindingKind.RECOMMENDATION, area=FindingArea.RESPONSE, text="Only a recommendation here.",
                   position=1, recorded_by=lead_peer.user)

    document, reader, pages = _render(written, ReportKind.FEEDBACK_SLIDES)

    assert all(page.mediabox.width > page.mediabox.height for page in reader.pages)
    assert document.page_count == len(pages) == 4
    assert [flat_text(page) for page in pages] == [
        "Local Government Association and National Fire Chiefs Council Feedback from the peer team Avon Fire Authority "
        "Operational Assessment and fire peer challenge, on site 8 March 2027 to 11 March 2027",
        "Protection Areas for consideration The inspection programme is late. Avon Fire Authority Page 2 of 4",
        "Prevention Strengths Home visits are targeted by risk. Avon Fire Authority Page 3 of 4",
        "Key recommendations Recommendation 1 Review the protection team's capacity. Recommendation 2 Share the risk model "
        "with partners. Recommendation 3 Only a recommendation here. The written report follows, for the authority to check "
        "before it is published. Avon Fire Authority Page 4 of 4",
    ]
    assert re.findall(r'href="#([^"]+)"', document.html) == ["report-area-protection", "report-area-prevention", "report-recommendations"]


def test_slides_long_area_continues_on_the_next_page(written, lead_peer):
    for position in range(2, 12):
        FindingFactory(challenge=written, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION,
                       text=f"Strength {position}: " + "the crews know their risks " * 8, position=position, recorded_by=lead_peer.user)

    _, _, pages = _render(written, ReportKind.FEEDBACK_SLIDES)

    continued = [number for number, text in enumerate(pages, 1) if "Prevention (continued)" in text]
    first = continued[0] - 1
    assert continued == list(range(continued[0], len(pages))) and len(continued) >= 1
    assert flat_text(pages[first - 1]).startswith("Prevention Strengths Home visits are targeted by risk. Strength 2:")
    assert not any("(continued)" in text for text in pages[:first])
    assert flat_text(pages[-1]).startswith("Key recommendations")


def test_progress_review_report_in_the_house_style(written, lga_admin):
    review = ProgressReviewFactory(challenge=written, summary="Strong progress.", completed_by=lga_admin, completed_at=timezone.now())
    for finding in written.findings.filter(kind=FindingKind.RECOMMENDATION):
        RecommendationProgressFactory(review=review, recommendation=finding, progress=f"Progress on: {finding.text}")

    document, _, pages = _render(written, ReportKind.PROGRESS_REVIEW)

    contents = _contents(pages)
    assert contents == [("Progress on each recommendation", 3), ("Recommendation 1", 3), ("Recommendation 2", 3), ("Overall summary", 4)]
    assert _page_of(pages, "Overall summary") == 4
    assert flat_text(pages[2]).startswith(
        "Progress on each recommendation Recommendation 1 (high priority) Review the protection team's capacity. "
        "Progress found Progress on: Review the protection team's capacity."
    )
    assert flat_text(pages[3]) == "Overall summary Strong progress. Avon Fire Authority Progress review report Page 4 of 4"
    assert _html_text(document.html).count("Progress on: ") == 2


HOSTILE = (
    '<script>alert(1)</script> <img src=file:///etc/passwd> <style>body{display:none}</style> '
    '</style> a{background:url(https://example.com/x.png)} [home](file:///etc/passwd) ![pic](https://example.com/t.png) '
    '[site](https://example.com/page)'
)
SCRIPTS = "Ελληνικά Русский עברית العربية 🔥😀"


def test_hostile_text_renders_safely_and_nothing_is_fetched(written, lead_peer):
    FindingFactory(challenge=written, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text=HOSTILE, position=2, recorded_by=lead_peer.user)
    FindingFactory(challenge=written, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text=f"Scripts: {SCRIPTS}", position=3,
                   recorded_by=lead_peer.user)
    FindingFactory(challenge=written, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="L" * 300, position=4, recorded_by=lead_peer.user)
    written.people_met = "<b>chief</b> <iframe src=https://example.com>"
    written.save()

    documents._fonts.cache_clear()  # so that the fonts are read during this render too
    with mock.patch.object(StaticOnlyURLFetcher, "fetch", autospec=True, side_effect=StaticOnlyURLFetcher.fetch) as fetch:
        document, reader, pages = _render(written)

    fetched = [call.args[1] for call in fetch.call_args_list]
    assert len(fetched) == 31
    assert all(re.fullmatch(r"file:///\S+/static/fonts/noto-[a-z-]+/files/noto-[a-z0-9-]+\.woff", url) for url in fetched), fetched
    images = [
        name for page in reader.pages for name, xobject in page["/Resources"].get("/XObject", {}).items()
        if xobject.get_object()["/Subtype"] == "/Image"
    ]
    assert images == []  # neither the file nor the remote picture
    text = " ".join(pages)
    assert "<script>alert(1)</script>" in text and "<style>body{display:none}</style>" in text and "url(https://example.com/x.png)" in text
    assert "Scripts: Ελληνικά Русский" in text and "עברית" in text and "🔥😀" in text
    assert "العربية" in text or "العربية"[::-1] in text
    lines = [line for page in pages for line in page.splitlines() if set(line.strip()) == {"L"}]
    assert sum(len(line.strip()) for line in lines) == 300 and len(lines) > 1
    assert "<script" not in document.html and "<img" not in document.html and "<iframe" not in document.html and "<style" not in document.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document.html and "&lt;iframe src=https://example.com&gt;" in document.html
    assert 'href="file:' not in document.html and "[home](file:///etc/passwd)" in document.html  # no link made of it
    assert '!<a href="https://example.com/t.png" rel="noopener noreferrer nofollow">pic</a>' in document.html  # a link, not a picture
    assert '<a href="https://example.com/page" rel="noopener noreferrer nofollow">site</a>' in document.html
    assert SCRIPTS in document.html


def test_scripts_without_a_font_fall_back_and_stay_in_the_text_layer(written, lead_peer):
    FindingFactory(challenge=written, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text="消防 हिन्दी", position=2, recorded_by=lead_peer.user)

    document, reader, _ = _render(written)

    cmaps = " ".join(
        font.get_object()["/ToUnicode"].get_object().get_data().decode()
        for page in reader.pages for font in page["/Resources"]["/Font"].values() if "/ToUnicode" in font.get_object()
    ).lower()
    assert "<6d88>" in cmaps and "<9632>" in cmaps  # 消 and 防
    assert document.page_count == 8 and "消防 हिन्दी" in document.html


def test_fetcher_finds_fonts_by_their_static_path_and_nothing_else(settings):
    stylesheet = documents.finders.find("reports/pdf.css")
    font = f"file://{stylesheet.removesuffix('pdf.css')}../fonts/noto-sans/files/noto-sans-latin-400-normal.woff2"

    assert StaticOnlyURLFetcher().fetch(font).read()[:4] == b"wOF2"
    with pytest.raises(ValueError, match="^Only the service's static files"):
        StaticOnlyURLFetcher().fetch(f"file://{stylesheet.removesuffix('pdf.css')}../fonts/../../../../etc/passwd")


def test_template_version_is_a_short_fingerprint_of_templates_and_stylesheets(settings, tmp_path):
    (tmp_path / "templates" / "reports" / "pdf").mkdir(parents=True)
    (tmp_path / "static" / "reports").mkdir(parents=True)
    (tmp_path / "templates" / "reports" / "pdf" / "a.html").write_text("one")
    settings.BASE_DIR = tmp_path
    first = documents._template_version()
    (tmp_path / "static" / "reports" / "pdf.css").write_text("p {}")

    assert re.fullmatch(r"[0-9a-f]{12}", TEMPLATE_VERSION)
    assert re.fullmatch(r"[0-9a-f]{12}", first) and documents._template_version() != first
