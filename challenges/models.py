from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.db.models import F, Q
from django.urls import reverse

from authorities.models import Authority, Peer

from .choices import STATUS_TAG_COLOURS, ChallengeStatus, ChallengeType, FindingArea, FindingKind, TeamRole


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


class TeamMembership(models.Model):
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


class Finding(models.Model):
    """One finding of the peer team: a strength, area for consideration, recommendation
    or piece of notable practice, recorded against a framework area."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(max_length=30, choices=FindingKind.choices)
    area = models.CharField(max_length=40, choices=FindingArea.choices)
    text = models.TextField(max_length=5000, validators=[MaxLengthValidator(5000)])
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.CheckConstraint(name="finding_text_at_most_5000_characters", condition=LessThanOrEqual(Length("text"), 5000)),
            models.CheckConstraint(name="finding_text_not_blank", condition=~Q(text="")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"
