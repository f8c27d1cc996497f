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
