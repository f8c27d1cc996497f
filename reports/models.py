from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.text import slugify

from authorities.choices import Region
from challenges.insight.period import FIRST_YEAR, InsightPeriod, YearKind
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


def report_file_path(document, filename):
    return document.stored_name("pdf")


def report_html_path(document, filename):
    return document.stored_name("html")


class RenderedDocument(models.Model):
    """A document the report pipeline renders (reports/services/pipeline.py): who asked for it
    and when, where it has got to, and what the render made. A feedback report's version and a
    committee paper alike. Each concrete model names its own files with `stored_name(extension)`,
which the file fields' upload paths and the pipeline call."""

    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)

    # `queued_at` is when the render was last sent to the workers: the periodic sweep sends
    # again what no worker took up, and takes back what a worker started and never finished.
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

    class Meta:
        abstract = True

    @property
    def status_colour(self):
        return STATUS_TAG_COLOURS[self.status]

    @property
    def is_pending(self):
        return self.status in PENDING_STATUSES


class FeedbackReport(ChoiceLabelsMixin, RenderedDocument):
    """One rendered version of a challenge's feedback report, from request to publication."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20, choices=ReportKind.choices, default=ReportKind.FEEDBACK)
    version = models.PositiveIntegerField()
    # A correction of a published version says what changed (reports/services/correction.py).
    change_note = PlainTextField("what the correction changes", blank=True, max_length=2000)

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

    def stored_name(self, extension: str) -> str:
        """The one fixed name of the version's file of that extension in the storage: a render
        run twice for one version overwrites its own file (reports/services/pipeline.py)
        instead of leaving a second one beside it."""
        kind = "" if self.kind == ReportKind.FEEDBACK else f"-{self.kind.replace('_', '-')}"
        return f"reports/{self.challenge.authority.slug}/challenge-{self.challenge_id}{kind}-v{self.version}.{extension}"

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


# A committee paper is rendered through the same pipeline as a report, and is never published.
COMMITTEE_PAPER_STATUSES = (ReportStatus.QUEUED, ReportStatus.RENDERING, ReportStatus.READY, ReportStatus.FAILED)


class CommitteePaper(ChoiceLabelsMixin, RenderedDocument):
    """The programme's progress report to the LGA's Fire Services Management Committee for one
    period, as a tagged PDF with its HTML twin, asked for on the insight page and rendered by the
    report pipeline (the Word version is made at once and never stored)."""

    status = models.CharField(
        max_length=20, default=ReportStatus.QUEUED,
        # A paper is never published: a rendered one is just ready.
        choices=[(status.value, "Ready" if status == ReportStatus.READY else status.label) for status in COMMITTEE_PAPER_STATUSES],
    )
    year_kind = models.CharField(max_length=10, choices=YearKind.choices, default=YearKind.FINANCIAL)
    year = models.PositiveIntegerField()
    # Blank for England.
    region = models.CharField(max_length=30, choices=Region.choices, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["year_kind", "year", "region", "-requested_at"], name="committee_paper_period")]
        constraints = [
            models.CheckConstraint(
                name="committee_paper_pipeline_status", condition=Q(status__in=COMMITTEE_PAPER_STATUSES)
            ),
            models.CheckConstraint(name="committee_paper_year_kind", condition=Q(year_kind__in=YearKind.values)),
            models.CheckConstraint(name="committee_paper_year", condition=Q(year__gte=FIRST_YEAR)),
            models.CheckConstraint(
                name="committee_paper_ready_has_file_and_checksums",
                condition=~Q(status=ReportStatus.READY) | (~Q(file="") & Q(sha256__regex=r"^[0-9a-f]{64}$")),
            ),
            models.CheckConstraint(
                name="committee_paper_html_has_checksum",
                condition=Q(html_file="") | Q(html_sha256__regex=r"^[0-9a-f]{64}$"),
            ),
        ]

    def __str__(self):
        return f"Committee paper for {self.period.long_label}, {self.period.region_label}"

    @property
    def period(self) -> InsightPeriod:
        return InsightPeriod(year=self.year, year_kind=self.year_kind, region=self.region)

    def stored_name(self, extension: str) -> str:
        # The record's id keeps two papers for one period apart; a render run twice for one
        # paper overwrites its own file.
        return f"committee-papers/committee-paper-{self.period.slug}-{self.pk}.{extension}"

    def get_download_url(self):
        return record_url("reports:committee-paper-download", self.pk)

    def get_absolute_url(self):
        """Its HTML version, as a page."""
        return record_url("reports:committee-paper", self.pk)

    @property
    def download_filename(self):
        """"committee-paper-2026-27.pdf", or "committee-paper-2026-27-north-west.pdf" for a region."""
        return f"committee-paper-{self.period.slug}.pdf"
