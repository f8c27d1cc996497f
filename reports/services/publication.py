"""Publishing a ready feedback report."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from challenges.models import Challenge
from challenges.services.status import challenge_report_published
from peersupport.rules import require
from reports.choices import ReportKind, ReportStatus
from reports.models import FeedbackReport


def report_publish(*, by, report) -> FeedbackReport:
    """Publish a ready report: it becomes public, replacing any earlier published version."""
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().select_related("challenge__authority").get(pk=report.pk)
        if report.status != ReportStatus.READY:
            raise ValidationError("Only a report that is ready can be published")
        require("reports.publish_report", by, report)
        # Before superseding, as it locks the challenge: two versions published at once take
        # turns, and the second supersedes the first. A progress review's report leaves the
        # challenge's status and its feedback report as they are.
        if report.kind == ReportKind.FEEDBACK:
            challenge = challenge_report_published(by=by, challenge=report.challenge)
        else:
            challenge = Challenge.objects.select_for_update().get(pk=report.challenge_id)
        challenge.reports.filter(kind=report.kind, status=ReportStatus.PUBLISHED).update(status=ReportStatus.SUPERSEDED)
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = by
        report.full_clean()
        report.save(update_fields=["status", "published_at", "published_by"])
    return report
