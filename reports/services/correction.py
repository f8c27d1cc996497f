"""Opening a correction of a published feedback report."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from challenges.models import Challenge
from peersupport.rules import require
from peersupport.services import record_update
from reports.choices import ReportKind, ReportStatus
from reports.services.publication import CORRECTION_FIELDS


def report_correction_open(*, by, challenge, change_note: str) -> Challenge:
    """Open the challenge's published feedback report for a correction (LGA staff who oversee
    the challenge), saying what it corrects: its findings can be changed again, and the lead
    peer or challenge manager asks for a new version, which carries `change_note` as its
    change note. Publishing that version closes the correction (reports/services/publication.py);
    until then the published version stays public as it is.

    Only while the feedback report is published (not withdrawn) and no correction is open."""
    require("reports.open_correction", by, challenge)
    change_note = (change_note or "").strip()
    if not change_note:
        raise ValidationError({"correction_note": "Enter what the correction changes"})
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().select_related("authority").get(pk=challenge.pk)
        if challenge.correction_opened_at is not None:
            raise ValidationError("A correction of this report is already open")
        if not challenge.reports.filter(kind=ReportKind.FEEDBACK, status=ReportStatus.PUBLISHED).exists():
            raise ValidationError("Only a published feedback report can be corrected")
        record_update(
            challenge, by=by, fields=CORRECTION_FIELDS,
            data={"correction_note": change_note, "correction_opened_at": timezone.now(), "correction_opened_by": by},
        )
    return challenge
