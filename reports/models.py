from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from challenges.models import Challenge
from peersupport.links import record_url
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import PlainTextField

from .choices import (
    ONCE_PUBLISHED_STATUSES,
    PENDING_STATUSES,
    RENDERED_STATUSES,
    STATUS_TAG_COLOURS,
    ReportKind,
    ReportStatus,
)


def _stored_name(report, extension):
    # One fixed name per version: a render run twice for one version overwrites its own file
    # (reports/services/pipeline.py) instead of leaving a second one beside it.
    kind = "" if report.kind == ReportKind.FEEDBACK else f"-{report.kind.replace('_', '-')}"
    return f"reports/{report.challenge.authority.slug}/challenge-{report.challenge_id}{kind}-v{report.version}.{extension}"


def report_file_path(report, filename):
    return _stored_name(report, "pdf")


def report_html_path(report, filename):
    return _stored_name(report, "html")


class FeedbackReport(ChoiceLabelsMixin, models.Model):
    """One rendered version of a challenge's feedback report, from request to publication."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20, choices=ReportKind.choices, default=ReportKind.FEEDBACK)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    # A correction of a published version says what changed (reports/services/correction.py).
    change_note = PlainTextField("what the correction changes", blank=True, max_length=2000)

    # The pipeline (reports/services/pipeline.py). `queued_at` is when the render was last
    # sent to the workers: the periodic sweep sends again what no worker took up, and takes
    # back what a worker started and never finished.
    queued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error_message = models.TextField(blank=True)

    # What the render made: the PDF, its HTML twin, and the facts to check them by.
    template_version = models.CharField(max_length=20, blank=True)
    file = models.FileField(upload_to=report_file_path, blank=True, max_length=200)
    sha256 = models.CharField("SHA-256 of the PDF", max_length=64, blank=True)
    file_size = models.PositiveIntegerField("size of the PDF in bytes", null=True, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    html_file = models.FileField(upload_to=report_html_path, blank=True, max_length=200)
    html_sha256 = models.CharField("SHA-256 of the HTML version", max_length=64, blank=True)

    # Publication (reports/services/publication.py): frozen from here on.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawal_reason = PlainTextField("reason for withdrawing", blank=True, max_length=2000)

    class Meta:
        ordering = ["-version"]
        # The public library's order: a page of it reads fifty rows of the index.
        indexes = [models.Index(fields=["status", "-published_at", "-id"], name="report_library_order")]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "kind", "version"], name="report_version_unique"),
            models.UniqueConstraint(
                fields=["challenge", "kind"],
                condition=Q(status=ReportStatus.PUBLISHED),
                name="report_one_published_per_challenge",
            ),
            models.CheckConstraint(
                name="report_rendered_has_file_and_checksums",
                condition=~Q(status__in=RENDERED_STATUSES)
                | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$")),
            ),
            models.CheckConstraint(
                name="report_html_has_checksum",
                condition=Q(html_file="") | Q(html_sha256__regex=r"^[0-9a-f]{64}$"),
            ),
            models.CheckConstraint(
                name="report_published_has_date",
                condition=~Q(status__in=ONCE_PUBLISHED_STATUSES) | Q(published_at__isnull=False),
            ),
            models.CheckConstraint(
                name="report_withdrawn_has_reason",
                condition=~Q(status=ReportStatus.WITHDRAWN) | (Q(withdrawn_at__isnull=False) & ~Q(withdrawal_reason="")),
            ),
            models.CheckConstraint(
                name="report_slides_never_published",
                condition=~Q(kind=ReportKind.FEEDBACK_SLIDES) | ~Q(status__in=ONCE_PUBLISHED_STATUSES),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version} for {self.challenge}"

    def get_absolute_url(self):
        return record_url("reports:report-detail", self.pk)

    def get_download_url(self):
        return record_url("reports:report-download", self.pk)

    @property
    def status_colour(self):
        return STATUS_TAG_COLOURS[self.status]

    @property
    def is_pending(self):
        return self.status in PENDING_STATUSES

    @property
    def download_filename(self):
        """A name that says what the file is among others in a folder: the authority, the
        type of challenge, the month it began on site, the document and its version
        ("avon-fire-and-rescue-authority-operational-assessment-2026-06-v2.pdf")."""
        challenge = self.challenge
        parts = [slugify(challenge.authority.name), challenge.challenge_type.replace("_", "-")]
        if challenge.start_date:
            parts.append(f"{challenge.start_date:%Y-%m}")
        if self.kind != ReportKind.FEEDBACK:
            parts.append(self.kind.replace("_", "-"))
        return f"{'-'.join(parts)}-v{self.version}.pdf"

    @property
    def was_published(self):
        return self.status in ONCE_PUBLISHED_STATUSES
