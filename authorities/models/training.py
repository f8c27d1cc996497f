"""Courses a peer has completed, kept by LGA staff."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from authorities.models.peer import Peer
from peersupport.validators import LineField, PlausibleDateField, date_range_constraint

EARLIEST_TRAINING = datetime.date(2000, 1, 1)


class TrainingRecord(models.Model):
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="training_records")
    course = LineField(max_length=150)
    completed_on = PlausibleDateField("date completed", earliest=EARLIEST_TRAINING, years_ahead=0)
    expires_on = PlausibleDateField("expiry date", null=True, blank=True, earliest=EARLIEST_TRAINING, years_ahead=20)

    class Meta:
        ordering = ["-completed_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="training_expiry_after_completion",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
            ),
            date_range_constraint("training_completed_plausible", "completed_on", earliest=EARLIEST_TRAINING),
            date_range_constraint("training_expiry_plausible", "expires_on", earliest=EARLIEST_TRAINING),
        ]

    def __str__(self):
        return f"{self.course} ({self.completed_on:%d %B %Y})"

    def clean(self):
        self.course = self.course.strip()
        if self.completed_on and self.expires_on and self.expires_on <= self.completed_on:
            raise ValidationError({"expires_on": "The expiry date must be after the date completed"})
