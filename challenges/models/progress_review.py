"""The progress review, about 10 months after the visit: what became of each recommendation."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from challenges.choices import ProgressAssessment
from challenges.models.challenge import EARLIEST_CHALLENGE, YEARS_AHEAD, Challenge
from challenges.models.finding import Finding
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import PlainTextField, PlausibleDateField


class ProgressReview(models.Model):
    """A challenge's progress review: when it is due, when the adviser was reminded, and when
    the review team completed it."""

    challenge = models.OneToOneField(Challenge, on_delete=models.CASCADE, related_name="progress_review")
    scheduled_for = PlausibleDateField("date of the review", earliest=EARLIEST_CHALLENGE, years_ahead=YEARS_AHEAD)
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)
    summary = PlainTextField("overall summary", max_length=5000, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="progress_review_completed_by_someone",
                condition=Q(completed_at__isnull=True, completed_by__isnull=True)
                | Q(completed_at__isnull=False, completed_by__isnull=False),
            ),
        ]

    def __str__(self):
        return f"Progress review of {self.challenge}"


class RecommendationProgress(ChoiceLabelsMixin, models.Model):
    """What the review team found of one recommendation, with a short assessment."""

    review = models.ForeignKey(ProgressReview, on_delete=models.CASCADE, related_name="assessments")
    recommendation = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="progress")
    progress = PlainTextField("progress found", max_length=3000)
    assessment = models.CharField(max_length=20, choices=ProgressAssessment.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["review", "recommendation"], name="progress_one_per_recommendation"),
            models.CheckConstraint(name="progress_not_blank", condition=~Q(progress="")),
        ]

    def __str__(self):
        return f"{self.get_assessment_display()}: {self.recommendation}"
