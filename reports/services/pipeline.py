"""The report pipeline: a worker renders a queued report version and stores its files; a periodic
sweep sends again what no worker took up and takes back what a worker never finished.

A version's life here: QUEUED (the record is written, the render task queued once that
commits) -> RENDERING (a worker claimed it under the row's lock, counting an attempt) -> READY
with its PDF, HTML twin, checksums, size, page count and template version, or FAILED with the
error for LGA staff. The task (reports/tasks.py) decides what a failure means: a transient one
(the database, the storage, the broker) puts the version back in the queue to be tried again
after a pause, up to MAX_ATTEMPTS in all; any other, or a render past its time limit, fails it.

Nothing is lost when the broker is down or a worker is killed: `reports_sweep`, run every minute
by Celery beat (or `manage.py run_periodic_work`), sends again a version queued longer than
RESEND_AFTER, and takes back one a worker started longer ago than the task's hard time limit
allows (TAKE_BACK_AFTER), so that it is rendered again or, after MAX_ATTEMPTS, failed. Running a
render twice is harmless: a version is claimed only while it is queued, its files have fixed
names, and an attempt stores them only while the version is still its own."""

import datetime
import hashlib
import logging

from celery import current_app
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from peersupport.queueing import task_send_on_commit
from reports.choices import ReportStatus
from reports.models import FeedbackReport
from reports.permissions import STUCK_AFTER, is_stuck  # noqa: F401 (STUCK_AFTER: named here too, with the pipeline's waits)
from reports.services import documents
from reports.services.notifications import report_failed_notify

logger = logging.getLogger(__name__)

# The render task (reports/tasks.py), by its name: the tasks module runs this one, so this one
# finds it among the app's tasks (registered as the app starts: reports/apps.py) instead of
# importing it.
RENDER_TASK = "reports.report_render"

# The render task's own time limits (reports/tasks.py), in seconds: past the soft one the task
# stops and the version fails; the hard one kills the worker's child process if it does not.
SOFT_TIME_LIMIT = 180
TIME_LIMIT = 240
# Attempts at rendering one version, whatever ended each: a transient error, a killed worker.
MAX_ATTEMPTS = 3
# A transient error waits RETRY_BACKOFF seconds before the second attempt, twice that before the
# third (Celery's retry_backoff, without jitter: one version is one task, no herd to spread).
RETRY_BACKOFF = 5
# A queued version no worker took up within this was lost (the broker was down): sent again.
RESEND_AFTER = datetime.timedelta(seconds=90)
# A version a worker started longer ago than its hard time limit, and a margin for the worker to
# record the outcome, has lost its worker: taken back.
TAKE_BACK_AFTER = datetime.timedelta(seconds=TIME_LIMIT + 60)
# From this long after it was queued or started, LGA staff may re-queue a version by hand
# (STUCK_AFTER, two minutes, from reports/permissions.py, the rule's home).

TIME_LIMIT_ERROR = f"The report took longer than {SOFT_TIME_LIMIT // 60} minutes to prepare and was stopped."
WORKER_LOST_ERROR = (
    f"The report was not prepared after {MAX_ATTEMPTS} attempts: each time the worker preparing it "
    "stopped without finishing (it was stopped, or ran out of time or memory)."
)


def report_claim(*, report_id) -> FeedbackReport | None:
    """Claim a queued version for this attempt: it becomes RENDERING, started now, with one more
    attempt counted. None when it is gone or not queued (another worker has it, or it is done),
    so that a task sent twice renders it once."""
    with transaction.atomic():
        report = (
            FeedbackReport.objects.select_for_update(of=("self",)).select_related("challenge__authority")
            .filter(pk=report_id, status=ReportStatus.QUEUED).first()
        )
        if report is None:
            return None
        report.status = ReportStatus.RENDERING
        report.started_at = timezone.now()
        report.finished_at = None
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "finished_at", "attempts"])
    return report


def report_render(*, report_id) -> FeedbackReport | None:
    """Claim a queued version and render it (report_render_claimed), in this process; errors are
    raised. Returns the version as it then stands, or None if it is gone. The task does the same
    with its retries and failure handling."""
    report = report_claim(report_id=report_id)
    if report is None:
        return FeedbackReport.objects.filter(pk=report_id).first()
    report_render_claimed(report=report)
    return report


def report_render_claimed(*, report) -> bool:
    """Render a version this attempt claimed (report_claim) and store its PDF and HTML twin
    through the storage, with their checksums, size, page count and template version: it is
    then READY.

    Stored under the row's lock and only while the version is still this attempt's (RENDERING,
    same attempt count): an attempt the sweep took back, or that staff re-queued, stores
    nothing. Returns whether it stored the files. Errors are the caller's (the task's) to judge."""
    document = documents.report_document(report=report)
    pdf, html = document.pdf, document.html.encode()
    with transaction.atomic():
        if not _still_this_attempt(report):
            logger.warning("Report %s attempt %s was taken back before it finished: not stored", report.pk, report.attempts)
            return False
        _store(report.file, pdf)
        _store(report.html_file, html)
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.file_size = len(pdf)
        report.html_sha256 = hashlib.sha256(html).hexdigest()
        report.page_count = document.page_count
        report.template_version = documents.TEMPLATE_VERSION
        report.status = ReportStatus.READY
        report.finished_at = timezone.now()
        report.error_message = ""
        report.save(update_fields=[
            "file", "sha256", "file_size", "html_file", "html_sha256", "page_count", "template_version",
            "status", "finished_at", "error_message",
        ])
    return True


def _still_this_attempt(report) -> bool:
    """Whether the version is still being prepared by this attempt, locking its row if so. Its
    start time tells it from a later attempt of the same number (one retried after it failed)."""
    return FeedbackReport.objects.select_for_update().filter(
        pk=report.pk, status=ReportStatus.RENDERING, attempts=report.attempts, started_at=report.started_at
    ).exists()


def _store(field_file, content: bytes) -> None:
    # The name is fixed by the field's upload_to (reports/models.py): a file of that name left by
    # an earlier attempt goes first, so that the storage never stores the new one beside it
    # under a made-up suffix.
    name = field_file.field.generate_filename(field_file.instance, "")
    if field_file.storage.exists(name):
        field_file.storage.delete(name)
    field_file.save(name, ContentFile(content), save=False)


def report_requeue_after_error(*, report, error) -> bool:
    """After a transient error in this attempt: put the version back in the queue (True) to be
    tried again, or fail it (False) when it has had MAX_ATTEMPTS. Nothing if the attempt was
    taken back meanwhile."""
    if report.attempts >= MAX_ATTEMPTS:
        report_mark_failed(report=report, error=error)
        return False
    with transaction.atomic():
        if not _still_this_attempt(report):
            return False
        FeedbackReport.objects.filter(pk=report.pk).update(
            status=ReportStatus.QUEUED, queued_at=timezone.now(), error_message=error_text(error)
        )
    logger.warning("Report %s attempt %s failed, to be tried again: %s", report.pk, report.attempts, error_text(error))
    return True


def report_mark_failed(*, report, error) -> None:
    """Fail this attempt's version with the error (an exception, or a sentence), kept in full
    for LGA staff, who are emailed it; the challenge's page decides who reads it. Nothing if
    the attempt was taken back meanwhile."""
    message = error if isinstance(error, str) else error_text(error)
    logger.error("Report %s failed on attempt %s: %s", report.pk, report.attempts, message)
    with transaction.atomic():
        if _still_this_attempt(report):
            FeedbackReport.objects.filter(pk=report.pk).update(
                status=ReportStatus.FAILED, finished_at=timezone.now(), error_message=message
            )
            report_failed_notify(report=report, error=message)


def error_text(error: BaseException) -> str:
    """The error as LGA staff read it: its type and its message."""
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def retry_countdown(*, attempts: int) -> int:
    """Seconds to wait before the attempt after `attempts` failed ones: 5, then 10."""
    return RETRY_BACKOFF * 2 ** (attempts - 1)


def report_is_stuck(report) -> bool:
    """A version queued longer than STUCK_AFTER ago and not taken up, or started that long ago and
    not finished (the rule reports.permissions.is_stuck): staff may send it again."""
    return is_stuck.test(None, report)


def reports_sweep() -> dict:
    """Send again every version queued longer than RESEND_AFTER ago (its queued time is then
    now), and take back every version started longer than TAKE_BACK_AFTER ago: queued and sent
    again while it has had fewer than MAX_ATTEMPTS, failed otherwise. Each in a transaction of
    its own; the tasks are queued once it commits (a broker still down leaves them queued).

    On PostgreSQL a version a worker holds at that moment is skipped, as is one another sweep
    holds. Returns how many versions were sent again and how many failed."""
    now = timezone.now()
    lock = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
    lost = FeedbackReport.objects.filter(
        Q(status=ReportStatus.QUEUED) & (Q(queued_at__lt=now - RESEND_AFTER) | Q(queued_at__isnull=True))
    )
    abandoned = FeedbackReport.objects.filter(status=ReportStatus.RENDERING).filter(
        Q(started_at__lt=now - TAKE_BACK_AFTER) | Q(started_at__isnull=True)
    )
    outcome = {"sent_again": 0, "failed": 0}
    for queryset in (lost, abandoned):
        for report_id in list(queryset.order_by("pk").values_list("pk", flat=True)):
            with transaction.atomic():
                # Asked again under the lock: a worker may have taken it up since the list was read.
                report = queryset.select_for_update(**lock).filter(pk=report_id).first()
                if report is None:
                    continue
                if report.status == ReportStatus.RENDERING and report.attempts >= MAX_ATTEMPTS:
                    report.status, report.finished_at, report.error_message = ReportStatus.FAILED, now, WORKER_LOST_ERROR
                    report.save(update_fields=["status", "finished_at", "error_message"])
                    report_failed_notify(report=report, error=WORKER_LOST_ERROR)
                    logger.error("Report %s failed: its worker was lost on each of %s attempts", report.pk, report.attempts)
                    outcome["failed"] += 1
                    continue
                if report.status == ReportStatus.RENDERING:
                    logger.warning("Report %s taken back: its worker was lost on attempt %s", report.pk, report.attempts)
                report.status, report.queued_at, report.started_at = ReportStatus.QUEUED, now, None
                report.save(update_fields=["status", "queued_at", "started_at"])
                report_queue_render(report)
                outcome["sent_again"] += 1
    return outcome


def report_queue_render(report) -> None:
    """Queue the version's render task once the transaction commits; a broker that is down
    leaves the version queued, for the next sweep to send."""
    task_send_on_commit(
        current_app.tasks[RENDER_TASK], report.pk, logger=logger, waiting=f"Report {report.pk} stays queued for the next sweep"
    )
