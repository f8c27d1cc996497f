"""A peer challenge of one fire and rescue authority, from its request to its close."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from simple_history.models import HistoricalRecords

from authorities.models import Authority, Inspection
from challenges.choices import (
    COMPLETED_STATUSES,
    FOCUS_AREA_CHOICES,
    FRAMEWORK_ELEMENT_OF_TYPE,
    NEXT_STEPS,
    STATUS_TAG_COLOURS,
    STOPPED_STATUSES,
    UNDATED_STATUSES,
    ChallengeStatus,
    ChallengeType,
    Funding,
    InspectionRelation,
)
from peersupport.calendar import working_days_between
from peersupport.links import record_url
from peersupport.models import ChoiceLabelsMixin
from peersupport.validators import LineField, PlainTextField, PlausibleDateField, date_range_constraint

# The LGA's fire peer challenges began in 2009; bookings are made at most a few years ahead.
EARLIEST_CHALLENGE = datetime.date(2009, 1, 1)
YEARS_AHEAD = 5
# Published practice: about four days on site, sometimes in two phases; never more than two
# working weeks in one.
MAX_WORKING_DAYS_PER_PHASE = 10
MAX_DAYS_ON_SITE = 2 * MAX_WORKING_DAYS_PER_PHASE
# Two phases are one challenge: the second follows the first within weeks, not years.
SECOND_PHASE_WITHIN = datetime.timedelta(weeks=12)
PHASE_TOO_LONG = (
    f"A visit lasts at most {MAX_WORKING_DAYS_PER_PHASE} working days: bring the end date forward or split it into two phases"
)
TEXT_MAX_LENGTH = 2000


class ChallengeQuerySet(models.QuerySet):
    def with_last_day(self):
        """Each challenge with `last_day`, its last day on site (of its second phase, if any)."""
        return self.annotate(last_day=Coalesce("second_end_date", "end_date"))

    def on_site_between(self, first, last):
        """Challenges with a visit that, from its first day to its last, meets `first` to `last`."""
        return self.with_last_day().filter(start_date__lte=last, last_day__gte=first)

    def live(self):
        """Challenges neither postponed nor cancelled: their visits hold their dates."""
        return self.exclude(status__in=STOPPED_STATUSES)

    def held(self, *, today):
        """Challenges that have taken place: their report is out or they are over, or their
        visit has begun by `today`; never one postponed, cancelled or still being agreed.
        (The authorities register asks this of its related model, without importing it.)"""
        return self.exclude(status__in=UNDATED_STATUSES).filter(
            Q(status__in=COMPLETED_STATUSES) | Q(start_date__lte=today), start_date__isnull=False
        )


def _visit_date(label, **kwargs):
    return PlausibleDateField(label, null=True, blank=True, earliest=EARLIEST_CHALLENGE, years_ahead=YEARS_AHEAD, **kwargs)


def _text(label, **kwargs):
    return PlainTextField(
        label, blank=True, max_length=TEXT_MAX_LENGTH,
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH, f"The {label} must be {TEXT_MAX_LENGTH:,} characters or fewer")],
        **kwargs,
    )


class Challenge(ChoiceLabelsMixin, models.Model):
    """A peer challenge of one fire and rescue authority: asked for, scoped, confirmed, on
    site, reported and reviewed (ChallengeStatus). Its status changes only through
    challenges/services/status.py; every change is kept in its history."""

    authority = models.ForeignKey(Authority, on_delete=models.PROTECT, related_name="challenges")
    challenge_type = models.CharField("type of challenge", max_length=40, choices=ChallengeType.choices)
    status = models.CharField(max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.CONFIRMED)
    status_reason = _text("reason", help_text="Why the challenge was postponed or cancelled.")

    # The request
    requested_on = PlausibleDateField("date requested", default=datetime.date.today, earliest=EARLIEST_CHALLENGE, years_ahead=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    preferred_period = LineField("preferred period", max_length=100, blank=True)
    request_details = _text("what the authority would like looked at")

    # The people
    principal_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="principal adviser",
    )
    challenge_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="LGA challenge manager",
    )

    # The scope
    scoping_meeting_on = _visit_date("scoping meeting date")
    focus_areas = models.JSONField("focus areas", default=list, blank=True)
    own_priorities = _text("the authority's own priorities")
    theme = LineField("deep-dive theme", max_length=150, blank=True)
    inspection_relation = models.CharField(
        "relation to an HMICFRS inspection", max_length=20, choices=InspectionRelation.choices, blank=True
    )
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.SET_NULL, related_name="challenges"
    )
    funding = models.CharField(max_length=20, choices=Funding.choices, blank=True)
    notes = _text("notes")

    # The visit: one phase, or two
    start_date = _visit_date("on-site start date")
    end_date = _visit_date("on-site end date")
    second_start_date = _visit_date("second phase start date")
    second_end_date = _visit_date("second phase end date")
    days_on_site = models.PositiveSmallIntegerField(
        "days on site", null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DAYS_ON_SITE)],
    )

    # The report's own words, beside its findings: written by those who record the findings,
    # frozen with them once the report is published (challenges/services/report_text.py).
    executive_summary = _text("executive summary")
    people_met = _text("kinds of people the team met")
    places_visited = _text("places the team visited")

    # For challenges recorded from before the service: where their report was published.
    report_url = models.URLField("link to the published report", max_length=500, blank=True)

    # After publication the findings are frozen; LGA staff may reopen them to correct the
    # published report, saying what is corrected. The next version published carries this
    # note as its change note and freezes the findings again (reports/services/correction.py).
    correction_note = _text("what the correction changes")
    correction_opened_at = models.DateTimeField(null=True, blank=True)
    correction_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # An LGA administrator may confirm a team that breaks the composition rules, saying why.
    team_rules_override_reason = LineField("reason for overriding the team's composition rules", max_length=500, blank=True)
    team_rules_overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # Set by the daily check (challenges/services/timings.py): the step running late, if any.
    late_step = LineField("late step", max_length=150, blank=True)

    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["booked_at"])
    objects = ChallengeQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-id"]
        indexes = [
            # Who is busy on given dates looks for challenges ending on or after the first: few.
            models.Index(fields=["end_date"], name="challenge_end_date"),
            models.Index(fields=["status", "start_date"], name="challenge_status_start"),
        ]
        constraints = [
            models.CheckConstraint(
                name="challenge_end_not_before_start", condition=Q(end_date__gte=F("start_date"))
            ),
            models.CheckConstraint(
                name="challenge_second_phase_after_first",
                condition=Q(second_start_date__isnull=True, second_end_date__isnull=True)
                | Q(second_start_date__gt=F("end_date"), second_end_date__gte=F("second_start_date")),
            ),
            models.CheckConstraint(
                name="challenge_dated_once_confirmed",
                condition=Q(status__in=UNDATED_STATUSES) | Q(start_date__isnull=False, end_date__isnull=False),
            ),
            models.CheckConstraint(
                name="challenge_stopped_with_reason",
                condition=~Q(status__in=STOPPED_STATUSES) | ~Q(status_reason=""),
            ),
            models.CheckConstraint(
                name="challenge_days_on_site_plausible",
                condition=Q(days_on_site__isnull=True) | Q(days_on_site__gte=1, days_on_site__lte=MAX_DAYS_ON_SITE),
            ),
            date_range_constraint("challenge_start_plausible", "start_date", earliest=EARLIEST_CHALLENGE),
            date_range_constraint("challenge_end_plausible", "end_date", earliest=EARLIEST_CHALLENGE),
            date_range_constraint("challenge_second_start_plausible", "second_start_date", earliest=EARLIEST_CHALLENGE),
            date_range_constraint("challenge_second_end_plausible", "second_end_date", earliest=EARLIEST_CHALLENGE),
            date_range_constraint("challenge_scoping_plausible", "scoping_meeting_on", earliest=EARLIEST_CHALLENGE),
            date_range_constraint("challenge_requested_plausible", "requested_on", earliest=EARLIEST_CHALLENGE),
        ]

    def __str__(self):
        when = f"{self.start_date:%B %Y}" if self.start_date else self.get_status_display().lower()
        return f"{self.get_challenge_type_display()}: {self.authority.short_name}, {when}"

    def get_absolute_url(self):
        return record_url("challenges:challenge-detail", self.pk)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The on-site end date must be the same as or after the start date"
        elif self.start_date and self.end_date and self.phase_working_days(self.start_date, self.end_date) > MAX_WORKING_DAYS_PER_PHASE:
            errors["end_date"] = PHASE_TOO_LONG
        if bool(self.second_start_date) != bool(self.second_end_date):
            errors["second_end_date" if self.second_start_date else "second_start_date"] = (
                "Enter both dates of the second phase, or neither"
            )
        elif self.second_start_date and self.end_date and self.second_start_date <= self.end_date:
            errors["second_start_date"] = "The second phase must start after the first phase ends"
        elif self.second_start_date and self.end_date and self.second_start_date > self.end_date + SECOND_PHASE_WITHIN:
            errors["second_start_date"] = "The second phase must start within 12 weeks of the end of the first"
        elif self.second_start_date and self.second_end_date < self.second_start_date:
            errors["second_end_date"] = "The second phase end date must be the same as or after its start date"
        elif self.second_start_date and self.phase_working_days(self.second_start_date, self.second_end_date) > MAX_WORKING_DAYS_PER_PHASE:
            errors["second_end_date"] = f"A phase lasts at most {MAX_WORKING_DAYS_PER_PHASE} working days"
        if self.second_start_date and not self.start_date:
            errors["start_date"] = "Enter the first phase's dates before the second's"
        if self.status not in UNDATED_STATUSES and not (self.start_date and self.end_date):
            errors["start_date"] = "Enter the on-site dates before confirming the challenge"
        if isinstance(self.focus_areas, list):
            self.focus_areas = list(dict.fromkeys(self.focus_areas))  # each once, in the order chosen
        unknown = sorted(set(self.focus_areas or []) - {value for value, _ in FOCUS_AREA_CHOICES})
        if not isinstance(self.focus_areas, list) or unknown:
            errors["focus_areas"] = "Choose focus areas from the list"
        if self.inspection_id and self.inspection.authority_id != self.authority_id:
            errors["inspection"] = "Choose one of this authority's inspections"
        if self.inspection_id and self.inspection_relation == InspectionRelation.NOT_LINKED:
            errors["inspection"] = "A challenge not linked to an inspection cannot name one"
        if self.challenge_type != ChallengeType.DEEP_DIVE and self.theme:
            errors["theme"] = "Only a deep-dive challenge has a theme"
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def phase_working_days(first, last) -> int:
        return working_days_between(first, last)

    @property
    def status_colour(self):
        return STATUS_TAG_COLOURS[self.status]

    @property
    def next_step(self):
        return NEXT_STEPS[self.status]

    @property
    def framework_element(self):
        return FRAMEWORK_ELEMENT_OF_TYPE[self.challenge_type]

    @property
    def in_calendars(self) -> bool:
        """Its visit is in the calendar feeds: dated, and past being agreed (cancelled ones
        stay, marked cancelled, so that calendars take them away)."""
        return bool(self.start_date) and self.status not in (
            ChallengeStatus.REQUESTED, ChallengeStatus.SCOPING, ChallengeStatus.POSTPONED
        )

    @property
    def last_day_on_site(self):
        return self.second_end_date or self.end_date

    @property
    def phases(self) -> list[tuple[datetime.date, datetime.date]]:
        phases = [(self.start_date, self.end_date)] if self.start_date else []
        if self.second_start_date:
            phases.append((self.second_start_date, self.second_end_date))
        return phases

    @property
    def working_days_on_site(self) -> int:
        """The days on site as recorded, or else the working days of its phases."""
        if self.days_on_site:
            return self.days_on_site
        return sum(working_days_between(first, last) for first, last in self.phases)

    def get_focus_areas_display(self) -> list[str]:
        labels = dict(FOCUS_AREA_CHOICES)
        return [labels.get(area, area) for area in self.focus_areas or []]
