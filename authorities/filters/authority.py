"""Filtering and sorting the authorities register."""

import django_filters
from crispy_forms_gds.layout import Field, Layout, Submit
from django.db.models import F

from authorities.choices import AuthorityStatus, Governance, Region
from peersupport.filters import GovukFilterSet

AUTHORITY_STATUS_CHOICES = [*AuthorityStatus.choices, ("all", "Current and abolished")]


AUTHORITY_SORT_CHOICES = [
    ("name", "Name (A to Z)"),
    ("longest", "Longest since last challenge first"),
    ("shortest", "Most recent challenge first"),
]


AUTHORITY_ORDERINGS = {
    "name": ["name"],
    # "Never challenged" is the longest wait of all, so it leads that order and ends the other.
    "longest": [F("last_challenge_on").asc(nulls_first=True), "name"],
    "shortest": [F("last_challenge_on").desc(nulls_last=True), "name"],
}


class AuthorityFilter(GovukFilterSet):
    """The register's filters and sort, over authorities annotated with `last_challenge_on`."""

    region = django_filters.ChoiceFilter(
        choices=Region.choices, label="Region", empty_label="Any region",
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    governance = django_filters.ChoiceFilter(
        choices=Governance.choices, label="Governance model", empty_label="Any governance model",
        error_messages={"invalid_choice": "Choose a governance model from the list"},
    )
    status = django_filters.ChoiceFilter(
        choices=AUTHORITY_STATUS_CHOICES, method="filter_status", label="Status", empty_label=None,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )
    sort = django_filters.ChoiceFilter(
        choices=AUTHORITY_SORT_CHOICES, method="sort_by", label="Sort by", empty_label=None,
        error_messages={"invalid_choice": "Choose a sort order from the list"},
    )

    defaults = {"status": "current", "sort": "name"}  # current authorities by name unless chosen otherwise

    def filter_status(self, queryset, name, value):
        return queryset if value == "all" else queryset.filter(status=value)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*AUTHORITY_ORDERINGS[value])

    def layout(self):
        return Layout(
            Field.select("region"),
            Field.select("governance"),
            Field.select("status"),
            Field.select("sort"),
            Submit("filter", "Apply"),
        )
