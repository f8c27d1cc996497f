"""The render task through a real Celery worker process and a real Redis broker.

Skipped, with the reason printed, when CELERY_BROKER_URL is not set; CI sets it."""

import time

import pytest

from challenges.choices import FindingArea, FindingKind
from challenges.insight.period import InsightPeriod
from challenges.tests.factories import ChallengeFactory, FindingFactory
from reports.choices import PENDING_STATUSES, ReportStatus
from reports.services.request import committee_paper_request, report_request, report_retry
from reports.tests.pdf import stored_pdf_text

pytestmark = [pytest.mark.integration, pytest.mark.celery_worker]

# The error in full, for LGA staff: the storage could not make the report's folder.
FAILED_MESSAGE = "NotADirectoryError: [Errno 20] Not a directory: "


def _wait_until_settled(report, timeout=90):
    """The report once the worker has finished with it (ready or failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status not in PENDING_STATUSES:
            return report
        time.sleep(0.25)
    raise AssertionError(f"Report {report.pk} still {report.status} after {timeout}s")


def test_report_render_real_worker_stores_the_pdf_with_the_findings(celery_worker, challenge, lead_peer):
    FindingFactory(challenge=challenge, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION,
                   text="Home fire safety visits reach the most vulnerable residents first.", recorded_by=lead_peer.user)
    FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, area=FindingArea.PROTECTION,
                   text="Review the risk-based inspection programme.", recorded_by=lead_peer.user)

    report = _wait_until_settled(report_request(by=lead_peer.user, challenge=challenge))

    assert (report.status, report.attempts, report.error_message) == (ReportStatus.READY, 1, "")
    text = stored_pdf_text(report)
    assert "Home fire safety visits reach the most vulnerable residents first." in text
    assert "Review the risk-based inspection programme." in text


def test_report_render_real_worker_failure_is_visible_and_can_be_retried(celery_worker, challenge, lead_peer, media_root):
    FindingFactory(challenge=challenge, recorded_by=lead_peer.user)
    # The worker cannot store files while the media folder is a plain file: a transient error
    # (OSError), tried again after 5 s and 10 s, then the report is marked failed.
    media_root.parent.mkdir(parents=True, exist_ok=True)
    media_root.write_text("not a folder")

    failed = _wait_until_settled(report_request(by=lead_peer.user, challenge=challenge))

    assert (failed.status, failed.attempts, failed.error_message[:len(FAILED_MESSAGE)]) == (ReportStatus.FAILED, 3, FAILED_MESSAGE)
    assert failed.error_message == f"{FAILED_MESSAGE}'{media_root}/reports'"
    assert failed.file.name == ""

    media_root.unlink()
    retried = _wait_until_settled(report_retry(by=lead_peer.user, report=failed))

    assert (retried.status, retried.attempts, retried.error_message) == (ReportStatus.READY, 1, "")  # counted afresh
    assert retried.file.read(5) == b"%PDF-"


def test_committee_paper_real_worker_stores_the_pdf_of_the_periods_figures(celery_worker, lga_admin, avon):
    ChallengeFactory(authority=avon)  # booked for March 2027: in the financial year 2026 to 2027

    paper = _wait_until_settled(committee_paper_request(by=lga_admin, period=InsightPeriod(year=2026)))

    assert (paper.status, paper.attempts, paper.error_message) == (ReportStatus.READY, 1, "")
    text = stored_pdf_text(paper)
    assert "Fire peer challenge programme: progress report, the financial year 2026 to 2027, England" in text
    assert "Avon Fire Authority South West Operational Assessment and fire peer challenge" in text
