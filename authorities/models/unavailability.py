"""Periods when a peer cannot take part in challenges."""

from django.db import models
from django.db.models import Q

from authorities.models.peer import Peer


class Unavailability(models.Model):
    """A period when a peer cannot take part in challenges."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="unavailabilities")
    start_date = models.DateField()
    end_date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "id"]
        verbose_name_plural = "unavailabilities"
        constraints = [
            models.CheckConstraint(
                name="unavailability_end_not_before_start", condition=Q(end_date__gte=models.F("start_date"))
            ),
        ]

    def __str__(self):
        return f"{self.start_date:%d %b %Y} to {self.end_date:%d %b %Y}"
