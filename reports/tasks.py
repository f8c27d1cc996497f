import kombu.exceptions
import redis.exceptions
from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django import db

from reports.models import CommitteePaper, FeedbackReport
from reports.services import pipeline

# Errors that may pass by themselves: the database, the file storage or the broker was
# unreachable for a moment. Anything else (a bug, a template that cannot render) would fail the
# same way again, so it fails the version at once.
TRANSIENT_ERRORS = (
    OSError,
    db.OperationalError,
    db.InterfaceError,
    kombu.exceptions.OperationalError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
)


# On the "reports" queue (CELERY_TASK_ROUTES). Acknowledged only once it has run, and given back
# to the broker if its worker dies, so that a message is never lost with a worker; the version's
# own record (claimed under its lock) keeps a second delivery from rendering it twice, and the
# sweep takes it back long before the broker would deliver it again.
@shared_task(
    bind=True, name="reports.report_render", acks_late=True, reject_on_worker_lost=True,
    # The version counts its attempts (pipeline.MAX_ATTEMPTS), whatever sent them: not Celery.
    soft_time_limit=pipeline.SOFT_TIME_LIMIT, time_limit=pipeline.TIME_LIMIT, max_retries=None,
)
def report_render(self, report_id):
    """Render a queued report version and store its files (reports/services/pipeline.py).

    A version gone, or not queued, is left alone. A transient error puts it back in the queue
    and tries again after 5 s, then 10 s (three attempts in all, counted on the version with any
    a killed worker used); past the soft time limit, or on any other error, it fails at once,
    with the error kept for LGA staff."""
    _render(self, FeedbackReport, report_id)


# As report_render, for the programme's committee paper: the same queue, limits and delivery.
@shared_task(
    bind=True, name="reports.committee_paper_render", acks_late=True, reject_on_worker_lost=True,
    soft_time_limit=pipeline.SOFT_TIME_LIMIT, time_limit=pipeline.TIME_LIMIT, max_retries=None,
)
def committee_paper_render(self, paper_id):
    """Render a queued committee paper's PDF and HTML twin and store them, as report_render
    does a report version; a failure is emailed to the officer who asked for it."""
    _render(self, CommitteePaper, paper_id)


def _render(task, model, pk):
    document = pipeline.document_claim(model=model, pk=pk)
    if document is None:
        return
    try:
        pipeline.document_render_claimed(document=document)
    except SoftTimeLimitExceeded:
        # Not retried: a render that took this long would take as long again.
        pipeline.report_mark_failed(report=document, error=pipeline.kind_of(document).time_limit_error)
    except TRANSIENT_ERRORS as error:
        if pipeline.report_requeue_after_error(report=document, error=error):
            raise task.retry(exc=error, countdown=pipeline.retry_countdown(attempts=document.attempts)) from error
    except Exception as error:
        pipeline.report_mark_failed(report=document, error=error)


@shared_task(name="reports.reports_sweep", soft_time_limit=50, time_limit=60)
def reports_sweep():
    """Send again the report versions no worker took up, and take back those whose worker was
    lost (reports/services/pipeline.py); run every minute by Celery beat. Returns how many were
    sent again and failed."""
    return pipeline.reports_sweep()
