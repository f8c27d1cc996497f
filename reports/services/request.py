"""Asking for a feedback report, or for a failed one again: a worker renders it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from challenges.services.status import challenge_report_requested
from peersupport.rules import require
from peersupport.services import record_create
from reports.choices import PENDING_STATUSES, ReportStatus
from reports.models import FeedbackReport
from reports.tasks import report_render


def report_request(*, by, challenge) -> FeedbackReport:
    """Ask for a new version of the challenge's feedback report; a worker renders it.

    Only the lead peer or challenge manager may ask, once there are findings and no other
    version is still being prepared."""
    require("reports.request_report", by, challenge)
    with transaction.atomic():
        # First, as it locks the challenge: two requests at once (a double click) then take
        # turns, and the second sees the first's version as being prepared. Refused below,
        # the change of status is undone with the rest.
        challenge = challenge_report_requested(by=by, challenge=challenge)
        if not challenge.findings.exists():
            raise ValidationError("Record at least one finding before asking for the report")
        if challenge.reports.filter(status__in=PENDING_STATUSES).exists():
            raise ValidationError("A version of this report is already being prepared")
        version = (challenge.reports.aggregate(latest=Max("version"))["latest"] or 0) + 1
        report = record_create(FeedbackReport(challenge=challenge, version=version, requested_by=by), by=by)
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
