"""Publishing a ready report version: it becomes public and frozen for good."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from challenges.models import Challenge
from challenges.services.status import challenge_report_published
from peersupport.rules import require
from peersupport.services import record_update
from reports.choices import ONCE_PUBLISHED_STATUSES, PUBLISHABLE_KINDS, ReportKind, ReportStatus
from reports.models import FeedbackReport

# What a correction leaves on the challenge while it is open.
CORRECTION_FIELDS = ("correction_note", "correction_opened_at", "correction_opened_by")
CORRECTION_CLOSED = {"correction_note": "", "correction_opened_at": None, "correction_opened_by": None}

LATER_VERSION_PUBLISHED = "A later version of this report has been published, so this one can no longer be published"
NOT_A_CORRECTION = (
    "The report is published. Open a correction, then ask for a new version: only a version asked for during the "
    "correction can replace the published one"
)


def report_publish(*, by, report) -> FeedbackReport:
    """Publish a ready version of a feedback or progress review report (LGA staff who oversee
    the challenge): it becomes public and replaces the version published before it, which
    stays public as an earlier version. The slides are never published.

    From here on the version is frozen: no service writes its file or checksums again (the
    pipeline renders only queued versions, and only a ready one is published, once). Publishing
    a feedback report closes the challenge's open correction, whose note the version carries
    as its change note, and with it the findings are frozen again."""
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().select_related("challenge__authority").get(pk=report.pk)
        if report.kind not in PUBLISHABLE_KINDS:
            raise ValidationError("The slides for the verbal feedback are never published")
        if report.status != ReportStatus.READY:
            raise ValidationError(
                "This version has already been published and cannot change"
                if report.was_published else "Only a report that is ready can be published"
            )
        require("reports.publish_report", by, report)
        # Before superseding, as it locks the challenge: two versions published at once take
        # turns, and the second supersedes the first. A progress review's report leaves the
        # challenge's status and its feedback report as they are.
        if report.kind == ReportKind.FEEDBACK:
            challenge = challenge_report_published(by=by, challenge=report.challenge)
        else:
            challenge = Challenge.objects.select_for_update().get(pk=report.challenge_id)
        _replaces_check(report, challenge)
        if report.kind == ReportKind.FEEDBACK and challenge.correction_opened_at is not None:
            record_update(challenge, by=by, fields=CORRECTION_FIELDS, data=CORRECTION_CLOSED)
        challenge.reports.filter(kind=report.kind, status=ReportStatus.PUBLISHED).update(status=ReportStatus.SUPERSEDED)
        report.status = ReportStatus.PUBLISHED
        report.published_at = timezone.now()
        report.published_by = by
        report.full_clean()
        report.save(update_fields=["status", "published_at", "published_by"])
        report.challenge = challenge
    return report


def report_publish_refusal(*, report) -> str | None:
    """Why this version may not be published now (it is older than one already published, or
    would replace the published report without a correction), or None: for the confirmation
    page, which says so before anyone presses the button. report_publish checks it again under
    the challenge's lock."""
    try:
        _replaces_check(report, report.challenge)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _replaces_check(report, challenge) -> None:
    """Refuse a version that would undo or bypass what was published: one older than a version
    already published (it would bring back earlier words), and, while a feedback report stands
    published, any version not asked for during an open correction (it would replace the
    published one without a change note)."""
    published = challenge.reports.filter(kind=report.kind, status__in=ONCE_PUBLISHED_STATUSES)
    if published.filter(version__gt=report.version).exists():
        raise ValidationError(LATER_VERSION_PUBLISHED)
    if report.kind != ReportKind.FEEDBACK or not published.filter(status=ReportStatus.PUBLISHED).exists():
        return
    opened = challenge.correction_opened_at
    if opened is None or report.requested_at < opened:
        raise ValidationError(NOT_A_CORRECTION)
