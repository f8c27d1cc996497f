"""The report pipeline (reports/services/pipeline.py, reports/tasks.py, reports/services/request.py):
the record is the request; a render stores everything the record holds, once; errors are judged
(transient ones tried again with a pause, a time limit or anything else failed at once); the
sweep sends again what no worker took up and takes back what a killed worker left; staff may
send a stuck version again; the slides and a corrected feedback report are asked for by their
rules; files go to S3 when configured.

The tests marked celery_worker run a real worker on Redis; they are skipped, saying why, when
CELERY_BROKER_URL is not set."""

import datetime
import hashlib
import io
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import kombu.exceptions
import pypdf
import pytest
import redis.exceptions
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import task_retry
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from authorities.models import Authority
from challenges.choices import ChallengeStatus, FindingArea, FindingKind, FindingState
from challenges.models import Challenge
from challenges.tests.factories import ChallengeFactory, FindingFactory
from peersupport.celery import app
from peersupport.models import OutboxEmail
from peersupport.tests.clock import NOW
from reports import tasks
from reports.choices import PENDING_STATUSES, ReportKind, ReportStatus
from reports.models import FeedbackReport
from reports.permissions import can_requeue_report, is_stuck
from reports.services import documents, pipeline
from reports.services.request import PUBLISHED_REFUSAL, report_request, report_requeue, report_retry

from .factories import FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]

SECOND = datetime.timedelta(seconds=1)
MINUTE = datetime.timedelta(minutes=1)
REQUEUE_REFUSAL = "^You cannot send this report to the workers again.$"


@pytest.fixture
def with_findings(challenge, lead_peer):
    FindingFactory(challenge=challenge, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION,
                   text="Home fire safety visits reach the most vulnerable residents first.", recorded_by=lead_peer.user)
    FindingFactory(challenge=challenge, kind=FindingKind.RECOMMENDATION, area=FindingArea.PROTECTION,
                   text="Review the risk-based inspection programme.", recorded_by=lead_peer.user)
    return challenge


@pytest.fixture
def retries():
    """The countdown of every retry the render task asks for, in order."""
    countdowns = []

    def record(sender=None, request=None, reason=None, **kwargs):
        countdowns.append(reason.when)

    task_retry.connect(record, sender=tasks.report_render, weak=False)
    yield countdowns
    task_retry.disconnect(record, sender=tasks.report_render)


def _stored_files(media_root):
    folder = Path(media_root) / "reports" / "avon"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def _queued(challenge, **fields):
    return FeedbackReportFactory(challenge=challenge, version=1, **fields)


# The task's wiring


def test_report_render_task_on_its_own_queue_with_late_acknowledgement_and_time_limits():
    task = app.tasks["reports.report_render"]

    assert (task.acks_late, task.reject_on_worker_lost, task.soft_time_limit, task.time_limit, task.max_retries) == (
        True, True, 180, 240, None
    )
    assert settings.CELERY_TASK_ROUTES == {
        "reports.report_render": {"queue": "reports"}, "reports.committee_paper_render": {"queue": "reports"}
    }
    assert app.amqp.router.route({}, "reports.report_render")["queue"].name == "reports"
    assert app.amqp.router.route({}, "peersupport.email_send")["queue"].name == "celery"


def test_reports_sweep_runs_every_minute_and_from_run_periodic_work(db, settings):
    assert app.conf.beat_schedule["sweep-reports"] == {"task": "reports.reports_sweep", "schedule": 60.0}
    settings.CELERY_BEAT_SCHEDULE = {"sweep-reports": app.conf.beat_schedule["sweep-reports"]}
    out = io.StringIO()

    call_command("run_periodic_work", stdout=out)

    assert out.getvalue() == "sweep-reports: reports.reports_sweep returned {'sent_again': 0, 'failed': 0}\n"


def test_pipeline_waits():
    assert (pipeline.RESEND_AFTER, pipeline.TAKE_BACK_AFTER, pipeline.STUCK_AFTER, pipeline.MAX_ATTEMPTS) == (
        90 * SECOND, 300 * SECOND, 2 * MINUTE, 3
    )
    assert [pipeline.retry_countdown(attempts=attempts) for attempts in (1, 2)] == [5, 10]


# The record is the request


def test_report_request_records_the_version_queued_now_and_queues_once_committed(clock, with_findings, lead_peer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        report = report_request(by=lead_peer.user, challenge=with_findings)

    report.refresh_from_db()
    assert (report.status, report.queued_at, report.started_at, report.finished_at, report.attempts, len(callbacks)) == (
        ReportStatus.QUEUED, NOW, None, None, 0, 1
    )


# A render stores everything the record holds


def test_report_render_records_every_field(clock, with_findings, lead_peer, django_capture_on_commit_callbacks, media_root):
    with django_capture_on_commit_callbacks() as callbacks:
        report = report_request(by=lead_peer.user, challenge=with_findings)
    clock.now = NOW + MINUTE  # a worker takes it up a minute later
    render = documents.report_document

    def render_for_half_a_minute(*, report):
        document = render(report=report)
        clock.now += 30 * SECOND
        return document

    with mock.patch("reports.services.documents.report_document", render_for_half_a_minute):
        callbacks[0]()

    report.refresh_from_db()
    pdf, html = report.file.read(), report.html_file.read()
    assert (report.file.name, report.html_file.name) == (
        f"reports/avon/challenge-{with_findings.pk}-v1.pdf", f"reports/avon/challenge-{with_findings.pk}-v1.html"
    )
    assert (report.status, report.attempts, report.error_message) == (ReportStatus.READY, 1, "")
    assert (report.sha256, report.file_size, report.html_sha256) == (
        hashlib.sha256(pdf).hexdigest(), len(pdf), hashlib.sha256(html).hexdigest()
    )
    assert report.page_count == len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert report.page_count >= 2
    assert report.template_version == documents.TEMPLATE_VERSION
    assert len(documents.TEMPLATE_VERSION) == 12
    assert (report.queued_at, report.started_at, report.finished_at) == (NOW, NOW + MINUTE, NOW + MINUTE + 30 * SECOND)
    assert pdf.startswith(b"%PDF-")
    assert "Review the risk-based inspection programme." in html.decode()


def test_report_render_sent_twice_renders_once(with_findings, media_root):
    report = _queued(with_findings)

    tasks.report_render.delay(report.pk)
    tasks.report_render.delay(report.pk)  # a second delivery: the version is no longer queued

    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.READY, 1)
    assert _stored_files(media_root) == [f"challenge-{with_findings.pk}-v1.html", f"challenge-{with_findings.pk}-v1.pdf"]


def test_report_render_again_overwrites_its_own_files_one_record(with_findings, media_root):
    """A version rendered again (its first files stored, then the version sent back to the
    queue, as when a worker dies after storing them) keeps one PDF and one HTML file."""
    report = _queued(with_findings)
    tasks.report_render.delay(report.pk)
    FeedbackReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    FindingFactory(challenge=with_findings, text="A finding added between the two renders.")

    tasks.report_render.delay(report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts, FeedbackReport.objects.count()) == (ReportStatus.READY, 2, 1)
    assert _stored_files(media_root) == [f"challenge-{with_findings.pk}-v1.html", f"challenge-{with_findings.pk}-v1.pdf"]
    pdf = report.file.read()
    assert report.sha256 == hashlib.sha256(pdf).hexdigest()
    assert "A finding added between the two renders." in report.html_file.read().decode()


def test_report_render_left_alone_when_not_queued(with_findings, media_root):
    report = _queued(with_findings, status=ReportStatus.RENDERING, started_at=timezone.now(), attempts=1)

    assert tasks.report_render.delay(report.pk).result is None

    report.refresh_from_db()
    assert (report.status, report.attempts, _stored_files(media_root)) == (ReportStatus.RENDERING, 1, [])


def test_report_render_attempt_taken_back_meanwhile_stores_nothing(with_findings, media_root):
    report = _queued(with_findings)
    claimed = pipeline.report_claim(report_id=report.pk)
    # Meanwhile the sweep took it back and another attempt claimed it.
    FeedbackReport.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED)
    again = pipeline.report_claim(report_id=report.pk)

    assert pipeline.report_render_claimed(report=claimed) is False
    assert _stored_files(media_root) == []
    assert pipeline.report_render_claimed(report=again) is True
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.READY, 2)


# Errors


def test_report_render_soft_time_limit_fails_at_once_without_retry(with_findings, retries):
    report = _queued(with_findings)

    with mock.patch("reports.services.documents.report_document", side_effect=SoftTimeLimitExceeded()):
        tasks.report_render.delay(report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts, report.error_message, retries) == (
        ReportStatus.FAILED, 1, "The report took longer than 3 minutes to prepare and was stopped.", []
    )
    assert (report.file.name, report.finished_at is not None) == ("", True)


@pytest.mark.parametrize(
    "error",
    [
        OSError(28, "No space left on device"),
        OperationalError("server closed the connection unexpectedly"),
        InterfaceError("connection already closed"),
        kombu.exceptions.OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
        redis.exceptions.ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused."),
    ],
    ids=lambda error: type(error).__module__ + "." + type(error).__name__,
)
def test_report_render_transient_error_retried_with_backoff_then_failed_after_3_attempts(with_findings, retries, error):
    report = _queued(with_findings)

    with mock.patch("reports.services.documents.report_document", side_effect=error) as render:
        tasks.report_render.delay(report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts, render.call_count, retries) == (ReportStatus.FAILED, 3, 3, [5, 10])
    assert report.error_message == f"{type(error).__name__}: {error}"


def test_report_render_transient_error_then_success_is_ready(with_findings, retries):
    report = _queued(with_findings)
    render = documents.report_document

    with mock.patch("reports.services.documents.report_document", side_effect=[OSError("Storage unreachable"), render(report=report)]):
        tasks.report_render.delay(report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts, report.error_message, retries) == (ReportStatus.READY, 2, "", [5])
    assert not OutboxEmail.objects.exists()  # a transient error tried again tells no one


def test_report_render_other_error_fails_at_once_with_the_full_error(with_findings, retries):
    report = _queued(with_findings)

    with mock.patch("reports.services.documents.report_document", side_effect=ValueError("Unknown template tag 'qr'")) as render:
        tasks.report_render.delay(report.pk)

    report.refresh_from_db()
    assert (report.status, report.attempts, render.call_count, retries) == (ReportStatus.FAILED, 1, 1, [])
    assert report.error_message == "ValueError: Unknown template tag 'qr'"


def test_report_render_failure_emails_the_challenges_lga_staff_with_the_error(with_findings, adviser, retries):
    report = _queued(with_findings)

    with mock.patch("reports.services.documents.report_document", side_effect=ValueError("Unknown template tag 'qr'")):
        tasks.report_render.delay(report.pk)

    email = OutboxEmail.objects.get()
    assert (email.recipients, email.about_url) == (adviser.email, f"/challenges/{with_findings.pk}/")
    assert email.subject == "Report could not be prepared: Avon Fire Authority, feedback report version 1"
    assert email.body == (
        "Version 1 of the feedback report for the operational assessment and fire peer challenge of Avon Fire "
        "Authority could not be prepared after 1 attempt.\n\nThe error:\nValueError: Unknown template tag 'qr'\n\n"
        f"You can try again from the challenge's page:\n{settings.SITE_URL}/challenges/{with_findings.pk}/\n\n"
        "If it fails again, send this email to the service team.\n"
    )


def test_sweep_failing_a_version_whose_workers_were_lost_emails_the_staff(clock, with_findings, adviser):
    FeedbackReportFactory(challenge=with_findings, version=1, status=ReportStatus.RENDERING,
                          started_at=NOW - pipeline.TAKE_BACK_AFTER - SECOND, attempts=pipeline.MAX_ATTEMPTS)

    pipeline.reports_sweep()

    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject) == (adviser.email, "Report could not be prepared: Avon Fire Authority, feedback report version 1")
    assert "could not be prepared after 3 attempts.\n\nThe error:\nThe report was not prepared after 3 attempts" in email.body


def test_report_retry_counts_attempts_afresh_and_resets_the_times(clock, with_findings, lead_peer, django_capture_on_commit_callbacks):
    failed = _queued(with_findings, failed=True, attempts=3, started_at=NOW - MINUTE, finished_at=NOW - 30 * SECOND)
    clock.now = NOW + MINUTE

    with django_capture_on_commit_callbacks() as callbacks:
        report = report_retry(by=lead_peer.user, report=failed)

    report.refresh_from_db()
    assert (report.status, report.attempts, report.error_message, report.queued_at, report.started_at, report.finished_at) == (
        ReportStatus.QUEUED, 0, "", NOW + MINUTE, None, None
    )
    assert len(callbacks) == 1


# The sweep


def test_sweep_sends_again_a_version_queued_longer_than_resend_after_not_a_fresh_one(clock, with_findings, django_capture_on_commit_callbacks):
    lost = _queued(with_findings, queued_at=NOW - pipeline.RESEND_AFTER - SECOND)
    fresh = FeedbackReportFactory(challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES, version=1,
                                  queued_at=NOW - pipeline.RESEND_AFTER + SECOND)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert pipeline.reports_sweep() == {"sent_again": 1, "failed": 0}

    lost.refresh_from_db()
    fresh.refresh_from_db()
    assert len(callbacks) == 1
    assert (lost.status, lost.queued_at, lost.attempts) == (ReportStatus.READY, NOW, 1)
    assert (fresh.status, fresh.queued_at, fresh.attempts) == (ReportStatus.QUEUED, NOW - pipeline.RESEND_AFTER + SECOND, 0)


def test_sweep_takes_back_a_version_whose_worker_was_lost_and_fails_it_after_max_attempts(clock, with_findings, django_capture_on_commit_callbacks):
    long_ago = NOW - pipeline.TAKE_BACK_AFTER - SECOND
    lost = _queued(with_findings, status=ReportStatus.RENDERING, started_at=long_ago, attempts=1)
    lost_thrice = FeedbackReportFactory(challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES, version=1,
                                        status=ReportStatus.RENDERING, started_at=long_ago, attempts=pipeline.MAX_ATTEMPTS)
    rendering = FeedbackReportFactory(challenge=with_findings, kind=ReportKind.PROGRESS_REVIEW, version=1,
                                      status=ReportStatus.RENDERING, started_at=NOW - pipeline.TAKE_BACK_AFTER + SECOND, attempts=1)

    with django_capture_on_commit_callbacks() as callbacks:
        assert pipeline.reports_sweep() == {"sent_again": 1, "failed": 1}

    for report in (lost, lost_thrice, rendering):
        report.refresh_from_db()
    assert len(callbacks) == 2  # the render sent again, and the email telling LGA staff of the failure
    assert (lost.status, lost.queued_at, lost.started_at, lost.attempts) == (ReportStatus.QUEUED, NOW, None, 1)
    assert (lost_thrice.status, lost_thrice.finished_at, lost_thrice.error_message) == (
        ReportStatus.FAILED, NOW,
        "The report was not prepared after 3 attempts: each time the worker preparing it stopped without "
        "finishing (it was stopped, or ran out of time or memory).",
    )
    assert (rendering.status, rendering.attempts) == (ReportStatus.RENDERING, 1)

    callbacks[0]()  # the render sent again

    lost.refresh_from_db()
    assert (lost.status, lost.attempts) == (ReportStatus.READY, 2)


def test_sweep_task_returns_what_it_did(clock, with_findings):
    _queued(with_findings, status=ReportStatus.RENDERING, started_at=NOW - pipeline.TAKE_BACK_AFTER - SECOND,
            attempts=pipeline.MAX_ATTEMPTS)

    assert tasks.reports_sweep.delay().result == {"sent_again": 0, "failed": 1}
    assert tasks.reports_sweep.delay().result == {"sent_again": 0, "failed": 0}


# Broker down


def test_report_request_with_the_broker_down_is_recorded_and_rendered_by_the_sweep_once_back(
    client, sign_in, with_findings, broker_down, django_capture_on_commit_callbacks, caplog, monkeypatch
):
    sign_in("lead_peer")

    with caplog.at_level(logging.WARNING, logger="reports.services.pipeline"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"/reports/challenge/{with_findings.pk}/request/")

    report = FeedbackReport.objects.get()
    assert (response.status_code, response.url, report.status, report.attempts) == (
        302, f"/challenges/{with_findings.pk}/", ReportStatus.QUEUED, 0
    )
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Version 1 of the feedback report has been requested"
    ]
    assert [record.getMessage().split(": ")[0] for record in caplog.records] == [
        f"Report {report.pk} stays queued for the next sweep"
    ]

    broker_down()  # the broker is back
    monkeypatch.setattr(pipeline, "RESEND_AFTER", datetime.timedelta(0))  # as if a minute and a half had passed
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.reports_sweep.delay().result == {"sent_again": 1, "failed": 0}

    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.READY, 1)
    assert report.file.read(5) == b"%PDF-"


def test_sweep_with_the_broker_still_down_leaves_the_version_queued(clock, with_findings, broker_down, django_capture_on_commit_callbacks):
    report = _queued(with_findings, queued_at=NOW - pipeline.RESEND_AFTER - SECOND)

    with django_capture_on_commit_callbacks(execute=True):
        assert pipeline.reports_sweep() == {"sent_again": 1, "failed": 0}

    report.refresh_from_db()
    assert (report.status, report.queued_at, report.attempts) == (ReportStatus.QUEUED, NOW, 0)


# Re-queuing a stuck version


@pytest.fixture
def stuck(clock, with_findings):
    return _queued(with_findings, queued_at=NOW - pipeline.STUCK_AFTER - SECOND)


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
def test_report_requeue_stuck_version_by_staff_who_oversee(stuck, user_for, role, clock, django_capture_on_commit_callbacks):
    user = user_for(role)  # before the capture: making the user queues emails of its own
    clock.now = NOW + MINUTE

    with django_capture_on_commit_callbacks() as callbacks:
        report = report_requeue(by=user, report=stuck)

    report.refresh_from_db()
    assert (report.status, report.queued_at, report.started_at, report.attempts, len(callbacks)) == (
        ReportStatus.QUEUED, NOW + MINUTE, None, 0, 1
    )


def test_report_requeue_rendering_version_keeps_its_attempts_and_the_old_attempt_stores_nothing(
    with_findings, lga_admin, media_root, django_capture_on_commit_callbacks
):
    report = _queued(with_findings)
    claimed = pipeline.report_claim(report_id=report.pk)
    FeedbackReport.objects.filter(pk=report.pk).update(started_at=timezone.now() - pipeline.STUCK_AFTER - SECOND)
    claimed.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        report_requeue(by=lga_admin, report=report)  # renders at once, in-process

    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.READY, 2)
    assert pipeline.report_render_claimed(report=claimed) is False  # the worker it was taken from, finishing late


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "team_peer", "fra_contact", "anonymous"])
def test_report_requeue_refused_to_anyone_else(stuck, user_for, role):
    with pytest.raises(PermissionDenied, match=REQUEUE_REFUSAL):
        report_requeue(by=user_for(role), report=stuck)

    stuck.refresh_from_db()
    assert (stuck.status, stuck.queued_at) == (ReportStatus.QUEUED, NOW - pipeline.STUCK_AFTER - SECOND)


@pytest.mark.parametrize(
    "fields",
    [
        {"queued_at": NOW - pipeline.STUCK_AFTER + SECOND},
        {"status": ReportStatus.RENDERING, "queued_at": NOW - 5 * MINUTE, "started_at": NOW - pipeline.STUCK_AFTER + SECOND},
        {"failed": True, "queued_at": NOW - 5 * MINUTE},
        {"ready": True, "queued_at": NOW - 5 * MINUTE},
    ],
    ids=["queued-recently", "started-recently", "failed", "ready"],
)
def test_report_requeue_refused_for_a_version_not_stuck(clock, with_findings, lga_admin, fields):
    report = _queued(with_findings, **fields)

    with pytest.raises(PermissionDenied, match=REQUEUE_REFUSAL):
        report_requeue(by=lga_admin, report=report)
    assert pipeline.report_is_stuck(report) is False


def test_report_is_stuck_after_stuck_after(clock, with_findings):
    queued = _queued(with_findings, queued_at=NOW - pipeline.STUCK_AFTER)
    rendering = FeedbackReportFactory(challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES, version=1,
                                      status=ReportStatus.RENDERING, queued_at=NOW - 9 * MINUTE, started_at=NOW - pipeline.STUCK_AFTER)

    assert (pipeline.report_is_stuck(queued), pipeline.report_is_stuck(rendering)) == (True, True)
    clock.now = NOW - SECOND
    assert (pipeline.report_is_stuck(queued), pipeline.report_is_stuck(rendering)) == (False, False)


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "other_adviser", "lead_peer", "team_peer", "fra_contact", "anonymous"])
@pytest.mark.parametrize("rule", [is_stuck, can_requeue_report], ids=lambda rule: rule.name)
def test_requeue_rules_agree_with_their_scope_for_every_report(clock, challenge, team_peer, user_for, role, rule):
    kent = ChallengeFactory(authority=Authority.objects.get(slug="kent"))
    long_ago, recently = NOW - pipeline.STUCK_AFTER - SECOND, NOW - pipeline.STUCK_AFTER + SECOND
    for on in (challenge, kent):
        for fields in (
            {"queued_at": long_ago}, {"queued_at": recently}, {"queued_at": None},
            {"status": ReportStatus.RENDERING, "started_at": long_ago}, {"status": ReportStatus.RENDERING, "started_at": recently},
            {"failed": True, "queued_at": long_ago}, {"ready": True, "queued_at": long_ago},
        ):
            FeedbackReportFactory(challenge=on, **fields)
    reports = FeedbackReport.objects.select_related("challenge__authority").order_by("pk")
    user = user_for(role)
    in_scope = set(rule.filter(reports, user))

    assert [(r.pk, rule.test(user, r)) for r in reports] == [(r.pk, r in in_scope) for r in reports]
    if rule is is_stuck:
        # Queued long ago, and started long ago, at each challenge; one queued with no time
        # recorded (before the pipeline kept it) counts from its request, just now.
        assert len(in_scope) == 4


# The slides for the verbal feedback


@pytest.mark.parametrize("role", ["lead_peer", "challenge_manager"])
def test_slides_request_by_the_writers_queues_slides_and_leaves_the_status(with_findings, user_for, role, django_capture_on_commit_callbacks):
    user = user_for(role)  # before the capture: making the user queues emails of its own

    with django_capture_on_commit_callbacks() as callbacks:
        report = report_request(by=user, challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES)

    with_findings.refresh_from_db()
    assert (report.kind, report.version, report.status, report.requested_by, len(callbacks)) == (
        ReportKind.FEEDBACK_SLIDES, 1, ReportStatus.QUEUED, user, 1
    )
    assert with_findings.status == ChallengeStatus.CONFIRMED


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "team_peer", "other_peer_user", "fra_contact", "anonymous"])
def test_slides_request_refused_to_anyone_else(with_findings, user_for, role):
    with pytest.raises(PermissionDenied, match="^You cannot ask for this challenge's report.$"):
        report_request(by=user_for(role), challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES)

    assert FeedbackReport.objects.count() == 0


def test_slides_request_needs_a_finding_in_the_report(challenge, lead_peer, team_peer):
    FindingFactory(challenge=challenge, state=FindingState.DRAFT, recorded_by=team_peer.user)

    with pytest.raises(ValidationError) as error:
        report_request(by=lead_peer.user, challenge=challenge, kind=ReportKind.FEEDBACK_SLIDES)

    assert error.value.messages == ["Record at least one finding in the report before asking for the slides"]
    assert FeedbackReport.objects.count() == 0


@pytest.mark.parametrize("pending", PENDING_STATUSES)
def test_slides_request_one_pending_at_a_time_apart_from_the_feedback_report(with_findings, lead_peer, pending):
    FeedbackReportFactory(challenge=with_findings, kind=ReportKind.FEEDBACK, version=1, status=pending)
    slides = report_request(by=lead_peer.user, challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES)
    FeedbackReport.objects.filter(pk=slides.pk).update(status=pending)

    with pytest.raises(ValidationError) as error:
        report_request(by=lead_peer.user, challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES)

    assert error.value.messages == ["A version of this report is already being prepared"]
    # Both are version 1: ordered by kind too, or PostgreSQL may give them either way round.
    assert list(with_findings.reports.order_by("kind", "version").values_list("kind", "version")) == [
        (ReportKind.FEEDBACK, 1), (ReportKind.FEEDBACK_SLIDES, 1)
    ]


def test_slides_request_again_gives_the_next_slides_version(with_findings, lead_peer):
    FeedbackReportFactory(challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES, version=1, ready=True)
    FeedbackReportFactory(challenge=with_findings, kind=ReportKind.FEEDBACK, version=4, ready=True)

    assert report_request(by=lead_peer.user, challenge=with_findings, kind=ReportKind.FEEDBACK_SLIDES).version == 2


# The feedback report once published


@pytest.fixture
def published(with_findings, lga_admin):
    FeedbackReportFactory(challenge=with_findings, version=1, published=True)
    Challenge.objects.filter(pk=with_findings.pk).update(status=ChallengeStatus.PUBLISHED)
    with_findings.refresh_from_db()
    return with_findings


def test_report_request_refused_while_the_published_report_stands_uncorrected(published, lead_peer):
    with pytest.raises(ValidationError) as error:
        report_request(by=lead_peer.user, challenge=published)

    assert error.value.messages == [PUBLISHED_REFUSAL]
    assert PUBLISHED_REFUSAL == "The report is published. Open a correction to publish a corrected version"
    assert list(published.reports.values_list("version", "status")) == [(1, ReportStatus.PUBLISHED)]


def test_report_request_during_a_correction_carries_its_note(published, lead_peer, lga_admin):
    Challenge.objects.filter(pk=published.pk).update(
        correction_note="The protection team's inspection figures were for the wrong year.",
        correction_opened_at=timezone.now(), correction_opened_by=lga_admin,
    )
    published.refresh_from_db()

    report = report_request(by=lead_peer.user, challenge=published)

    assert (report.version, report.status, report.change_note) == (
        2, ReportStatus.QUEUED, "The protection team's inspection figures were for the wrong year."
    )
    published.refresh_from_db()
    assert published.status == ChallengeStatus.PUBLISHED


def test_report_request_after_a_withdrawal_needs_no_correction(with_findings, lead_peer, lga_admin):
    FeedbackReportFactory(challenge=with_findings, version=1, published=True, status=ReportStatus.WITHDRAWN,
                          withdrawn_at=timezone.now(), withdrawn_by=lga_admin, withdrawal_reason="Published in error.")

    assert (report := report_request(by=lead_peer.user, challenge=with_findings)).version == 2
    assert report.change_note == ""


def test_slides_request_allowed_after_publication(published, lead_peer):
    assert report_request(by=lead_peer.user, challenge=published, kind=ReportKind.FEEDBACK_SLIDES).version == 1


# File storage


def test_s3_storage_chosen_and_configured_from_the_environment(tmp_path):
    """The base settings, read in a process of their own with the bucket's variables set: the
    default storage is django-storages' S3 backend on that bucket, endpoint and region, private.
    Nothing is sent anywhere: a signed address is made locally."""
    script = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages; s = storages['default']\n"
        "print(json.dumps({'backend': settings.STORAGES['default']['BACKEND'], 'class': type(s).__name__,\n"
        "    'bucket': s.bucket_name, 'endpoint': s.endpoint_url, 'region': s.region_name, 'acl': s.default_acl,\n"
        "    'url': s.url('reports/avon/challenge-1-v1.pdf').split('?')[0]}))\n"
    )
    environment = {
        "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "peersupport.settings.base", "DEBUG": "false",
        "SECRET_KEY": "settings-test-only-secret-key", "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "AWS_STORAGE_BUCKET_NAME": "fire-peer-support-reports", "AWS_S3_ENDPOINT_URL": "https://objects.example-provider.net",
        "AWS_S3_REGION_NAME": "eu-west-2", "AWS_ACCESS_KEY_ID": "AKIATESTONLY", "AWS_SECRET_ACCESS_KEY": "test-only-secret",
    }

    outcome = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=environment,
                             capture_output=True, text=True, timeout=120)

    assert outcome.returncode == 0, outcome.stderr
    assert json.loads(outcome.stdout) == {
        "backend": "storages.backends.s3.S3Storage", "class": "S3Storage", "bucket": "fire-peer-support-reports",
        "endpoint": "https://objects.example-provider.net", "region": "eu-west-2", "acl": "private",
        "url": "https://objects.example-provider.net/fire-peer-support-reports/reports/avon/challenge-1-v1.pdf",
    }


def test_local_file_storage_without_a_bucket(tmp_path):
    script = (
        "import json, django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "print(json.dumps(settings.STORAGES['default']))\n"
    )
    environment = {
        "PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "peersupport.settings.base", "DEBUG": "false",
        "SECRET_KEY": "settings-test-only-secret-key", "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }

    outcome = subprocess.run([sys.executable, "-c", script], cwd=settings.BASE_DIR, env=environment,
                             capture_output=True, text=True, timeout=120)

    assert (outcome.returncode, json.loads(outcome.stdout)) == (0, {"BACKEND": "django.core.files.storage.FileSystemStorage"})


# A real worker on Redis: killed mid-render, and the broker down then back


def _wait_for(report, statuses, timeout, poll=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in statuses:
            return report
        time.sleep(poll)
    raise AssertionError(f"Report {report.pk} still {report.status} after {timeout}s, not {statuses}")


# Enough findings for a render of several seconds, so that the worker is killed in the middle of it.
LONG_REPORT_FINDINGS = 400


@pytest.mark.celery_worker
def test_worker_killed_mid_render_then_a_new_worker_and_the_sweep_make_it_ready(celery_worker, challenge, lead_peer, media_root, monkeypatch):
    FindingFactory.create_batch(
        LONG_REPORT_FINDINGS, challenge=challenge, kind=FindingKind.STRENGTH, area=FindingArea.PREVENTION, recorded_by=lead_peer.user,
        text="Home fire safety visits reach the most vulnerable residents first, guided by a shared risk model. " * 3,
    )
    report = report_request(by=lead_peer.user, challenge=challenge)

    _wait_for(report, {ReportStatus.RENDERING, ReportStatus.READY, ReportStatus.FAILED}, timeout=60)
    assert report.status == ReportStatus.RENDERING, "the render finished before the worker could be killed"
    celery_worker.kill()
    killed_at = time.monotonic()
    report.refresh_from_db()
    assert (report.status, report.attempts, report.file.name) == (ReportStatus.RENDERING, 1, "")

    celery_worker.start()
    # The sweep, as beat runs it every minute, with its wait for a lost worker shortened.
    monkeypatch.setattr(pipeline, "TAKE_BACK_AFTER", datetime.timedelta(seconds=1))
    time.sleep(1)
    assert tasks.reports_sweep.apply().get() == {"sent_again": 1, "failed": 0}

    report = _wait_for(report, {ReportStatus.READY, ReportStatus.FAILED}, timeout=180, poll=0.25)
    assert (report.status, report.attempts, report.error_message) == (ReportStatus.READY, 2, "")
    assert time.monotonic() - killed_at < 180
    assert _stored_files(media_root) == [f"challenge-{challenge.pk}-v1.html", f"challenge-{challenge.pk}-v1.pdf"]
    assert report.sha256 == hashlib.sha256(report.file.read()).hexdigest()
    assert FeedbackReport.objects.count() == 1


@pytest.mark.celery_worker
def test_broker_down_then_back_real_worker_renders_after_the_sweep(celery_worker, broker_down, with_findings, lead_peer, monkeypatch):
    report = report_request(by=lead_peer.user, challenge=with_findings)  # queuing fails: the broker is down

    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.QUEUED, 0)

    broker_down()  # the broker is back, with the worker on it
    monkeypatch.setattr(pipeline, "RESEND_AFTER", datetime.timedelta(0))
    assert tasks.reports_sweep.apply().get() == {"sent_again": 1, "failed": 0}

    report = _wait_for(report, {ReportStatus.READY, ReportStatus.FAILED}, timeout=90, poll=0.25)
    assert (report.status, report.attempts, report.error_message) == (ReportStatus.READY, 1, "")
    assert os.path.getsize(report.file.path) == report.file_size
