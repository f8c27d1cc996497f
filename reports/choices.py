from django.db import models


class ReportStatus(models.TextChoices):
    """A report version's life: queued, being rendered, then ready or failed (the pipeline);
    then published, superseded by a correction, or withdrawn (publication)."""

    QUEUED = "queued", "Queued"
    RENDERING = "rendering", "Being prepared"
    FAILED = "failed", "Failed"
    READY = "ready", "Ready to publish"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Replaced by a correction"
    WITHDRAWN = "withdrawn", "Withdrawn"


PENDING_STATUSES = (ReportStatus.QUEUED, ReportStatus.RENDERING)
# Versions that were published once: public documents for good, each with its frozen file
# and checksum (a withdrawn one says why it was withdrawn instead of offering its file).
ONCE_PUBLISHED_STATUSES = (ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED, ReportStatus.WITHDRAWN)
# Versions with a rendered file whose checksum is recorded.
RENDERED_STATUSES = (ReportStatus.READY, *ONCE_PUBLISHED_STATUSES)

STATUS_TAG_COLOURS = {
    ReportStatus.QUEUED: "grey",
    ReportStatus.RENDERING: "blue",
    ReportStatus.FAILED: "red",
    ReportStatus.READY: "yellow",
    ReportStatus.PUBLISHED: "green",
    ReportStatus.SUPERSEDED: "grey",
    ReportStatus.WITHDRAWN: "orange",
}


class ReportKind(models.TextChoices):
    """The documents a challenge produces through the pipeline: the slides for the verbal
    feedback on the last day on site, the feedback report after the visit, and the progress
    review's report about a year on. The slides are for the team and are never published."""

    FEEDBACK = "feedback", "Feedback report"
    PROGRESS_REVIEW = "progress_review", "Progress review report"
    FEEDBACK_SLIDES = "feedback_slides", "Feedback presentation"


PUBLISHABLE_KINDS = (ReportKind.FEEDBACK, ReportKind.PROGRESS_REVIEW)
