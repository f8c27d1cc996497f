"""The peer team: each peer's place on a challenge."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from authorities.models import Peer
from challenges.choices import TeamRole
from challenges.models.challenge import Challenge
from peersupport.models import ChoiceLabelsMixin


class TeamMembership(ChoiceLabelsMixin, models.Model):
    """A peer's place on a challenge's team."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="team")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=TeamRole.choices)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "peer__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "peer"], name="team_peer_once_per_challenge"),
            models.UniqueConstraint(
                fields=["challenge"], condition=Q(role=TeamRole.LEAD_PEER), name="team_one_lead_peer"
            ),
        ]

    def __str__(self):
        return f"{self.peer} ({self.get_role_display()})"

    @property
    def role_in_sentence(self):
        """The role as it reads mid-sentence: "lead peer", but "LGA challenge manager"."""
        label = self.get_role_display()
        return label if label[:2].isupper() else label[0].lower() + label[1:]
