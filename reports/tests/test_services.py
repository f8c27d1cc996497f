import io
import threading
import time
from pathlib import Path
from unittest import mock

import pypdf
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from authorities.choices import PeerType
from authorities.models import Authority
from authorities.tests.factories import PeerFactory
from challenges.choices import ChallengeStatus, FindingArea, FindingKind, TeamRole
from challenges.models import Challenge
from challenges.tests.factories import ChallengeFactory, FindingFactory, TeamMembershipFactory
from reports import tasks
from reports.choices import ReportStatus
from reports.models import FeedbackReport
from reports.rows import FAILED_FOR_OTHERS
from reports.services.correction import report_correction_open
from reports.services.documents import StaticOnlyURLFetcher
from reports.services.publication import report_publish
from reports.services.request import report_request, report_retry

from .factories import FAKE_PDF, FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]

# Kept in full for LGA staff; the challenge's page shows others that it failed (reports/rows.py).
FAILED_MESSAGE = "RuntimeError: Pango gave up"


@pytest.fixture
def with_findings(challenge, lead_peer):
    FindingFactory(challenge=challenge, recorded_by=lead_peer.user)
    return challenge


@pytest.fixture
def render(django_capture_on_commit_callbacks):
    """Run what a service queued on commit: the render task, in-process."""

    def render(service, *, callbacks_expected=1, **kwargs):
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            result = service(**kwargs)
        assert len(callbacks) == callbacks_expected
        result.refresh_from_db()
        return result

    return render


def _pdf_text(report):
    with report.file.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


# report_request


def test_report_request_lead_peer_queues_version_1(with_findings, lead_peer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        report = report_request(by=lead_peer.user, challenge=with_findings)

    assert (report.version, report.status, report.requested_by, report.attempts) == (1, ReportStatus.QUEUED, lead_peer.user, 0)
    assert len(callbacks) == 1
    with_findings.refresh_from_db()
    assert with_findings.status == ChallengeStatus.REPORT_DRAFTING


def test_report_request_renders_once_committed(with_findings, lead_peer, render):
    report = render(report_request, by=lead_peer.user, challenge=with_findings)

    assert (report.status, report.attempts, report.error_message) == (ReportStatus.READY, 1, "")
    assert report.finished_at is not None
    assert report.file.name == f"reports/avon/challenge-{with_findings.pk}-v1.pdf"
    assert report.file.read(5) == b"%PDF-"


def test_report_request_without_findings_refused(challenge, lead_peer):
    with pytest.raises(ValidationError) as error:
        report_request(by=lead_peer.user, challenge=challenge)

    assert error.value.messages == ["Record at least one finding before asking for the report"]
    assert FeedbackReport.objects.count() == 0
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.CONFIRMED


@pytest.mark.parametrize("pending", [ReportStatus.QUEUED, ReportStatus.RENDERING])
def test_report_request_refused_while_a_version_is_pending(with_findings, lead_peer, pending):
    FeedbackReportFactory(challenge=with_findings, version=1, status=pending)

    with pytest.raises(ValidationError) as error:
        report_request(by=lead_peer.user, challenge=with_findings)

    assert error.value.messages == ["A version of this report is already being prepared"]
    assert with_findings.reports.count() == 1


def test_report_request_twice_at_once_gives_one_version_and_a_clear_refusal(
    transactional_db, django_db_serialized_rollback, with_findings, lead_peer, monkeypatch
):
    """A double click: two requests wait on the same challenge, then take turns."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database, not a row: the PostgreSQL run (CI) tests this")
    queued, outcomes = [], []
    monkeypatch.setattr(tasks.report_render, "delay", queued.append)  # the broker is not what is tested

    def ask():
        try:
            outcomes.append(report_request(by=lead_peer.user, challenge=with_findings).version)
        except ValidationError as error:
            outcomes.append(error.messages)
        finally:
            connection.close()

    with transaction.atomic():  # another request holds the challenge while both arrive
        Challenge.objects.select_for_update().get(pk=with_findings.pk)
        askers = [threading.Thread(target=ask) for _ in range(2)]
        for asker in askers:
            asker.start()
        time.sleep(0.5)
    for asker in askers:
        asker.join(timeout=30)

    assert sorted(outcomes, key=str) == [1, ["A version of this report is already being prepared"]]
    assert (list(with_findings.reports.values_list("version", flat=True)), len(queued)) == ([1], 1)


def test_report_request_version_numbers_increment(with_findings, lead_peer):
    FeedbackReportFactory(challenge=with_findings, version=1, failed=True)
    FeedbackReportFactory(challenge=with_findings, version=2, ready=True)
    FeedbackReportFactory(challenge=ChallengeFactory(), version=7, ready=True)

    report = report_request(by=lead_peer.user, challenge=with_findings)

    assert report.version == 3
    assert list(with_findings.reports.values_list("version", flat=True)) == [3, 2, 1]


def test_report_request_again_after_ready_gives_version_2(with_findings, lead_peer, render):
    render(report_request, by=lead_peer.user, challenge=with_findings)

    second = render(report_request, by=lead_peer.user, challenge=with_findings)

    assert (second.version, second.status) == (2, ReportStatus.READY)
    assert second.file.name == f"reports/avon/challenge-{with_findings.pk}-v2.pdf"


def test_report_request_challenge_manager_on_the_team_may_ask(with_findings, challenge_manager):
    assert report_request(by=challenge_manager.user, challenge=with_findings).requested_by == challenge_manager.user


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "team_peer", "other_peer_user", "fra_contact", "anonymous"])
def test_report_request_refused_to_anyone_but_the_reporters(with_findings, user_for, role):
    with pytest.raises(PermissionDenied, match="^You cannot ask for this challenge's report.$"):
        report_request(by=user_for(role), challenge=with_findings)

    assert FeedbackReport.objects.count() == 0


# report_render: the PDF


@pytest.fixture
def full_challenge(challenge, lead_peer):
    """A challenge with a team of three and one finding of every kind."""
    lead_peer.full_name = "Alex Morgan"
    lead_peer.save()
    TeamMembershipFactory(
        challenge=challenge,
        peer=PeerFactory(full_name="Claire Hughes", peer_type=PeerType.MEMBER, political_group="labour", home_authority=Authority.objects.get(slug="lancashire")),
        role=TeamRole.MEMBER_PEER,
    )
    TeamMembershipFactory(
        challenge=challenge,
        peer=PeerFactory(full_name="Megan Price", peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None),
        role=TeamRole.CHALLENGE_MANAGER,
    )
    for kind, area, text in [
        (FindingKind.STRENGTH, FindingArea.PREVENTION, "Home fire safety visits are targeted using a clear risk model."),
        (FindingKind.AREA_FOR_CONSIDERATION, FindingArea.PROTECTION, "The inspection programme is behind its timetable."),
        (FindingKind.RECOMMENDATION, FindingArea.PROTECTION, "Review the capacity of the protection team."),
        (FindingKind.NOTABLE_PRACTICE, FindingArea.RESPONSE, "On-call availability is shared live with neighbours."),
        (FindingKind.STRENGTH, FindingArea.GOVERNANCE, "Zoë’s scrutiny panel <script>alert(1)</script> & co."),
    ]:
        FindingFactory(challenge=challenge, kind=kind, area=area, text=text, recorded_by=lead_peer.user)
    return challenge


def test_report_render_pdf_holds_every_finding_the_authority_and_the_team(full_challenge, lead_peer, render):
    report = render(report_request, by=lead_peer.user, challenge=full_challenge)

    text, _ = _pdf_text(report)
    for finding in full_challenge.findings.all():
        assert finding.text in text
    assert "Avon Fire Authority" in text
    # The approach's team table: name, role, home authority.
    assert "Alex Morgan Lead peer Kent and Medway Fire and Rescue Authority" in text
    assert "Claire Hughes Member peer Lancashire Combined Fire Authority" in text
    assert "Megan Price " in text
    assert "Feedback report, version 1" in text


def test_report_render_pdf_keeps_lga_in_capitals(full_challenge, lead_peer, render):
    report = render(report_request, by=lead_peer.user, challenge=full_challenge)

    text, _ = _pdf_text(report)
    assert "Megan Price LGA challenge manager" in text


def test_report_render_pdf_groups_feedback_and_numbers_recommendations(full_challenge, lead_peer, render):
    report = render(report_request, by=lead_peer.user, challenge=full_challenge)

    text, _ = _pdf_text(report)
    assert "Key recommendations Recommendation 1 (Protection, medium priority) Review the capacity of the protection team." in text
    assert (
        "Prevention Strengths Home fire safety visits are targeted using a clear risk model. "
        "Protection Areas for consideration The inspection programme is behind its timetable."
    ) in text
    assert "What the authority does On-call availability is shared live with neighbours." in text


def test_report_render_pdf_is_tagged_and_in_british_english(full_challenge, lead_peer, render):
    report = render(report_request, by=lead_peer.user, challenge=full_challenge)

    _, reader = _pdf_text(report)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert "/MarkInfo" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a PDF boolean object)
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == "Avon Fire Authority: Operational Assessment and fire peer challenge feedback report"


def test_report_render_leaves_a_report_no_longer_pending_alone(with_findings):
    report = FeedbackReportFactory(challenge=with_findings, published=True)

    tasks.report_render.delay(report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts, report.file.read()) == (ReportStatus.PUBLISHED, 0, FAKE_PDF)


def test_report_render_task_for_a_deleted_report_returns_quietly(db):
    assert tasks.report_render.delay(987654).result is None


# The URL fetcher: our static files only


def _static(*parts):
    return Path(settings.BASE_DIR, "static", *parts)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("file:///etc/passwd", id="system-file"),
        pytest.param("http://169.254.169.254/latest/meta-data/", id="http-metadata-service"),
        pytest.param("https://example.com/tracker.png", id="https"),
        pytest.param("ftp://example.com/file", id="ftp"),
        pytest.param(f"file://{_static('..', '..', '..', 'etc', 'passwd')}", id="dot-dot-traversal"),
        pytest.param(f"file://{settings.BASE_DIR}/db.sqlite3", id="project-database"),
        pytest.param(f"file://{settings.BASE_DIR}/peersupport/settings/base.py", id="project-settings"),
        pytest.param(f"file://{_static()}%2F..%2F..%2F..%2Fetc%2Fpasswd", id="encoded-slashes"),
        pytest.param(f"file://{_static()}/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", id="encoded-dot-dot-traversal"),
    ],
)
def test_static_only_url_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(ValueError, match="^Only the service's static files may be used in a report, not "):
        StaticOnlyURLFetcher().fetch(url)


def test_static_only_url_fetcher_reads_the_report_stylesheet():
    response = StaticOnlyURLFetcher().fetch(f"file://{_static('reports', 'pdf.css')}")

    assert response.read().startswith(b"/* The printed feedback report")


def test_report_render_finding_markup_is_printed_as_text_not_followed(with_findings, lead_peer, render):
    markup = '<img src="file:///etc/passwd"> <link rel=stylesheet href="http://example.com/x.css">'
    FindingFactory(challenge=with_findings, text=markup)

    report = render(report_request, by=lead_peer.user, challenge=with_findings)

    assert report.status == ReportStatus.READY
    # Compared without spaces: where the long address breaks across lines depends on the fonts.
    assert markup.replace(" ", "") in _pdf_text(report)[0].replace(" ", "")
    assert "root:x:0:0" not in _pdf_text(report)[0]


# Failure and retry


def test_report_render_crash_marks_the_report_failed_with_a_message(with_findings, lead_peer, render):
    with mock.patch("reports.services.documents.report_document", side_effect=RuntimeError("Pango gave up")):
        report = render(report_request, by=lead_peer.user, challenge=with_findings, callbacks_expected=2)  # the render, then the email to LGA staff

    assert (report.status, report.error_message, report.attempts, report.file.name) == (
        ReportStatus.FAILED,
        FAILED_MESSAGE,
        1,
        "",
    )


def test_report_failed_shows_why_to_lga_staff_and_that_it_failed_to_the_team(with_findings, lead_peer, render, client, sign_in):
    with mock.patch("reports.services.documents.report_document", side_effect=RuntimeError("Pango gave up")):
        report = render(report_request, by=lead_peer.user, challenge=with_findings, callbacks_expected=2)  # the render, then the email to LGA staff
    sign_in("lead_peer")

    page = client.get(f"/challenges/{with_findings.pk}/").content.decode()

    assert FAILED_FOR_OTHERS in page
    assert f'action="/reports/{report.pk}/retry/"' in page
    assert "Pango gave up" not in page

    sign_in("adviser")
    page = client.get(f"/challenges/{with_findings.pk}/").content.decode()

    assert FAILED_MESSAGE in page
    assert FAILED_FOR_OTHERS not in page


def test_report_retry_after_a_crash_renders_the_report(with_findings, lead_peer, render):
    with mock.patch("reports.services.documents.report_document", side_effect=RuntimeError("Pango gave up")):
        failed = render(report_request, by=lead_peer.user, challenge=with_findings, callbacks_expected=2)  # the render, then the email to LGA staff

    report = render(report_retry, by=lead_peer.user, report=failed)

    assert (report.pk, report.version, report.status, report.error_message, report.attempts) == (
        failed.pk,
        1,
        ReportStatus.READY,
        "",
        1,  # counted afresh: the retry has attempts of its own
    )
    assert report.file.read(5) == b"%PDF-"


def test_report_retry_queues_the_report_again(with_findings, lead_peer, django_capture_on_commit_callbacks):
    failed = FeedbackReportFactory(challenge=with_findings, failed=True)

    with django_capture_on_commit_callbacks() as callbacks:
        report = report_retry(by=lead_peer.user, report=failed)

    assert (report.status, report.error_message, len(callbacks)) == (ReportStatus.QUEUED, "", 1)


@pytest.mark.parametrize("status", [ReportStatus.QUEUED, ReportStatus.RENDERING, ReportStatus.READY])
def test_report_retry_only_a_failed_report(with_findings, lead_peer, status):
    report = FeedbackReportFactory(challenge=with_findings, ready=status == ReportStatus.READY, status=status)

    with pytest.raises(ValidationError) as error:
        report_retry(by=lead_peer.user, report=report)

    assert error.value.messages == ["Only a report that failed can be tried again"]
    report.refresh_from_db()
    assert report.status == status


@pytest.mark.parametrize("role", ["lead_peer", "lga_admin", "adviser"])
def test_report_retry_allowed_to_reporters_and_managers(with_findings, user_for, role):
    report = FeedbackReportFactory(challenge=with_findings, failed=True)

    assert report_retry(by=user_for(role), report=report).status == ReportStatus.QUEUED


@pytest.mark.parametrize("role", ["team_peer", "other_adviser", "other_peer_user", "fra_contact", "anonymous"])
def test_report_retry_refused_to_anyone_else(with_findings, user_for, role):
    report = FeedbackReportFactory(challenge=with_findings, failed=True)

    with pytest.raises(PermissionDenied, match="^You cannot retry this report.$"):
        report_retry(by=user_for(role), report=report)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED


# report_publish


def test_report_publish_ready_report_becomes_public(with_findings, adviser):
    report = FeedbackReportFactory(challenge=with_findings, ready=True)

    published = report_publish(by=adviser, report=report)

    report.refresh_from_db()
    with_findings.refresh_from_db()
    assert (published.status, report.status, report.published_by) == (ReportStatus.PUBLISHED, ReportStatus.PUBLISHED, adviser)
    assert report.published_at is not None
    assert with_findings.status == ChallengeStatus.PUBLISHED


def test_report_publish_supersedes_the_earlier_published_version(with_findings, lga_admin):
    first = FeedbackReportFactory(challenge=with_findings, version=1, published=True)
    report_correction_open(by=lga_admin, challenge=with_findings, change_note="Corrects a date.")
    second = FeedbackReportFactory(challenge=with_findings, version=2, ready=True)

    report_publish(by=lga_admin, report=second)

    assert dict(with_findings.reports.values_list("version", "status")) == {
        1: ReportStatus.SUPERSEDED,
        2: ReportStatus.PUBLISHED,
    }
    assert FeedbackReport.objects.filter(pk=first.pk, file="").count() == 0


def test_report_publish_leaves_other_challenges_reports_alone(with_findings, lga_admin):
    elsewhere = FeedbackReportFactory(challenge=ChallengeFactory(), published=True)
    report = FeedbackReportFactory(challenge=with_findings, ready=True)

    report_publish(by=lga_admin, report=report)

    elsewhere.refresh_from_db()
    assert elsewhere.status == ReportStatus.PUBLISHED


@pytest.mark.parametrize(
    ("trait", "message"),
    [
        ({"status": ReportStatus.QUEUED}, "Only a report that is ready can be published"),
        ({"status": ReportStatus.RENDERING}, "Only a report that is ready can be published"),
        ({"failed": True}, "Only a report that is ready can be published"),
        ({"published": True}, "This version has already been published and cannot change"),
    ],
    ids=["queued", "rendering", "failed", "published"],
)
def test_report_publish_only_a_ready_report(with_findings, lga_admin, trait, message):
    report = FeedbackReportFactory(challenge=with_findings, **trait)

    with pytest.raises(ValidationError) as error:
        report_publish(by=lga_admin, report=report)

    assert error.value.messages == [message]


def test_report_publish_superseded_version_cannot_come_back(with_findings, lga_admin):
    report = FeedbackReportFactory(challenge=with_findings, published=True, status=ReportStatus.SUPERSEDED)

    with pytest.raises(ValidationError):
        report_publish(by=lga_admin, report=report)


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
def test_report_publish_allowed_to_lga_admin_and_the_regions_adviser(with_findings, user_for, role):
    report = FeedbackReportFactory(challenge=with_findings, ready=True)

    assert report_publish(by=user_for(role), report=report).published_by == user_for(role)


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "team_peer", "fra_contact", "anonymous"])
def test_report_publish_refused_to_anyone_else(with_findings, user_for, role):
    report = FeedbackReportFactory(challenge=with_findings, ready=True)

    with pytest.raises(PermissionDenied, match="^You cannot publish this report.$"):
        report_publish(by=user_for(role), report=report)

    report.refresh_from_db()
    assert report.status == ReportStatus.READY
