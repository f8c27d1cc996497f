"""Asking for a report (the feedback report, its slides for the verbal feedback, or the progress
review's report), for a failed one again, or sending a stuck one to the workers again.

The version's record is the request: it is written QUEUED in the caller's transaction, and the
render task is queued once that commits (reports/services/pipeline.py). Asking never fails
because the broker is down: the version then waits, queued, for the periodic sweep to send it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from challenges.choices import FindingState
from challenges.models import Challenge, ProgressReview
from challenges.services.status import challenge_report_requested
from peersupport.rules import require
from peersupport.services import record_create
from reports.choices import PENDING_STATUSES, ReportKind, ReportStatus
from reports.models import CommitteePaper, FeedbackReport
from reports.services import pipeline

PUBLISHED_REFUSAL = "The report is published. Open a correction to publish a corrected version"


def report_request(*, by, challenge, kind=ReportKind.FEEDBACK) -> FeedbackReport:
    """Ask for a new version of one of the challenge's reports; a worker renders it.

    The feedback report: only the lead peer or challenge manager may ask, once there are
    findings, and not while its published version stands uncorrected (LGA staff open a
    correction first; the new version then carries the correction's note). The slides for the
    verbal feedback: the same people, once there are findings in the report; the challenge's
    status stays as it is. The progress review's report: those who record the review (LGA staff
    who oversee the challenge, its lead peer and challenge manager), once it is complete. Each
    only while no other version of it is still being prepared."""
    if kind == ReportKind.PROGRESS_REVIEW:
        return _progress_review_report_request(by=by, challenge=challenge)
    if kind == ReportKind.FEEDBACK_SLIDES:
        return _slides_request(by=by, challenge=challenge)
    require("reports.request_report", by, challenge)
    with transaction.atomic():
        # First, as it locks the challenge: two requests at once (a double click) then take
        # turns, and the second sees the first's version as being prepared. Refused below,
        # the change of status is undone with the rest.
        challenge = challenge_report_requested(by=by, challenge=challenge)
        if not challenge.findings.exists():
            raise ValidationError("Record at least one finding before asking for the report")
        change_note = ""
        if challenge.reports.filter(kind=ReportKind.FEEDBACK, status=ReportStatus.PUBLISHED).exists():
            if challenge.correction_opened_at is None:
                raise ValidationError(PUBLISHED_REFUSAL)
            change_note = challenge.correction_note
        return _version_queue(by=by, challenge=challenge, kind=ReportKind.FEEDBACK, change_note=change_note)


def _slides_request(*, by, challenge) -> FeedbackReport:
    require("reports.request_report", by, challenge)
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)  # two requests at once take turns
        if not challenge.findings.filter(state=FindingState.ACCEPTED).exists():
            raise ValidationError("Record at least one finding in the report before asking for the slides")
        return _version_queue(by=by, challenge=challenge, kind=ReportKind.FEEDBACK_SLIDES)


def _progress_review_report_request(*, by, challenge) -> FeedbackReport:
    require("challenges.record_progress", by, challenge)
    with transaction.atomic():
        challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)  # two requests at once take turns
        review = ProgressReview.objects.filter(challenge=challenge).first()
        if review is None or review.completed_at is None:
            raise ValidationError("Complete the progress review before asking for its report")
        return _version_queue(by=by, challenge=challenge, kind=ReportKind.PROGRESS_REVIEW)


def _version_queue(*, by, challenge, kind, change_note="") -> FeedbackReport:
    """The next version of the challenge's report of `kind`, queued to be rendered."""
    versions = challenge.reports.filter(kind=kind)
    if versions.filter(status__in=PENDING_STATUSES).exists():
        raise ValidationError("A version of this report is already being prepared")
    version = (versions.aggregate(latest=Max("version"))["latest"] or 0) + 1
    report = record_create(
        FeedbackReport(
            challenge=challenge, kind=kind, version=version, requested_by=by, change_note=change_note,
            status=ReportStatus.QUEUED, queued_at=timezone.now(),
        ),
        by=by,
    )
    pipeline.report_queue_render(report)
    return report


def report_retry(*, by, report) -> FeedbackReport:
    """Queue a failed report to be rendered again, with its attempts counted afresh."""
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().select_related("challenge__authority").get(pk=report.pk)
        if report.status != ReportStatus.FAILED:
            raise ValidationError("Only a report that failed can be tried again")
        require("reports.retry_report", by, report)
        _requeue(report, attempts=0, error_message="")
    return report


def report_requeue(*, by, report) -> FeedbackReport:
    """Send a version stuck in the pipeline to the workers again: LGA staff who oversee the
    challenge, for a version queued or being prepared for longer than pipeline.STUCK_AFTER (its
    worker lost, or the broker down). A worker still preparing it then stores nothing; the
    attempts it used still count."""
    with transaction.atomic():
        report = FeedbackReport.objects.select_for_update().select_related("challenge__authority").get(pk=report.pk)
        require("reports.requeue_report", by, report)
        _requeue(report)
    return report


def _requeue(report, **fields) -> None:
    for name, value in {"status": ReportStatus.QUEUED, "queued_at": timezone.now(), "started_at": None,
                        "finished_at": None, **fields}.items():
        setattr(report, name, value)
    report.save(update_fields=["status", "queued_at", "started_at", "finished_at", *fields])
    pipeline.report_queue_render(report)


# The programme's committee paper as a PDF (its Word version is made at once, never stored).


def committee_paper_request(*, by, period) -> CommitteePaper:
    """Ask for the committee paper of `period` (challenges/insight/period.py) as a PDF: LGA
    staff only. A new record each time, rendered from the figures as they stand when a worker
    takes it up; an earlier one stays, with the date it was asked for."""
    require("reports.request_committee_paper", by)
    with transaction.atomic():
        paper = record_create(
            CommitteePaper(
                year_kind=period.year_kind, year=period.year, region=period.region, requested_by=by,
                status=ReportStatus.QUEUED, queued_at=timezone.now(),
            ),
            by=by,
        )
        pipeline.report_queue_render(paper)
    return paper


def committee_paper_retry(*, by, paper) -> CommitteePaper:
    """Queue a failed committee paper to be rendered again, with its attempts counted afresh."""
    with transaction.atomic():
        paper = CommitteePaper.objects.select_for_update().get(pk=paper.pk)
        if paper.status != ReportStatus.FAILED:
            raise ValidationError("Only a paper that failed can be tried again")
        require("reports.retry_committee_paper", by, paper)
        _requeue(paper, attempts=0, error_message="")
    return paper
