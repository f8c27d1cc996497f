import datetime

import pytest
from django.db import IntegrityError, transaction

from authorities.models import Authority
from challenges.tests.factories import ChallengeFactory
from reports.choices import ReportStatus
from reports.models import FeedbackReport, report_file_path

from .factories import FAKE_PDF_SHA256, FeedbackReportFactory

pytestmark = pytest.mark.usefixtures("media_root")


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackReportFactory(**fields)


@pytest.mark.integration
def test_report_download_filename_names_authority_month_and_version(db):
    challenge = ChallengeFactory(
        authority=Authority.objects.get(slug="hampshire-and-isle-of-wight"),
        start_date=datetime.date(2026, 11, 2),
        end_date=datetime.date(2026, 11, 5),
    )

    report = FeedbackReportFactory(challenge=challenge, version=3)

    assert report.download_filename == "hampshire-and-isle-of-wight-fire-and-rescue-authority-operational-assessment-2026-11-v3.pdf"


@pytest.mark.integration
def test_report_file_path_ignores_the_given_filename(challenge):
    report = FeedbackReportFactory.build(challenge=challenge, version=2)

    assert report_file_path(report, "../../etc/passwd") == f"reports/avon/challenge-{challenge.pk}-v2.pdf"


@pytest.mark.integration
def test_report_str_and_download_url(challenge):
    report = FeedbackReportFactory(challenge=challenge, version=1)

    assert str(report) == "Feedback report v1 for Operational Assessment and fire peer challenge: Avon, March 2027"
    assert report.get_download_url() == f"/reports/{report.pk}/download/"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("status", "colour", "pending"),
    [
        (ReportStatus.QUEUED, "grey", True),
        (ReportStatus.RENDERING, "blue", True),
        (ReportStatus.FAILED, "red", False),
        (ReportStatus.READY, "yellow", False),
        (ReportStatus.PUBLISHED, "green", False),
        (ReportStatus.SUPERSEDED, "grey", False),
    ],
)
def test_report_status_colour_and_pending(status, colour, pending):
    report = FeedbackReport(status=status)

    assert (report.status_colour, report.is_pending) == (colour, pending)


@pytest.mark.integration
def test_report_same_version_twice_refused_by_database(challenge):
    FeedbackReportFactory(challenge=challenge, version=1)

    _refused(challenge=challenge, version=1)


@pytest.mark.integration
def test_report_two_published_versions_refused_by_database(challenge):
    FeedbackReportFactory(challenge=challenge, version=1, published=True)

    _refused(challenge=challenge, version=2, published=True)


@pytest.mark.integration
def test_report_published_without_file_refused_by_database(challenge):
    _refused(challenge=challenge, status=ReportStatus.PUBLISHED, published_at=datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC))


@pytest.mark.integration
def test_report_published_without_date_refused_by_database(challenge):
    _refused(challenge=challenge, ready=True, status=ReportStatus.PUBLISHED)


@pytest.mark.integration
def test_report_versions_latest_first(challenge):
    first, second = FeedbackReportFactory(challenge=challenge, version=1), FeedbackReportFactory(challenge=challenge, version=2, status=ReportStatus.FAILED)

    assert list(challenge.reports.all()) == [second, first]


# A once-published version is frozen by the database itself (migration 0005's trigger).

FROZEN = "A published report version never changes its files or goes back to being a draft"


@pytest.mark.integration
@pytest.mark.parametrize(
    "change",
    [
        {"sha256": "0" * 64}, {"file": "reports/avon/other.pdf"}, {"file_size": 1}, {"html_file": "reports/avon/other.html"},
        {"html_sha256": "1" * 64}, {"status": ReportStatus.READY}, {"status": ReportStatus.FAILED},
    ],
    ids=lambda change: "-".join(f"{key}={value}"[:24] for key, value in change.items()),
)
@pytest.mark.parametrize("status", [ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED])
def test_report_once_published_files_and_status_refused_by_database(challenge, status, change):
    report = FeedbackReportFactory(challenge=challenge, version=1, published=True, status=status)

    with pytest.raises(IntegrityError, match=FROZEN), transaction.atomic():
        FeedbackReport.objects.filter(pk=report.pk).update(**change)

    assert FeedbackReport.objects.get(pk=report.pk).sha256 == FAKE_PDF_SHA256


@pytest.mark.integration
def test_report_once_published_may_be_superseded_withdrawn_and_redated(challenge):
    report = FeedbackReportFactory(challenge=challenge, version=1, published=True)
    withdrawn_at = datetime.datetime(2027, 6, 2, tzinfo=datetime.UTC)

    FeedbackReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUPERSEDED)
    FeedbackReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.WITHDRAWN, withdrawn_at=withdrawn_at, withdrawal_reason="Named a member of staff."
    )
    FeedbackReport.objects.filter(pk=report.pk).update(published_at=withdrawn_at)

    report.refresh_from_db()
    assert (report.status, report.published_at, report.sha256) == (ReportStatus.WITHDRAWN, withdrawn_at, FAKE_PDF_SHA256)


@pytest.mark.integration
def test_report_draft_files_may_change(challenge):
    report = FeedbackReportFactory(challenge=challenge, version=1, ready=True)

    FeedbackReport.objects.filter(pk=report.pk).update(sha256="2" * 64, status=ReportStatus.FAILED)

    assert FeedbackReport.objects.get(pk=report.pk).sha256 == "2" * 64
