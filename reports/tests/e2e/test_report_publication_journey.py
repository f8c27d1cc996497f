"""The issue's "done when", in the browser: the lead peer asks for the feedback report and watches
it become ready; the principal adviser publishes it from the confirmation page; the authority's
contact downloads it; and a member of the public, not signed in, finds it in the library by its
region, reads its HTML version, downloads its PDF and sees it in the Atom feed. axe-core audits
every page.

With a broker (CI's PostgreSQL and Redis run) a real worker renders the report in the background
and the page follows it; without one the request renders it in-process, before the page returns."""

import contextlib
import datetime
import hashlib
import re
from pathlib import Path

import pytest

from authorities.choices import Region
from authorities.models import Authority
from authorities.tests.factories import (
    PASSWORD,
    FraContactFactory,
    PeerFactory,
    PeerUserFactory,
    PrincipalAdviserFactory,
)
from challenges.choices import ChallengeStatus, FindingArea, FindingKind, TeamRole
from challenges.tests.factories import ChallengeFactory, FindingFactory, TeamMembershipFactory
from peersupport.tests.browser import AXE_SCRIPT, AccessibilityAudit
from reports.choices import ReportStatus
from reports.models import FeedbackReport
from reports.tests.factories import FeedbackReportFactory

from .pages import PublicationPages

pytestmark = pytest.mark.e2e

SUMMARY = "Avon Fire and Rescue Service knows its communities well, and its crews are trusted by them."
STRENGTH = "Home fire safety visits reach the residents most at risk, with partners' referrals."
RECOMMENDATION = "Publish the response standards for rural areas, with quarterly reports to members."
DOWNLOAD = re.compile(r"^Download version 1 \(PDF, \d+ pages, [\d.]+\sKB\)$")


@pytest.fixture
def challenge(transactional_db):
    """Avon's operational assessment, on site in September 2026 and led by Alex Morgan, its
    findings and summary written; Avon's contact and the South West's adviser have logins. And
    a report published at Cleveland (North East), which the library's region filter leaves out."""
    avon = Authority.objects.get(slug="avon")
    challenge = ChallengeFactory(
        authority=avon, status=ChallengeStatus.REPORT_DRAFTING, start_date=datetime.date(2026, 9, 7),
        end_date=datetime.date(2026, 9, 10), executive_summary=SUMMARY,
        people_met="The chief fire officer, the fire authority's members and on-call crews.",
        places_visited="Headquarters at Portishead and four fire stations.",
    )
    lead = PeerFactory(full_name="Alex Morgan", can_lead=True, home_authority=Authority.objects.get(slug="kent"),
                       user=PeerUserFactory(email="lead.peer@example.org", full_name="Alex Morgan"))
    TeamMembershipFactory(challenge=challenge, peer=lead, role=TeamRole.LEAD_PEER)
    FindingFactory(challenge=challenge, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, text=STRENGTH, position=1)
    FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, area=FindingArea.RESPONSE, text=RECOMMENDATION,
                   position=1)
    PrincipalAdviserFactory(email="adviser@example.org", region=Region.SOUTH_WEST)
    FraContactFactory(email="contact@example.org", authority=avon)
    FeedbackReportFactory(
        published=True, challenge=ChallengeFactory(authority=Authority.objects.get(slug="cleveland"), status=ChallengeStatus.PUBLISHED),
    )
    return challenge


@contextlib.contextmanager
def public_browser(browser, live_server):
    """A browser of its own for a member of the public: a new context, never signed in, with
    axe-core in every page and any console error failing the journey, as browser_page has."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(15_000)
    context.add_init_script(path=str(AXE_SCRIPT))
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    audit = AccessibilityAudit(page)
    try:
        yield PublicationPages(page, audit, PASSWORD)
    finally:
        context.close()
    assert errors == [], f"The public's browser reported errors: {errors}"
    assert audit.unaudited_paths() == [], "Pages visited without an axe-core audit"


def test_a_report_asked_for_published_downloaded_and_found_by_the_public(
    browser, browser_page, live_server, report_worker, challenge,
):
    page, audit = browser_page
    service = PublicationPages(page, audit, PASSWORD)

    # The lead peer asks for the report and watches it become ready.
    service.sign_in("lead.peer@example.org").open(challenge.get_absolute_url())
    service.press("Ask for the feedback report")
    assert service.notification() == "Version 1 of the feedback report has been requested"
    service.wait_for_row_status(1, "Ready to publish")
    assert DOWNLOAD.match(" ".join(service.row(1).get_by_test_id("report-download").inner_text().split()))
    report = FeedbackReport.objects.get(challenge=challenge)
    assert (report.status, report.attempts) == (ReportStatus.READY, 1)
    service.sign_out()

    # The principal adviser publishes it, from the page that says what publishing means.
    service.sign_in("adviser@example.org").open(challenge.get_absolute_url())
    summary = service.publish(1)
    assert (summary["Version"], summary["SHA-256"]) == ("1", report.sha256)
    assert service.notification() == "Version 1 of the feedback report is published"
    service.wait_for_row_status(1, "Published")
    report.refresh_from_db()
    assert (report.status, report.published_by.email) == (ReportStatus.PUBLISHED, "adviser@example.org")
    service.sign_out()

    # The authority's contact downloads it from the challenge's page: the file that was published.
    service.sign_in("contact@example.org").open(challenge.get_absolute_url())
    download = service.download(service.row(1).get_by_test_id("report-download"))
    pdf = Path(download.path()).read_bytes()
    assert download.suggested_filename == report.download_filename == "avon-fire-authority-operational-assessment-2026-09-v1.pdf"
    assert (pdf[:5], hashlib.sha256(pdf).hexdigest()) == (b"%PDF-", report.sha256)

    # A member of the public finds it in the library, reads it, downloads it and follows the feed.
    with public_browser(browser, live_server) as public:
        public.open("/").follow("Published peer challenge reports", within=public.page.get_by_role("main"))
        assert public.page.get_by_test_id("report-count").inner_text() == "2 reports"
        public.filter_library(Region="South West")
        assert public.library_rows() == [
            ["Avon Fire Authority", "Operational Assessment and fire peer challenge", "September 2026",
             report.published_at.strftime("%-d %B %Y"), "Download the Avon report (PDF)", "Not yet published"],
        ]
        public.navigate_by(public.page.get_by_test_id("report-page-link"))
        # The page's own heading first. (The HTML version brings a second <h1>, its cover's title:
        # reported to its owner; this journey reads the page's.)
        assert public.page.get_by_role("heading", level=1).first.inner_text() == "Avon Fire Authority: feedback report"
        html = public.report_html()
        assert html.get_by_role("heading", name="Executive summary", exact=True).count() == 1
        assert SUMMARY in html.inner_text()
        assert STRENGTH in html.inner_text() and RECOMMENDATION in html.inner_text()

        download = public.download(public.page.get_by_test_id("report-download"))
        assert download.suggested_filename == report.download_filename
        assert hashlib.sha256(Path(download.path()).read_bytes()).hexdigest() == report.sha256

        public.open("/reports/")
        title, entries = public.feed(public.page.get_by_test_id("report-feed-link").get_attribute("href"))
        assert title == "Fire peer challenge reports"
        assert entries[0] == ("Avon Fire Authority: feedback report", f"{live_server.url}/reports/{report.pk}/")
