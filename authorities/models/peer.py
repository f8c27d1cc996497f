"""The national peer pool: peers, the specialisms they know well and free tags."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from authorities.choices import (
    PeerType,
    PoliticalGroup,
    Role,
    SpecialismGroup,
)
from authorities.models.authority import Authority
from authorities.models.user import User
from authorities.validators import validate_telephone
from peersupport.links import record_url
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField, PlausibleDateField, date_range_constraint

# Most challenges a peer can be asked to take part in a year: more would be a full-time job.
MAX_CHALLENGES_PER_YEAR = 12
TOO_MANY_CHALLENGES = f"Most challenges a year must be {MAX_CHALLENGES_PER_YEAR} or fewer"
MAX_CHALLENGES_NOT_A_NUMBER = "Most challenges a year must be a whole number, like 2"  # typed in a form or a file
EARLIEST_CONSENT = datetime.date(2000, 1, 1)
TAG_MAX_LENGTH = 50
FROM_AN_AUTHORITY = (PeerType.OFFICER, PeerType.MEMBER)


class Specialism(ChoiceLabelsMixin, models.Model):
    """Something a peer knows well, from the frameworks challenges are recorded against."""

    code = models.SlugField(max_length=60, unique=True)
    name = LineField(max_length=100, unique=True)
    group = models.CharField(max_length=30, choices=SpecialismGroup.choices)

    class Meta:
        ordering = ["group", "name"]

    def __str__(self):
        return self.name


class PeerTag(models.Model):
    """A free tag on peers, for what the framework lists do not name."""

    name = LineField(
        "skill", max_length=TAG_MAX_LENGTH, unique=True,
        error_messages={"max_length": f"Each skill must be {TAG_MAX_LENGTH} characters or fewer"},
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Peer(ChoiceLabelsMixin, models.Model):
    """A member of the national peer pool. Personal data: for LGA staff and the peer alone."""

    full_name = LineField(max_length=150)
    email = models.EmailField(unique=True, error_messages={"unique": "Another peer already uses this email address"})
    phone = LineField("telephone number", max_length=30, blank=True, validators=[validate_telephone])
    peer_type = models.CharField(max_length=30, choices=PeerType.choices)
    home_authority = models.ForeignKey(
        Authority, null=True, blank=True, on_delete=models.PROTECT, related_name="home_peers"
    )
    home_organisation = LineField(
        max_length=150, blank=True, help_text="For peers from beyond the sector: the body they work for."
    )
    role_title = LineField("role or rank", max_length=100, blank=True)
    political_group = models.CharField(max_length=30, choices=PoliticalGroup.choices, blank=True)
    specialisms = models.ManyToManyField(Specialism, blank=True, related_name="peers")
    tags = models.ManyToManyField(PeerTag, blank=True, related_name="peers")
    user = models.OneToOneField(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="peer",
        # Held by the admin's choices; not checked in clean(), which the import runs on every row.
        limit_choices_to={"role": Role.PEER}, help_text="The peer's sign-in, if they have one: a user with the peer role.",
    )
    can_lead = models.BooleanField("accredited to lead a team", default=False)
    max_challenges_per_year = models.PositiveSmallIntegerField(
        "most challenges a year", default=2,
        validators=[MaxValueValidator(MAX_CHALLENGES_PER_YEAR, TOO_MANY_CHALLENGES)],
    )
    is_active = models.BooleanField("active", default=True)
    retired_reason = LineField("reason for retiring", max_length=200, blank=True)
    consented_on = PlausibleDateField(
        "date consent was given", null=True, blank=True, earliest=EARLIEST_CONSENT, years_ahead=0
    )

    history = HistoricalRecords(m2m_fields=[specialisms])

    class Meta:
        ordering = ["full_name", "id"]
        # The pool list's order: a page of it reads fifty rows of the index, not the whole pool.
        indexes = [models.Index(fields=["full_name", "id"], name="peer_name_order")]
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
                name="peer_max_challenges_in_range", condition=Q(max_challenges_per_year__lte=MAX_CHALLENGES_PER_YEAR),
                violation_error_message=TOO_MANY_CHALLENGES,
            ),
            date_range_constraint("peer_consent_date_plausible", "consented_on", earliest=EARLIEST_CONSENT),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return record_url("authorities:peer-detail", self.pk)

    @classmethod
    def from_db(cls, db, field_names, values):
        peer = super().from_db(db, field_names, values)
        peer._stored_is_active = peer.__dict__.get("is_active")
        return peer

    def clean(self):
        """The pool's rules, each as an error on the field to correct. The form, the import and
        every service keep them by running this; the database's constraints hold them too."""
        # One spelling per address, so the unique constraint also catches Alex@ and alex@.
        self.email = (self.email or "").strip().lower()
        self.home_organisation, self.retired_reason = self.home_organisation.strip(), self.retired_reason.strip()
        if self.is_active and getattr(self, "_stored_is_active", None) is False:
            self.retired_reason = ""  # back in the pool: the reason they left no longer holds
        errors = {}
        if self.peer_type in FROM_AN_AUTHORITY and not self.home_authority_id:
            errors["home_authority"] = ValidationError("Choose the peer's home fire and rescue authority", code="missing")
        if self.peer_type and self.peer_type not in FROM_AN_AUTHORITY and self.home_authority_id:
            errors["home_authority"] = "Only officer and member peers have a home authority"
        if self.peer_type == PeerType.BEYOND_SECTOR and not self.home_organisation:
            errors["home_organisation"] = "Enter the organisation the peer works for"
        if self.peer_type and self.peer_type != PeerType.BEYOND_SECTOR and self.home_organisation:
            errors["home_organisation"] = "Only peers from beyond the sector have a home organisation"
        if self.peer_type == PeerType.MEMBER and not self.political_group:
            errors["political_group"] = "Choose the member peer's political group"
        if self.peer_type and self.peer_type != PeerType.MEMBER and self.political_group:
            errors["political_group"] = "Only member peers have a political group"
        if not self.is_active and not self.retired_reason:
            errors["retired_reason"] = "Enter why the peer is no longer active"
        if self.is_active and self.retired_reason:
            errors["retired_reason"] = "Only peers who are no longer active have a reason for retiring"
        if errors:
            raise ValidationError(errors)

    # Where challenge managers, who belong to no authority or outside body, come from.
    LGA = "Local Government Association"

    @property
    def home_display(self):
        return self.home_name(self.home_authority.short_name if self.home_authority_id else "", self.home_organisation)

    @classmethod
    def home_name(cls, authority_short_name, home_organisation):
        """Where a peer comes from, given as values (a list reads them so): their authority,
        else their organisation, else the LGA."""
        return authority_short_name or home_organisation or cls.LGA
