"""Fire and rescue authorities, current and abolished, and the named people at each."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from authorities.choices import AuthorityStatus, ContactRole, Governance, Region
from authorities.validators import validate_ons_code, validate_short_name
from peersupport.links import record_url
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField, PlausibleDateField, date_range_constraint

# English fire and rescue authorities took their present shape in the 1990s and 2000s.
EARLIEST_END_DATE = datetime.date(1990, 1, 1)


class Authority(ChoiceLabelsMixin, models.Model):
    """An English fire and rescue authority, current or abolished (merged into a successor)."""

    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[validate_ons_code],
        error_messages={"unique": "Another authority already has this ONS code"},
    )
    name = LineField(max_length=200)
    short_name = LineField(
        max_length=100, unique=True, validators=[validate_short_name],
        error_messages={"unique": "Another authority already has this short name"},
    )
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField(max_length=40, choices=Region.choices)
    governance = models.CharField("governance model", max_length=40, choices=Governance.choices)
    status = models.CharField(max_length=20, choices=AuthorityStatus.choices, default=AuthorityStatus.CURRENT)
    ended_on = PlausibleDateField("end date", null=True, blank=True, earliest=EARLIEST_END_DATE, years_ahead=5)
    succeeded_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors", verbose_name="successor"
    )
    needs_verification = models.BooleanField(
        default=False, help_text="The record rests on secondary sources and should be checked."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["short_name"]
        verbose_name_plural = "authorities"
        constraints = [
            models.CheckConstraint(
                name="authority_abolished_has_end_date",
                condition=(Q(status=AuthorityStatus.ABOLISHED, ended_on__isnull=False))
                | (Q(status=AuthorityStatus.CURRENT, ended_on__isnull=True)),
            ),
            # The peer import finds authorities by short name in any case: "KENT" is Kent.
            models.UniqueConstraint(
                Lower("short_name"), name="authority_short_name_unique_in_any_case",
                violation_error_message="Another authority already has this short name",
            ),
            date_range_constraint("authority_end_date_plausible", "ended_on", earliest=EARLIEST_END_DATE),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("authorities:authority-detail", self.slug, "slug")

    def clean(self):
        # The rules of the status and end date constraint, as errors on the fields to correct.
        errors = {}
        if self.status == AuthorityStatus.ABOLISHED and not self.ended_on:
            errors["ended_on"] = "Enter the date the authority was abolished"
        if self.status == AuthorityStatus.CURRENT and self.ended_on:
            errors["ended_on"] = "Only an abolished authority has an end date: remove the date or change the status"
        if self.short_name and Authority.objects.exclude(pk=self.pk).filter(short_name__iexact=self.short_name).exists():
            errors["short_name"] = "Another authority already has this short name"
        if self.succeeded_by_id and self.status == AuthorityStatus.CURRENT:
            errors["succeeded_by"] = "Only an abolished authority has a successor"
        elif self.succeeded_by_id and self._succession_leads_back():
            errors["succeeded_by"] = "An authority cannot succeed itself, directly or through others"
        if errors:
            raise ValidationError(errors)

    def _succession_leads_back(self):
        """Whether following successors from this authority comes back to it."""
        seen, successor_id = {self.pk}, self.succeeded_by_id
        while successor_id is not None:
            if successor_id in seen:
                return True
            seen.add(successor_id)
            successor_id = Authority.objects.filter(pk=successor_id).values_list("succeeded_by_id", flat=True).first()
        return False

    @property
    def is_current(self):
        return self.status == AuthorityStatus.CURRENT


class AuthorityContact(ChoiceLabelsMixin, models.Model):
    """A named person at an authority: its chief fire officer, chair, or clerk or improvement lead."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=30, choices=ContactRole.choices)
    name = LineField(max_length=150)
    email = models.EmailField("email address")

    history = HistoricalRecords()

    class Meta:
        ordering = ["authority", "role"]
        constraints = [
            models.UniqueConstraint(fields=["authority", "role"], name="authority_contact_one_per_role"),
        ]

    def __str__(self):
        return f"{self.name}, {self.get_role_display().lower()}"

    def clean(self):
        self.name = (self.name or "").strip()
        self.email = (self.email or "").strip().lower()
