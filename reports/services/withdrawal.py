"""Withdrawing a published report version."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from peersupport.rules import require
from reports.choices import ReportStatus
from reports.models import FeedbackReport

WITHDRAWABLE_STATUSES = (ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED)


def report_withdraw(*, by, report, reason: str) -> FeedbackReport:
    """Withdraw a public version (the current one or an earlier one), saying why (LGA staff who
    oversee the challenge). Its public page then says when and why it was withdrawn instead of
    showing it; its files stay stored, unchanged, for LGA staff. A withdrawn current feedback
    report leaves the public library and the feed: the challenge then has no current report."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"withdrawal_reason": "Enter the reason for withdrawing the report"})
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().select_related("challenge__authority").get(pk=report.pk)
        if report.status not in WITHDRAWABLE_STATUSES:
            raise ValidationError(
                "This version has already been withdrawn" if report.status == ReportStatus.WITHDRAWN
                else "Only a published report can be withdrawn"
            )
        require("reports.withdraw_report", by, report)
        report.status = ReportStatus.WITHDRAWN
        report.withdrawn_at = timezone.now()
        report.withdrawn_by = by
        report.withdrawal_reason = reason
        report.full_clean()
        report.save(update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return report
