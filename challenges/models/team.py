"""The peer team: each peer's place on a challenge, the authority's concerns about a place,
and the adviser's pins and bans for the planner."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from authorities.models import Peer
from challenges.choices import ACTIVE_PLACE_STATES, PLACE_STATE_COLOURS, PlaceState, TeamRole
from challenges.models.challenge import EARLIEST_CHALLENGE, YEARS_AHEAD, Challenge
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField, PlainTextField, PlausibleDateField

REASON_MAX_LENGTH = 500
# PostgreSQL's exclusion constraint over the places' visits (migration 0006, made there as it is
# PostgreSQL's alone): one peer, two active places whose visits overlap.
NO_PEER_TWICE_AT_ONCE = "team_place_peer_not_twice_at_once"


class TeamMembership(ChoiceLabelsMixin, models.Model):
    """A peer's place on a challenge's team, from proposed to accepted, declined or withdrawn.

    `on_site_from` and `on_site_to` copy the challenge's visit (first day to last) while the
    place is active and the challenge live, so that PostgreSQL can refuse two overlapping
    active places of one peer with an exclusion constraint (migration 0006); the services
    keep them in step (challenges/services/team.py team_visit_sync)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="team")
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=30, choices=TeamRole.choices)
    state = models.CharField(max_length=20, choices=PlaceState.choices, default=PlaceState.PROPOSED)
    decline_reason = LineField("reason for declining", max_length=REASON_MAX_LENGTH, blank=True)
    # The soft conflicts the peer had when chosen, and why the adviser chose them all the same.
    soft_conflicts = PlainTextField(max_length=2000, blank=True)
    soft_conflict_reason = LineField("reason for choosing the peer all the same", max_length=REASON_MAX_LENGTH, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # The secret in the invitation email's link, with which the peer answers without signing in.
    invitation_token = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    on_site_from = PlausibleDateField(null=True, blank=True, editable=False, earliest=EARLIEST_CHALLENGE, years_ahead=YEARS_AHEAD)
    on_site_to = PlausibleDateField(null=True, blank=True, editable=False, earliest=EARLIEST_CHALLENGE, years_ahead=YEARS_AHEAD)

    class Meta:
        ordering = ["role", "peer__full_name"]
        indexes = [models.Index(fields=["peer", "on_site_to"], name="team_place_peer_visit")]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "peer"], name="team_peer_once_per_challenge"),
            models.UniqueConstraint(
                fields=["challenge"], condition=Q(role=TeamRole.LEAD_PEER, state__in=ACTIVE_PLACE_STATES),
                name="team_one_lead_peer",
            ),
            models.CheckConstraint(
                name="team_place_declined_with_reason",
                condition=~Q(state=PlaceState.DECLINED) | ~Q(decline_reason=""),
                violation_error_message="A declined place has the peer's reason",
            ),
            models.CheckConstraint(
                name="team_place_soft_conflicts_with_reason",
                condition=Q(soft_conflicts="") | ~Q(soft_conflict_reason=""),
                violation_error_message="A peer with a soft conflict is chosen only with a reason",
            ),
            models.CheckConstraint(
                name="team_place_visit_only_while_active",
                condition=Q(on_site_from__isnull=True, on_site_to__isnull=True)
                | Q(state__in=ACTIVE_PLACE_STATES, on_site_to__gte=models.F("on_site_from")),
            ),
        ]

    def __str__(self):
        return f"{self.peer} ({self.get_role_display()})"

    @property
    def role_in_sentence(self):
        return TeamRole(self.role).in_sentence

    @property
    def state_colour(self):
        return PLACE_STATE_COLOURS[self.state]

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_PLACE_STATES


class TeamConcern(models.Model):
    """The authority's concern about a person proposed for its team, which the adviser answers
    before the challenge is confirmed."""

    place = models.ForeignKey(TeamMembership, on_delete=models.CASCADE, related_name="concerns")
    reason = PlainTextField("concern", max_length=2000)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField(auto_now_add=True)
    answer = PlainTextField(max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="team_concern_answer_complete",
                condition=Q(answer="", answered_by__isnull=True, answered_at__isnull=True)
                | (~Q(answer="") & Q(answered_by__isnull=False, answered_at__isnull=False)),
            ),
        ]

    def __str__(self):
        return f"Concern about {self.place.peer}"


class TeamPin(models.Model):
    """A peer the adviser has fixed in a role on a challenge: every plan keeps them there."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="team_pins")
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=30, choices=TeamRole.choices)
    pinned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pinned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["challenge", "role", "id"]
        constraints = [models.UniqueConstraint(fields=["challenge", "peer"], name="team_pin_once")]


class TeamBan(models.Model):
    """A peer the adviser has ruled out for a challenge: no plan or list offers them for it."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="team_bans")
    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="+")
    reason = LineField(max_length=REASON_MAX_LENGTH, blank=True)
    banned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    banned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["challenge", "id"]
        constraints = [models.UniqueConstraint(fields=["challenge", "peer"], name="team_ban_once")]
