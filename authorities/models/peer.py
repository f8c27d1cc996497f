"""The national peer pool: peers, the specialisms they know well and free tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from authorities.choices import (
    PeerType,
    PoliticalGroup,
    Role,
    SpecialismGroup,
)
from authorities.models.authority import Authority
from authorities.models.user import User
from authorities.validators import validate_consent_date, validate_telephone


class Specialism(models.Model):
    """Something a peer knows well, from the frameworks challenges are recorded against."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100, unique=True)
    group = models.CharField(max_length=30, choices=SpecialismGroup.choices)

    class Meta:
        ordering = ["group", "name"]

    def __str__(self):
        return self.name


class PeerTag(models.Model):
    """A free tag on peers, for what the framework lists do not name."""

    name = models.CharField(max_length=50, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Peer(models.Model):
    """A member of the national peer pool. Personal data: for LGA staff and the peer alone."""

    full_name = models.CharField(max_length=150)
    email = models.EmailField(unique=True)
    phone = models.CharField(max_length=30, blank=True, validators=[validate_telephone])
    peer_type = models.CharField(max_length=30, choices=PeerType.choices)
    home_authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, related_name="home_peers"
    )
    home_organisation = models.CharField(
        max_length=150, blank=True, help_text="For peers from beyond the sector: the body they work for."
    )
    role_title = models.CharField("role or rank", max_length=100, blank=True)
    political_group = models.CharField(max_length=30, choices=PoliticalGroup.choices, blank=True)
    specialisms = models.ManyToManyField(Specialism, blank=True, related_name="peers")
    tags = models.ManyToManyField(PeerTag, blank=True, related_name="peers")
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="peer",
        # Held by the admin's choices; not checked in clean(), which the import runs on every row.
        limit_choices_to={"role": Role.PEER}, help_text="The peer's sign-in, if they have one: a user with the peer role.",
    )
    can_lead = models.BooleanField("accredited to lead a team", default=False)
    max_challenges_per_year = models.PositiveSmallIntegerField(default=2)
    is_active = models.BooleanField("active", default=True)
    retired_reason = models.CharField(max_length=200, blank=True)
    consented_on = models.DateField(
        "date consent given to hold their data", null=True, blank=True, validators=[validate_consent_date]
    )

    history = HistoricalRecords(m2m_fields=[specialisms])

    class Meta:
        ordering = ["full_name", "id"]
        constraints = [
            # Member peers' political group is recorded so that teams are balanced.
            models.CheckConstraint(
                name="peer_political_group_for_members_only",
                condition=(Q(peer_type=PeerType.MEMBER) & ~Q(political_group=""))
                | (~Q(peer_type=PeerType.MEMBER) & Q(political_group="")),
                violation_error_message="A member peer has a political group, and no other peer has one",
            ),
            models.CheckConstraint(
                name="peer_retired_has_reason",
                condition=Q(is_active=True, retired_reason="") | (Q(is_active=False) & ~Q(retired_reason="")),
                violation_error_message="A retired peer has a reason for retiring, and an active peer has none",
            ),
            models.CheckConstraint(
                name="peer_home_matches_type",
                condition=(
                    Q(peer_type__in=[PeerType.OFFICER, PeerType.MEMBER], home_authority__isnull=False, home_organisation="")
                    | (Q(peer_type=PeerType.BEYOND_SECTOR, home_authority__isnull=True) & ~Q(home_organisation=""))
                    | Q(peer_type=PeerType.CHALLENGE_MANAGER, home_authority__isnull=True)
                ),
                violation_error_message=(
                    "Officer and member peers have a home authority, peers from beyond the sector a home "
                    "organisation, LGA challenge managers neither"
                ),
            ),
            models.CheckConstraint(
                name="peer_max_challenges_in_range", condition=Q(max_challenges_per_year__lte=12),
                violation_error_message="Most challenges a year must be 12 or fewer",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("authorities:peer-detail", kwargs={"pk": self.pk})

    def clean(self):
        # One spelling per address, so the unique constraint also catches Alex@ and alex@.
        self.email = (self.email or "").strip().lower()
        if self.is_active:
            self.retired_reason = ""  # back in the pool: the reason they left no longer holds
        errors = {}
        if self.peer_type == PeerType.MEMBER and not self.political_group:
            errors["political_group"] = "Choose the member peer's political group"
        if errors:
            raise ValidationError(errors)

    @property
    def home_display(self):
        if self.home_authority_id:
            return self.home_authority.short_name
        return self.home_organisation or "Local Government Association"
