"""Courses a peer has completed, kept by LGA staff."""

from django.db import models
from django.db.models import Q

from authorities.models.peer import Peer


class TrainingRecord(models.Model):
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="training_records")
    course = models.CharField(max_length=150)
    completed_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-completed_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="training_expiry_after_completion",
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("completed_on")),
            ),
        ]

    def __str__(self):
        return f"{self.course} ({self.completed_on:%d %B %Y})"
