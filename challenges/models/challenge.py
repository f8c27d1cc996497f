"""A peer challenge booked for one fire and rescue authority."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from authorities.models import Authority
from challenges.choices import STATUS_TAG_COLOURS, ChallengeStatus, ChallengeType
from peersupport.links import record_url
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import PlausibleDateField, date_range_constraint

# The LGA's fire peer challenges began in 2009; bookings are made at most a few years ahead.
EARLIEST_CHALLENGE = datetime.date(2009, 1, 1)
YEARS_AHEAD = 5


class Challenge(ChoiceLabelsMixin, models.Model):
    """A peer challenge booked for one fire and rescue authority."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="challenges")
    challenge_type = models.CharField(max_length=40, choices=ChallengeType.choices)
    start_date = PlausibleDateField("on-site start date", earliest=EARLIEST_CHALLENGE, years_ahead=YEARS_AHEAD)
    end_date = PlausibleDateField("on-site end date", earliest=EARLIEST_CHALLENGE, years_ahead=YEARS_AHEAD)
    status = models.CharField(max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.BOOKED)
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        # Who is busy on given dates looks for challenges ending on or after the first: few.
        indexes = [models.Index(fields=["end_date"], name="challenge_end_date")]
        constraints = [
            models.CheckConstraint(
                name="challenge_end_not_before_start", condition=Q(end_date__gte=F("start_date"))
            ),
            date_range_constraint("challenge_start_plausible", "start_date", earliest=EARLIEST_CHALLENGE),
            date_range_constraint("challenge_end_plausible", "end_date", earliest=EARLIEST_CHALLENGE),
        ]

    def __str__(self):
        return f"{self.get_challenge_type_display()}: {self.authority.short_name}, {self.start_date:%B %Y}"

    def get_absolute_url(self):
        return record_url("challenges:challenge-detail", self.pk)

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The on-site end date must be the same as or after the start date"})

    @property
    def status_colour(self):
        return STATUS_TAG_COLOURS[self.status]
