"""Publishing a ready feedback report."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from challenges.choices import ChallengeStatus
from challenges.selectors.challenge import challenge_user_is_manager
from reports.choices import ReportStatus
from reports.models import FeedbackReport


def report_publish(*, by, report) -> FeedbackReport:
    """Publish a ready report: it becomes public, replacing any earlier published version."""
    challenge = report.challenge
    if not challenge_user_is_manager(challenge=challenge, user=by):
        raise PermissionDenied("You cannot publish this report.")
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.READY:
            raise ValidationError("Only a report that is ready can be published")
        challenge.reports.filter(status=ReportStatus.PUBLISHED).update(status=ReportStatus.SUPERSEDED)
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = by
        report.full_clean()
        report.save(update_fields=["status", "published_at", "published_by"])
        challenge.status = ChallengeStatus.PUBLISHED
        challenge.save(update_fields=["status"])
    return report
