"""Searching the public library: published reports, and the notable practice in them."""

import datetime

import django_filters
from crispy_forms_gds.layout import Field, Layout, Submit
from django.db.models import Q
from django.utils import timezone

from authorities.choices import Region
from authorities.models import Authority
from challenges.choices import FINDING_AREA_CHOICES, ChallengeType
from challenges.models.challenge import EARLIEST_CHALLENGE
from peersupport.filters import GovukFilterSet


def _years():
    # The years a report can have been published in, latest first: no query to list them.
    return [(str(year), str(year)) for year in range(timezone.localdate().year, EARLIEST_CHALLENGE.year - 1, -1)]


class ReportLibraryFilter(GovukFilterSet):
    """The library's filters, over the published feedback reports' values: by authority, its
    region, the type of challenge and the calendar year the report was published in."""

    authority = django_filters.ModelChoiceFilter(
        queryset=Authority.objects.order_by("name"), field_name="challenge__authority", to_field_name="slug",
        label="Authority", empty_label="Any authority",
        error_messages={"invalid_choice": "Choose an authority from the list"},
    )
    region = django_filters.ChoiceFilter(
        choices=Region.choices, field_name="challenge__authority__region", label="Region", empty_label="Any region",
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    type = django_filters.ChoiceFilter(
        choices=ChallengeType.choices, field_name="challenge__challenge_type", label="Type of challenge",
        empty_label="Any type", error_messages={"invalid_choice": "Choose a type of challenge from the list"},
    )
    year = django_filters.ChoiceFilter(
        choices=_years, method="filter_year", label="Year published", empty_label="Any year",
        help_text="The calendar year the report was published in",
        error_messages={"invalid_choice": "Choose a year from the list"},
    )

    choices_from = (Authority,)

    def filter_year(self, queryset, name, value):
        # A range, not __year: the library's index on published_at serves it.
        start = timezone.make_aware(datetime.datetime(int(value), 1, 1))
        end = timezone.make_aware(datetime.datetime(int(value) + 1, 1, 1))
        return queryset.filter(published_at__gte=start, published_at__lt=end)

    def layout(self):
        return Layout(
            Field.select("authority"), Field.select("region"), Field.select("type"), Field.select("year"),
            Submit("filter", "Apply"),
        )


class NotablePracticeFilter(GovukFilterSet):
    """The notable practice library's search: by area, and by words in a practice's title,
    what it is or why it is worth sharing."""

    area = django_filters.ChoiceFilter(
        choices=FINDING_AREA_CHOICES, label="Area", empty_label="Any area",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    q = django_filters.CharFilter(
        method="filter_words", label="Words", max_length=100,
        help_text="Words in the practice's title, what it is or why it is worth sharing",
        error_messages={"max_length": "Words must be 100 characters or fewer"},
    )

    def filter_words(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(title__icontains=word) | Q(text__icontains=word) | Q(why_it_matters__icontains=word))
        return queryset

    def layout(self):
        return Layout(Field.select("area"), Field.text("q"), Submit("filter", "Search"))
