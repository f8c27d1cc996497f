"""The report pipeline: a worker renders a queued report version and stores its files."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from reports.choices import PENDING_STATUSES, ReportStatus
from reports.models import FeedbackReport
from reports.services.documents import report_pdf_render

logger = logging.getLogger(__name__)


def report_render(*, report_id) -> FeedbackReport | None:
    """Render a queued report to PDF and store the file; the report is then ready to publish.

    A report that is no longer queued (published, or picked up twice) is left alone, and one
    since removed is no more."""
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status not in PENDING_STATUSES:
            return report
        report.status = ReportStatus.RENDERING
        report.attempts += 1
        report.save(update_fields=["status", "attempts"])
    pdf = report_pdf_render(report=report)
    with transaction.atomic():
        report.file.save("", ContentFile(pdf), save=False)  # named by FeedbackReport.file's upload_to
        report.sha256 = hashlib.sha256(pdf).hexdigest()
        report.file_size = len(pdf)
        report.status = ReportStatus.READY
        report.finished_at = timezone.now()
        report.error_message = ""
        report.save(update_fields=["file", "sha256", "file_size", "status", "finished_at", "error_message"])
    return report


def report_mark_failed(*, report_id, error) -> None:
    """Record that rendering failed, so that people see it and can try again."""
    logger.error("Feedback report %s failed to render: %s", report_id, error)
    FeedbackReport.objects.filter(pk=report_id, status__in=PENDING_STATUSES).update(
        status=ReportStatus.FAILED,
        error_message=f"The report could not be prepared ({type(error).__name__}). Try again, "
        "or contact the service team if it fails again.",
    )


