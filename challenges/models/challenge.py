"""A peer challenge booked for one fire and rescue authority."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from authorities.models import Authority
from challenges.choices import STATUS_TAG_COLOURS, ChallengeStatus, ChallengeType


class Challenge(models.Model):
    """A peer challenge booked for one fire and rescue authority."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="challenges")
    challenge_type = models.CharField(max_length=40, choices=ChallengeType.choices)
    start_date = models.DateField("on-site start date")
    end_date = models.DateField("on-site end date")
    status = models.CharField(max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.BOOKED)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(
                name="challenge_end_not_before_start", condition=Q(end_date__gte=F("start_date"))
            ),
        ]

    def __str__(self):
        return f"{self.get_challenge_type_display()}: {self.authority.short_name}, {self.start_date:%B %Y}"

    def get_absolute_url(self):
        return reverse("challenges:challenge-detail", kwargs={"pk": self.pk})

    @property
    def status_colour(self):
        return STATUS_TAG_COLOURS[self.status]
