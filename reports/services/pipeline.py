"""The report pipeline: a worker renders a queued document and stores its files; a periodic
sweep sends again what no worker took up and takes back what a worker never finished. The
documents are a challenge's report versions (FeedbackReport: the feedback report, its slides,
the progress review's report) and the programme's committee papers (CommitteePaper); the same
code serves both, each kind with its own render task, render and failure email (KINDS).

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
from collections.abc import Callable
from dataclasses import dataclass

from celery import current_app
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from peersupport.queueing import task_send_on_commit
from reports.choices import ReportStatus
from reports.models import CommitteePaper, FeedbackReport
from reports.permissions import STUCK_AFTER, is_stuck  # noqa: F401 (STUCK_AFTER: named here too, with the pipeline's waits)
from reports.services import documents
from reports.services.notifications import committee_paper_failed_notify, report_failed_notify

logger = logging.getLogger(__name__)

# The render tasks (reports/tasks.py), by their names: the tasks module runs this one, so this
# one finds them among the app's tasks (registered as the app starts: reports/apps.py) instead of
# importing them.
RENDER_TASK = "reports.report_render"
COMMITTEE_PAPER_RENDER_TASK = "reports.committee_paper_render"

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



def time_limit_error(noun: str) -> str:
    return f"The {noun} took longer than {SOFT_TIME_LIMIT // 60} minutes to prepare and was stopped."


def worker_lost_error(noun: str) -> str:
    return (
        f"The {noun} was not prepared after {MAX_ATTEMPTS} attempts: each time the worker preparing it "
        "stopped without finishing (it was stopped, or ran out of time or memory)."
    )


TIME_LIMIT_ERROR = time_limit_error("report")
WORKER_LOST_ERROR = worker_lost_error("report")


@dataclass(frozen=True)
class DocumentKind:
    """What the pipeline needs to know of one kind of document: its model, its render task, how
    it is rendered (documents.py, read at each call so that tests may stand in for it), whom a
    failure is emailed to, the records it reads with it, and how the logs and errors name it."""

    model: type
    task: str
    render: Callable
    failed_notify: Callable
    related: tuple[str, ...]
    noun: str

    @property
    def log_name(self) -> str:
        return self.noun[0].upper() + self.noun[1:]

    @property
    def time_limit_error(self) -> str:
        return time_limit_error(self.noun)

    @property
    def worker_lost_error(self) -> str:
        return worker_lost_error(self.noun)


KINDS = {
    FeedbackReport: DocumentKind(
        model=FeedbackReport, task=RENDER_TASK, render=lambda report: documents.report_document(report=report),
        failed_notify=report_failed_notify, related=("challenge__authority",), noun="report",
    ),
    CommitteePaper: DocumentKind(
        model=CommitteePaper, task=COMMITTEE_PAPER_RENDER_TASK,
        render=lambda paper: documents.committee_paper_document(paper=paper),
        failed_notify=lambda report, error: committee_paper_failed_notify(paper=report, error=error),
        related=("requested_by",), noun="committee paper",
    ),
}


def kind_of(document) -> DocumentKind:
    return KINDS[type(document)]


def document_claim(*, model, pk):
    """Claim a queued document of `model` for this attempt: it becomes RENDERING, started now,
    with one more attempt counted. None when it is gone or not queued (another worker has it,
    or it is done), so that a task sent twice renders it once."""
    with transaction.atomic():
        document = (
            model.objects.select_for_update(of=("self",)).select_related(*KINDS[model].related)
            .filter(pk=pk, status=ReportStatus.QUEUED).first()
        )
        if document is None:
            return None
        document.status = ReportStatus.RENDERING
        document.started_at = timezone.now()
        document.finished_at = None
        document.attempts += 1
        document.save(update_fields=["status", "started_at", "finished_at", "attempts"])
    return document


def report_claim(*, report_id) -> FeedbackReport | None:
    """Claim a queued report version (document_claim)."""
    return document_claim(model=FeedbackReport, pk=report_id)


def document_render(*, model, pk):
    """Claim a queued document and render it (document_render_claimed), in this process;
    errors are raised. Returns the document as it then stands, or None if it is gone. The
    tasks do the same with their retries and failure handling."""
    document = document_claim(model=model, pk=pk)
    if document is None:
        return model.objects.filter(pk=pk).first()
    document_render_claimed(document=document)
    return document


def report_render(*, report_id) -> FeedbackReport | None:
    """Claim a queued report version and render it (document_render)."""
    return document_render(model=FeedbackReport, pk=report_id)


def document_render_claimed(*, document) -> bool:
    """Render a document this attempt claimed (document_claim) and store its PDF and HTML twin
    through the storage, with their checksums, size, page count and template version: it is
    then READY.

    Stored under the row's lock and only while the document is still this attempt's (RENDERING,
    same attempt count): an attempt the sweep took back, or that staff re-queued, stores
    nothing. Returns whether it stored the files. Errors are the caller's (the task's) to judge."""
    kind = kind_of(document)
    rendered = kind.render(document)
    pdf, html = rendered.pdf, rendered.html.encode()
    with transaction.atomic():
        if not _still_this_attempt(document):
            logger.warning(
                "%s %s attempt %s was taken back before it finished: not stored", kind.log_name, document.pk, document.attempts
            )
            return False
        _store(document.file, pdf)
        _store(document.html_file, html)
        document.sha256 = hashlib.sha256(pdf).hexdigest()
        document.file_size = len(pdf)
        document.html_sha256 = hashlib.sha256(html).hexdigest()
        document.page_count = rendered.page_count
        document.template_version = documents.TEMPLATE_VERSION
        document.status = ReportStatus.READY
        document.finished_at = timezone.now()
        document.error_message = ""
        document.save(update_fields=[
            "file", "sha256", "file_size", "html_file", "html_sha256", "page_count", "template_version",
            "status", "finished_at", "error_message",
        ])
    return True


def report_render_claimed(*, report) -> bool:
    """Render a report version this attempt claimed (document_render_claimed)."""
    return document_render_claimed(document=report)


def _still_this_attempt(document) -> bool:
    """Whether the document is still being prepared by this attempt, locking its row if so. Its
    start time tells it from a later attempt of the same number (one retried after it failed)."""
    return type(document).objects.select_for_update().filter(
        pk=document.pk, status=ReportStatus.RENDERING, attempts=document.attempts, started_at=document.started_at
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
    """After a transient error in this attempt: put the document (a report version or a
    committee paper) back in the queue (True) to be tried again, or fail it (False) when it has
    had MAX_ATTEMPTS. Nothing if the attempt was taken back meanwhile."""
    if report.attempts >= MAX_ATTEMPTS:
        report_mark_failed(report=report, error=error)
        return False
    with transaction.atomic():
        if not _still_this_attempt(report):
            return False
        type(report).objects.filter(pk=report.pk).update(
            status=ReportStatus.QUEUED, queued_at=timezone.now(), error_message=error_text(error)
        )
    logger.warning(
        "%s %s attempt %s failed, to be tried again: %s", kind_of(report).log_name, report.pk, report.attempts, error_text(error)
    )
    return True


def report_mark_failed(*, report, error) -> None:
    """Fail this attempt's document (a report version or a committee paper) with the error (an
    exception, or a sentence), kept in full for LGA staff, who are emailed it (those of the
    challenge, or the paper's requester); its page decides who reads it. Nothing if the attempt
    was taken back meanwhile."""
    kind = kind_of(report)
    message = error if isinstance(error, str) else error_text(error)
    logger.error("%s %s failed on attempt %s: %s", kind.log_name, report.pk, report.attempts, message)
    with transaction.atomic():
        if _still_this_attempt(report):
            type(report).objects.filter(pk=report.pk).update(
                status=ReportStatus.FAILED, finished_at=timezone.now(), error_message=message
            )
            kind.failed_notify(report=report, error=message)


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
    """Send again every document (report version or committee paper) queued longer than
    RESEND_AFTER ago (its queued time is then now), and take back every one started longer than
    TAKE_BACK_AFTER ago: queued and sent again while it has had fewer than MAX_ATTEMPTS, failed
    otherwise. Each in a transaction of its own; the tasks are queued once it commits (a broker
    still down leaves them queued).

    On PostgreSQL a document a worker holds at that moment is skipped, as is one another sweep
    holds. Returns how many documents were sent again and how many failed."""
    outcome = {"sent_again": 0, "failed": 0}
    for kind in KINDS.values():
        for key, count in _sweep(kind).items():
            outcome[key] += count
    return outcome


def _sweep(kind: DocumentKind) -> dict:
    now = timezone.now()
    lock = {"skip_locked": True} if connection.features.has_select_for_update_skip_locked else {}
    lost = kind.model.objects.filter(
        Q(status=ReportStatus.QUEUED) & (Q(queued_at__lt=now - RESEND_AFTER) | Q(queued_at__isnull=True))
    )
    abandoned = kind.model.objects.filter(status=ReportStatus.RENDERING).filter(
        Q(started_at__lt=now - TAKE_BACK_AFTER) | Q(started_at__isnull=True)
    )
    outcome = {"sent_again": 0, "failed": 0}
    for queryset in (lost, abandoned):
        for document_id in list(queryset.order_by("pk").values_list("pk", flat=True)):
            with transaction.atomic():
                # Asked again under the lock: a worker may have taken it up since the list was read.
                document = queryset.select_for_update(**lock).filter(pk=document_id).first()
                if document is None:
                    continue
                if document.status == ReportStatus.RENDERING and document.attempts >= MAX_ATTEMPTS:
                    error = kind.worker_lost_error
                    document.status, document.finished_at, document.error_message = ReportStatus.FAILED, now, error
                    document.save(update_fields=["status", "finished_at", "error_message"])
                    kind.failed_notify(report=document, error=error)
                    logger.error(
                        "%s %s failed: its worker was lost on each of %s attempts", kind.log_name, document.pk, document.attempts
                    )
                    outcome["failed"] += 1
                    continue
                if document.status == ReportStatus.RENDERING:
                    logger.warning(
                        "%s %s taken back: its worker was lost on attempt %s", kind.log_name, document.pk, document.attempts
                    )
                document.status, document.queued_at, document.started_at = ReportStatus.QUEUED, now, None
                document.save(update_fields=["status", "queued_at", "started_at"])
                report_queue_render(document)
                outcome["sent_again"] += 1
    return outcome


def report_queue_render(report) -> None:
    """Queue the document's render task (a report version's or a committee paper's) once the
    transaction commits; a broker that is down leaves it queued, for the next sweep to send."""
    kind = kind_of(report)
    task_send_on_commit(
        current_app.tasks[kind.task], report.pk, logger=logger,
        waiting=f"{kind.log_name} {report.pk} stays queued for the next sweep",
    )
