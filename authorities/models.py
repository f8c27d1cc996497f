from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .choices import (
    GRADE_TAG_COLOURS,
    GRADES_BY_SCALE,
    AuthorityStatus,
    ContactRole,
    GradeScale,
    Governance,
    InspectionGrade,
    InspectionQuestion,
    PeerType,
    PoliticalGroup,
    Region,
    Role,
    SpecialismGroup,
)
from .validators import validate_consent_date, validate_ons_code, validate_short_name, validate_telephone


class Authority(models.Model):
    """An English fire and rescue authority, current or abolished (merged into a successor)."""

    ons_code = models.CharField(
        "ONS code", max_length=9, unique=True, validators=[validate_ons_code],
        error_messages={"unique": "Another authority already has this ONS code"},
    )
    name = models.CharField(max_length=200)
    short_name = models.CharField(
        max_length=100, unique=True, validators=[validate_short_name],
        error_messages={"unique": "Another authority already has this short name"},
    )
    slug = models.SlugField(max_length=100, unique=True)
    region = models.CharField(max_length=40, choices=Region.choices)
    governance = models.CharField("governance model", max_length=40, choices=Governance.choices)
    status = models.CharField(max_length=20, choices=AuthorityStatus.choices, default=AuthorityStatus.CURRENT)
    ended_on = models.DateField("end date", null=True, blank=True)
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
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("authorities:authority-detail", kwargs={"slug": self.slug})

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


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.LGA_ADMIN)
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who signs in. The email address is the login; the role decides what they see."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    role = models.CharField(max_length=30, choices=Role.choices)
    region = models.CharField(
        max_length=40, choices=Region.choices, blank=True, help_text="Principal advisers only."
    )
    authority = models.ForeignKey(
        Authority,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="fra_users",
        help_text="Fire and rescue authority contacts only.",
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                name="user_region_only_for_principal_adviser",
                condition=(Q(role=Role.PRINCIPAL_ADVISER) & ~Q(region=""))
                | (~Q(role=Role.PRINCIPAL_ADVISER) & Q(region="")),
            ),
            models.CheckConstraint(
                name="user_authority_only_for_fra_contact",
                condition=(Q(role=Role.FRA_CONTACT, authority__isnull=False))
                | (~Q(role=Role.FRA_CONTACT) & Q(authority__isnull=True)),
            ),
        ]

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_lga_staff(self):
        return self.role in (Role.LGA_ADMIN, Role.PRINCIPAL_ADVISER)

    @property
    def is_lga_admin(self):
        return self.role == Role.LGA_ADMIN

    @property
    def is_principal_adviser(self):
        return self.role == Role.PRINCIPAL_ADVISER

    @property
    def is_peer(self):
        return self.role == Role.PEER

    @property
    def is_fra_contact(self):
        return self.role == Role.FRA_CONTACT


class AuthorityContact(models.Model):
    """A named person at an authority: its chief fire officer, chair, or clerk or improvement lead."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="contacts")
    role = models.CharField(max_length=30, choices=ContactRole.choices)
    name = models.CharField(max_length=150)
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


class Inspection(models.Model):
    """An HMICFRS inspection of an authority's service, with its grades and causes of concern."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="inspections")
    round_name = models.CharField("inspection round", max_length=60, help_text="For example, Round 3 (2023 to 2025)")
    grade_scale = models.CharField(max_length=20, choices=GradeScale.choices, default=GradeScale.FIVE_GRADE)
    started_on = models.DateField("inspection start date")
    ended_on = models.DateField("inspection end date")
    report_published_on = models.DateField("report publication date", null=True, blank=True)
    causes_of_concern = models.TextField(
        blank=True, max_length=5000, validators=[MaxLengthValidator(5000)], help_text="One cause of concern per line."
    )
    recorded_by = models.ForeignKey("User", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                name="inspection_end_not_before_start", condition=Q(ended_on__gte=models.F("started_on"))
            ),
            models.CheckConstraint(
                name="inspection_report_not_before_start",
                condition=Q(report_published_on__isnull=True) | Q(report_published_on__gte=models.F("started_on")),
            ),
        ]

    def __str__(self):
        return f"{self.authority.short_name}: {self.round_name}"

    def clean(self):
        self.causes_of_concern = "\n".join(self.causes_of_concern_list)
        # The rules of the date constraints, as errors on the fields to correct.
        errors = {}
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = "The inspection end date must be the same as or after the start date"
        if self.started_on and self.report_published_on and self.report_published_on < self.started_on:
            errors["report_published_on"] = "The report publication date must be the same as or after the inspection start date"
        if errors:
            raise ValidationError(errors)

    @property
    def causes_of_concern_list(self):
        return [line.strip() for line in self.causes_of_concern.splitlines() if line.strip()]

    @property
    def grades(self):
        """(question label, result or None) for each of the 11 questions, in HMICFRS's order.
        Reads `results.all()`, so prefetch them when listing inspections."""
        by_question = {result.question: result for result in self.results.all()}
        return [(label, by_question.get(question)) for question, label in InspectionQuestion.choices]


class InspectionResult(models.Model):
    """The grade an inspection gave for one of HMICFRS's graded questions."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="results")
    question = models.CharField(max_length=40, choices=InspectionQuestion.choices)
    grade = models.CharField(max_length=30, choices=InspectionGrade.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["inspection", "id"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "question"], name="inspection_result_one_per_question"),
        ]

    def __str__(self):
        return f"{self.get_question_display()}: {self.get_grade_display()}"

    @staticmethod
    def off_scale_message(*, question, grade, scale) -> str | None:
        """Why the grade cannot be given on the scale (None when it can): "adequate" exists
        only on the five-grade scale used since 2023."""
        # Unknown questions, grades and scales are the choice fields' errors, not this one.
        if grade not in InspectionGrade.values or scale not in GRADES_BY_SCALE or grade in GRADES_BY_SCALE[scale]:
            return None
        question_label = dict(InspectionQuestion.choices).get(question, "this question")
        return (
            f"Choose a grade on the {scale.replace('_', '-')} scale for {question_label[0].lower()}{question_label[1:]}: "
            f"‘{InspectionGrade(grade).label.lower()}’ is not one of its grades"
        )

    def clean(self):
        try:
            scale = self.inspection.grade_scale
        except Inspection.DoesNotExist:
            return
        message = self.off_scale_message(question=self.question, grade=self.grade, scale=scale)
        if message:
            raise ValidationError({"grade": message})

    @property
    def grade_colour(self):
        return GRADE_TAG_COLOURS[self.grade]


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
