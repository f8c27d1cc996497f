from django.conf import settings
from django.db import models
from django.db.models import Q

from challenges.models import Challenge
from peersupport.links import record_url
from peersupport.models import ChoiceLabelsMixin

from .choices import PENDING_STATUSES, STATUS_TAG_COLOURS, ReportKind, ReportStatus


def report_file_path(report, filename):
    kind = "" if report.kind == ReportKind.FEEDBACK else f"-{report.kind.replace('_', '-')}"
    return f"reports/{report.challenge.authority.slug}/challenge-{report.challenge_id}{kind}-v{report.version}.pdf"


class FeedbackReport(ChoiceLabelsMixin, models.Model):
    """One rendered version of a challenge's feedback report, from request to publication."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(max_length=20, choices=ReportKind.choices, default=ReportKind.FEEDBACK)
    version = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    file = models.FileField(upload_to=report_file_path, blank=True)
    error_message = models.TextField(blank=True)
    attempts = models.PositiveIntegerField(default=0)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    rendered_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

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
                name="report_published_has_file_and_date",
                condition=~Q(status=ReportStatus.PUBLISHED)
                | (Q(published_at__isnull=False) & ~Q(file="")),
            ),
        ]

    def __str__(self):
        return f"Feedback report v{self.version} for {self.challenge}"

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
        challenge = self.challenge
        kind = "" if self.kind == ReportKind.FEEDBACK else f"-{self.kind.replace('_', '-')}"
        return f"{challenge.authority.slug}-peer-challenge-{challenge.start_date:%Y-%m}{kind}-v{self.version}.pdf"
