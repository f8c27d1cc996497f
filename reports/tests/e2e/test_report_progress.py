"""A report's progress in the browser: the lead peer asks for the feedback report and watches
its row go from queued, through being prepared, to ready with its download link, and LGA
staff watch a failed render show its error and try again; the page is never loaded again
(a mark left on its window survives). axe-core audits every state of the page.

With a broker (CI's PostgreSQL and Redis run) a real worker renders in the background. Without
one, the request is recorded while the broker is unreachable, and the test takes the worker's
steps itself (claim the version, then render it) while the page watches."""

import re

import pytest

from authorities.models import Authority
from authorities.tests.factories import PASSWORD, LgaAdminFactory, PeerFactory, PeerUserFactory
from challenges.choices import TeamRole
from challenges.tests.factories import ChallengeFactory, FindingFactory, TeamMembershipFactory
from reports.choices import ReportStatus
from reports.models import FeedbackReport
from reports.services import pipeline
from reports.tests.factories import FeedbackReportFactory

from .pages import ReportPanelPages

pytestmark = pytest.mark.e2e

ERROR = "RuntimeError: WeasyPrint ran out of memory"
DOWNLOAD = re.compile(r"^Download version 1 \(PDF, \d+ pages?, [\d.]+\s(KB|bytes)\)$")


@pytest.fixture
def challenge(transactional_db):
    """A challenge at Avon led by Alex Morgan, with a finding to report."""
    challenge = ChallengeFactory(authority=Authority.objects.get(slug="avon"))
    lead = PeerFactory(full_name="Alex Morgan", can_lead=True, home_authority=Authority.objects.get(slug="kent"),
                       user=PeerUserFactory(email="lead.peer@example.org", full_name="Alex Morgan"))
    TeamMembershipFactory(challenge=challenge, peer=lead, role=TeamRole.LEAD_PEER)
    FindingFactory(challenge=challenge, text="Crews arrive fast.")
    return challenge


def test_lead_peer_asks_for_the_report_and_watches_it_become_ready(browser_page, report_worker, challenge, request):
    page, audit = browser_page
    service = ReportPanelPages(page, audit, PASSWORD)
    service.sign_in("lead.peer@example.org").open(challenge.get_absolute_url())

    broker_back = None if report_worker else request.getfixturevalue("broker_down")
    service.press("Ask for the feedback report")
    assert service.notification() == "Version 1 of the feedback report has been requested"
    service.mark_the_page()

    if report_worker is None:
        # No worker: the version waits, recorded, until the test does the worker's part.
        broker_back()
        assert service.row_text(1).endswith("Queued Queued — waiting for a worker. Check again")
        claimed = pipeline.report_claim(report_id=FeedbackReport.objects.get().pk)
        service.wait_for_row_status(1, "Being prepared")
        assert re.search(r"Being prepared Being prepared — started \d+ s ago\. Check again$", service.row_text(1))
        assert service.announcement() == "Version 1 of the feedback report: Being prepared"
        pipeline.report_render_claimed(report=claimed)

    service.wait_for_row_status(1, "Ready to publish")
    download = service.row(1).get_by_test_id("report-download")
    assert DOWNLOAD.match(" ".join(download.inner_text().split()))
    assert "Check again" not in service.row_text(1)
    assert service.announcement() == "Version 1 of the feedback report: Ready to publish"
    assert service.page_was_not_reloaded()
    assert service.download(download).suggested_filename.endswith("-v1.pdf")
    assert FeedbackReport.objects.get().status == ReportStatus.READY


def test_staff_see_a_failed_render_with_its_error_and_try_again(browser_page, report_worker, challenge):
    page, audit = browser_page
    LgaAdminFactory(email="jo.bennett@example.org")
    report = FeedbackReportFactory(challenge=challenge, version=1)  # queued, as a worker would find it
    service = ReportPanelPages(page, audit, PASSWORD)
    service.sign_in("jo.bennett@example.org").open(challenge.get_absolute_url())
    service.mark_the_page()

    claimed = pipeline.report_claim(report_id=report.pk)
    pipeline.report_mark_failed(report=claimed, error=RuntimeError("WeasyPrint ran out of memory"))

    service.wait_for_row_status(1, "Failed")
    assert service.row(1).get_by_test_id("report-error").inner_text() == ERROR
    assert service.announcement() == "Version 1 of the feedback report: Failed"
    assert service.page_was_not_reloaded()

    # The row's "Try again", put in place by the page, works as any other button.
    service.navigate_by(service.row(1).get_by_role("button", name="Try again"))
    assert service.notification() == "Version 1 of the feedback report has been queued again"
    service.wait_for_row_status(1, "Ready to publish")
    assert service.row(1).get_by_test_id("report-error").count() == 0
