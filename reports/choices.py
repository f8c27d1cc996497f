from django.db import models


class ReportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Being prepared"
    FAILED = "failed", "Failed"
    READY = "ready", "Ready to publish"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


PENDING_STATUSES = (ReportStatus.QUEUED, ReportStatus.RENDERING)

STATUS_TAG_COLOURS = {
    ReportStatus.QUEUED: "grey",
    ReportStatus.RENDERING: "blue",
    ReportStatus.FAILED: "red",
    ReportStatus.READY: "yellow",
    ReportStatus.PUBLISHED: "green",
    ReportStatus.SUPERSEDED: "grey",
}


class ReportKind(models.TextChoices):
    """The reports a challenge produces through the pipeline: the feedback report after the
    visit, and the progress review's report about a year on."""

    FEEDBACK = "feedback", "Feedback report"
    PROGRESS_REVIEW = "progress_review", "Progress review report"
