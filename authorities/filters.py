"""Searches with django-filter: the peer pool, and the authorities register."""

import django_filters
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Field, Fieldset, Layout, Size, Submit
from django import forms
from django.db.models import F, Q
from django.http import QueryDict

from .choices import Governance, PeerType, PoliticalGroup, Region
from .models import Specialism
from .forms import GovukErrorsMixin
from .selectors import peers_free_between

ACTIVE_CHOICES = [("active", "Active"), ("retired", "Retired"), ("all", "Active and retired")]


class GovukFilterSet(django_filters.FilterSet):
    """A filter set with `defaults` for filters the query leaves out (also on first arrival,
    with no query), and a GET form laid out by `layout()` with crispy-forms-gds."""

    defaults = {}

    def __init__(self, data=None, *args, **kwargs):
        data = data.copy() if data is not None else QueryDict(mutable=True)
        for name, value in self.defaults.items():
            if not data.get(name):
                data[name] = value
        super().__init__(data, *args, **kwargs)

    def layout(self) -> Layout:
        """Every filter in order, then the button; a filter set with a richer page overrides it."""
        return Layout(*[Field(name) for name in self.filters], Submit("filter", "Apply"))

    def get_form_class(self):
        form_class = super().get_form_class()
        return type(form_class.__name__, (GovukErrorsMixin, form_class), {})

    @property
    def form(self):
        form = super().form
        if not hasattr(form, "helper"):
            form.helper = FormHelper()
            form.helper.form_method = "get"
            form.helper.layout = self.layout()
        return form


class PeerFilter(GovukFilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label="Name, email or organisation", max_length=100,
        error_messages={"max_length": "Name, email or organisation must be 100 characters or fewer"},
    )
    peer_type = django_filters.MultipleChoiceFilter(
        choices=PeerType.choices, label="Type", widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose a type of peer from the list"},
    )
    region = django_filters.ChoiceFilter(
        choices=Region.choices, field_name="home_authority__region", label="Region of home authority", empty_label="Any region",
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    specialism = django_filters.ModelChoiceFilter(
        queryset=Specialism.objects.all(), field_name="specialisms", label="Specialism", empty_label="Any specialism",
        to_field_name="code", error_messages={"invalid_choice": "Choose a specialism from the list"},
    )
    can_lead = django_filters.BooleanFilter(
        field_name="can_lead", label="Accredited to lead", widget=forms.CheckboxInput, method="filter_can_lead"
    )
    political_group = django_filters.ChoiceFilter(
        choices=PoliticalGroup.choices, label="Political group", empty_label="Any group",
        error_messages={"invalid_choice": "Choose a political group from the list"},
    )
    free_from = django_filters.DateFilter(
        method="filter_free", label="Free from", widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}),
        error_messages={"invalid": "The ‘free from’ date must be a real date"},
    )
    free_to = django_filters.DateFilter(
        method="filter_free", label="Free to", widget=forms.DateInput(attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}),
        error_messages={"invalid": "The ‘free to’ date must be a real date"},
    )
    status = django_filters.ChoiceFilter(
        choices=ACTIVE_CHOICES, method="filter_status", label="Status", empty_label=None, null_label=None,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    defaults = {"status": "active"}  # active peers unless the search says otherwise

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(email__icontains=value)
            | Q(home_organisation__icontains=value)
            | Q(home_authority__name__icontains=value)
            | Q(tags__name__iexact=value)
        ).distinct()

    def filter_can_lead(self, queryset, name, value):
        return queryset.filter(can_lead=True) if value else queryset

    def filter_free(self, queryset, name, value):
        # Both dates are applied together in filter_queryset.
        return queryset

    def filter_status(self, queryset, name, value):
        if value == "all":
            return queryset
        return queryset.filter(is_active=(value != "retired"))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        start, end = data.get("free_from"), data.get("free_to")
        if start or end:
            queryset = peers_free_between(queryset=queryset, start=start or end, end=end or start)
        return queryset

    def is_valid(self):
        valid = super().is_valid()
        data = self.form.cleaned_data if valid else {}
        if valid and data.get("free_from") and data.get("free_to") and data["free_to"] < data["free_from"]:
            self.form.add_error("free_to", "The ‘free to’ date must be the same as or after the ‘free from’ date")
            return False
        return valid

    def layout(self):
        return Layout(
            Field.text("q"),
            Field.checkboxes("peer_type", legend_size=Size.SMALL, small=True),
            Field.select("specialism"),
            Field.select("region"),
            Fieldset(
                HTML('<div class="govuk-hint" id="free-dates-hint">Peers with no leave and no other challenge on '
                     'these days. One date alone means that day only.</div>'),
                Field("free_from"),
                Field("free_to"),
                legend="Free on dates", legend_size=Size.SMALL,
            ),
            Field.checkbox("can_lead", small=True),
            Field.select("political_group"),
            Field.select("status"),
            Submit("search", "Search the pool"),
        )


AUTHORITY_STATUS_CHOICES = [("current", "Current"), ("abolished", "Abolished"), ("all", "Current and abolished")]
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
