"""Asking for a report (the feedback report, or the progress review's), or for a failed one again: a worker renders it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from challenges.models import Challenge, ProgressReview
from challenges.services.status import challenge_report_requested
from peersupport.rules import require
from peersupport.services import record_create
from reports.choices import PENDING_STATUSES, ReportKind, ReportStatus
from reports.models import FeedbackReport
from reports.tasks import report_render


def report_request(*, by, challenge, kind=ReportKind.FEEDBACK) -> FeedbackReport:
    """Ask for a new version of one of the challenge's reports; a worker renders it.

    The feedback report: only the lead peer or challenge manager may ask, once there are
    findings. The progress review's report: those who record the review (LGA staff who
    oversee the challenge, its lead peer and challenge manager), once it is complete. Either
    only while no other version of it is still being prepared."""
    if kind == ReportKind.PROGRESS_REVIEW:
        return _progress_review_report_request(by=by, challenge=challenge)
    require("reports.request_report", by, challenge)
    with transaction.atomic():
        # First, as it locks the challenge: two requests at once (a double click) then take
        # turns, and the second sees the first's version as being prepared. Refused below,
        # the change of status is undone with the rest.
        challenge = challenge_report_requested(by=by, challenge=challenge)
        if not challenge.findings.exists():
            raise ValidationError("Record at least one finding before asking for the report")
        return _version_queue(by=by, challenge=challenge, kind=kind)


def _progress_review_report_request(*, by, challenge) -> FeedbackReport:
    require("challenges.record_progress", by, challenge)
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)  # two requests at once take turns
        review = ProgressReview.objects.filter(challenge=challenge).first()
        if review is None or review.completed_at is None:
            raise ValidationError("Complete the progress review before asking for its report")
        return _version_queue(by=by, challenge=challenge, kind=ReportKind.PROGRESS_REVIEW)


def _version_queue(*, by, challenge, kind) -> FeedbackReport:
    """The next version of the challenge's report of `kind`, queued to be rendered."""
    versions = challenge.reports.filter(kind=kind)
    if versions.filter(status__in=PENDING_STATUSES).exists():
        raise ValidationError("A version of this report is already being prepared")
    version = (versions.aggregate(latest=Max("version"))["latest"] or 0) + 1
    report = record_create(FeedbackReport(challenge=challenge, kind=kind, version=version, requested_by=by), by=by)
    _queue_render(report)
    return report


def report_retry(*, by, report) -> FeedbackReport:
    """Queue a failed report to be rendered again."""
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().select_related("challenge__authority").get(pk=report.pk)
        if report.status != ReportStatus.FAILED:
            raise ValidationError("Only a report that failed can be tried again")
        require("reports.retry_report", by, report)
        report.status = ReportStatus.QUEUED
        report.error_message = ""
        report.save(update_fields=["status", "error_message"])
        _queue_render(report)
    return report


def _queue_render(report):
    transaction.on_commit(lambda: report_render.delay(report.pk))
