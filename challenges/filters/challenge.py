"""Filtering and sorting the programme's list of challenges."""

import datetime

import django_filters
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone

from authorities.choices import Region, Role
from authorities.models import Authority, User
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.models.challenge import EARLIEST_CHALLENGE, YEARS_AHEAD
from peersupport.filters import GovukFilterSet

SORT_CHOICES = [
    ("latest", "Latest visit first"),
    ("soonest", "Earliest visit first"),
    ("authority", "Authority (A to Z)"),
    ("status", "Stage in the life of a challenge"),
    ("requested", "Newest request first"),
]
# Challenges still being agreed have no visit yet: they lead the latest first, as the newest.
# Authorities go in the order of the short names the rows show ("Isles of Scilly", not
# "Council of the Isles of Scilly").
ORDERINGS = {
    "latest": [F("start_date").desc(nulls_first=True), "-pk"],
    "soonest": [F("start_date").asc(nulls_last=True), "pk"],
    "authority": ["authority__short_name", F("start_date").desc(nulls_first=True), "-pk"],
    "status": [
        Case(*[When(status=status, then=Value(index)) for index, status in enumerate(ChallengeStatus)], output_field=IntegerField()),
        F("start_date").asc(nulls_last=True), "pk",
    ],
    "requested": ["-requested_on", "-pk"],
}


def year_choices():
    """The years of the programme's visits, newest first: 2009 to a few years ahead."""
    last = timezone.localdate().year + YEARS_AHEAD
    return [(str(year), str(year)) for year in range(last, EARLIEST_CHALLENGE.year - 1, -1)]


class ChallengeFilter(GovukFilterSet):
    """The programme list's filters and sort. The counts per status leave the status filter
    out (`without_status`), so that each count says what choosing that status would show."""

    status = django_filters.ChoiceFilter(
        choices=ChallengeStatus.choices, label="Status", empty_label="Any status",
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    challenge_type = django_filters.ChoiceFilter(
        choices=ChallengeType.choices, label="Type", empty_label="Any type",
        error_messages={"invalid_choice": "Choose a type from the list"},
    )
    region = django_filters.ChoiceFilter(
        field_name="authority__region", choices=Region.choices, label="Region", empty_label="Any region",
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    year = django_filters.ChoiceFilter(
        field_name="start_date__year", choices=year_choices, label="Year on site", empty_label="Any year",
        error_messages={"invalid_choice": "Choose a year from the list"},
    )
    adviser = django_filters.ModelChoiceFilter(
        field_name="principal_adviser", label="Principal adviser", empty_label="Any adviser",
        queryset=User.objects.filter(role=Role.PRINCIPAL_ADVISER).order_by("full_name"),
        error_messages={"invalid_choice": "Choose an adviser from the list"},
    )
    authority = django_filters.ModelChoiceFilter(
        label="Authority", empty_label="Any authority", queryset=Authority.objects.order_by("name"),
        error_messages={"invalid_choice": "Choose an authority from the list"},
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="sort_by", label="Sort by", empty_label=None,
        error_messages={"invalid_choice": "Choose a sort order from the list"},
    )

    defaults = {"sort": "latest"}
    choices_from = (Authority, User)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])

    @property
    def without_status(self):
        """The queryset with every filter but the status's."""
        queryset = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name not in ("status", "sort"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def layout(self):
        return Layout(*[Field.select(name) for name in self.filters], Submit("filter", "Apply"))


def calendar_months() -> tuple[datetime.date, datetime.date]:
    """The first and last months the calendar shows (their first days): those of the
    programme's years, as the list's year filter offers them."""
    return EARLIEST_CHALLENGE.replace(day=1), datetime.date(timezone.localdate().year + YEARS_AHEAD, 12, 1)


class MonthField(forms.DateField):
    """A month typed as YYYY-MM, as the calendar's previous and next links write it, within
    the programme's years (a month at the ends of the calendar has no month beyond it)."""

    input_formats = ["%Y-%m"]
    widget = forms.TextInput  # a GOV.UK text input: the browser's own date picker has no month

    def __init__(self, **kwargs):
        super().__init__(error_messages={"invalid": "Enter a month like 2027-03"}, **kwargs)

    def validate(self, value):
        super().validate(value)
        first, last = calendar_months()
        if value is not None and not first <= value <= last:
            raise forms.ValidationError(f"Enter a month from {first:%Y-%m} to {last:%Y-%m}", code="out_of_range")


class MonthFilter(django_filters.Filter):
    field_class = MonthField

    def filter(self, queryset, value):
        return queryset  # the calendar view reads the month; the visits are found by its days


class CalendarFilter(GovukFilterSet):
    """The calendar's filters: region and type, and the month shown."""

    region = django_filters.ChoiceFilter(
        field_name="authority__region", choices=Region.choices, label="Region", empty_label="Any region",
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    challenge_type = django_filters.ChoiceFilter(
        choices=ChallengeType.choices, label="Type", empty_label="Any type",
        error_messages={"invalid_choice": "Choose a type from the list"},
    )
    month = MonthFilter(label="Month", help_text="For example, 2027-03")

    def layout(self):
        return Layout(Field.select("region"), Field.select("challenge_type"), Field.text("month", field_width=10), Submit("filter", "Apply"))
