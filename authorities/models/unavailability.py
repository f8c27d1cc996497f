"""Periods when a peer cannot take part in challenges."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from authorities.models.peer import Peer
from peersupport.validators import LineField, PlausibleDateField, date_range_constraint

EARLIEST_UNAVAILABILITY = datetime.date(2000, 1, 1)


class Unavailability(models.Model):
    """A period when a peer cannot take part in challenges."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="unavailabilities")
    start_date = PlausibleDateField("first day unavailable", earliest=EARLIEST_UNAVAILABILITY, years_ahead=5)
    end_date = PlausibleDateField("last day unavailable", earliest=EARLIEST_UNAVAILABILITY, years_ahead=5)
    reason = LineField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name_plural = "unavailabilities"
        # Who is away on given dates looks for periods ending on or after the first: few.
        indexes = [models.Index(fields=["end_date"], name="unavailability_end_date")]
        constraints = [
            models.CheckConstraint(
                name="unavailability_end_not_before_start", condition=Q(end_date__gte=models.F("start_date"))
            ),
            date_range_constraint("unavailability_start_plausible", "start_date", earliest=EARLIEST_UNAVAILABILITY),
            date_range_constraint("unavailability_end_plausible", "end_date", earliest=EARLIEST_UNAVAILABILITY),
        ]

    def __str__(self):
        return f"{self.start_date:%d %b %Y} to {self.end_date:%d %b %Y}"

    def clean(self):
        self.reason = self.reason.strip()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The last day unavailable must be the same as or after the first day"})
