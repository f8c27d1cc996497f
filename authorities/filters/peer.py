"""Searching the peer pool."""

import django_filters
from crispy_forms_gds.layout import HTML, Field, Layout, Size, Submit
from django import forms
from django.db.models import Q

from authorities.choices import PeerType, PoliticalGroup, Region
from authorities.models import Peer, Specialism
from authorities.selectors.peer import peers_free_between
from peersupport.filters import GovukDateFilter, GovukFilterSet

ACTIVE_CHOICES = [("active", "Active"), ("retired", "Retired"), ("all", "Active and retired")]


class PeerFilter(GovukFilterSet):
    q = django_filters.CharFilter(
        method="filter_search", label="Name, email or organisation", max_length=100,
        error_messages={"max_length": "Name, email or organisation must be 100 characters or fewer"},
    )
    peer_type = django_filters.MultipleChoiceFilter(
        distinct=False,  # a plain column: no join to repeat peers
        choices=PeerType.choices, label="Type", widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose a type of peer from the list"},
    )
    region = django_filters.ChoiceFilter(
        choices=Region.choices, field_name="home_authority__region", label="Region of home authority", empty_label="Any region",
        error_messages={"invalid_choice": "Choose a region from the list"},
    )
    specialism = django_filters.ModelChoiceFilter(
        queryset=Specialism.objects.all(), method="filter_specialism", label="Specialism", empty_label="Any specialism",
        to_field_name="code", error_messages={"invalid_choice": "Choose a specialism from the list"},
    )
    can_lead = django_filters.BooleanFilter(
        field_name="can_lead", label="Accredited to lead", widget=forms.CheckboxInput, method="filter_can_lead"
    )
    political_group = django_filters.ChoiceFilter(
        choices=PoliticalGroup.choices, label="Political group", empty_label="Any group",
        error_messages={"invalid_choice": "Choose a political group from the list"},
    )
    free_from = GovukDateFilter(method="filter_free", label="Free from", in_sentence="‘free from’ date", help_text="For example, 14 9 2027")
    free_to = GovukDateFilter(method="filter_free", label="Free to", in_sentence="‘free to’ date", help_text="For example, 17 9 2027")
    status = django_filters.ChoiceFilter(
        choices=ACTIVE_CHOICES, method="filter_status", label="Status", empty_label=None, null_label=None,
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    defaults = {"status": "active"}  # active peers unless the search says otherwise
    choices_from = (Specialism,)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        tagged = Peer.tags.through.objects.filter(peertag__name__iexact=value).values("peer_id")
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(email__icontains=value)
            | Q(home_organisation__icontains=value)
            | Q(home_authority__name__icontains=value)
            | Q(pk__in=tagged)
        )

    def filter_specialism(self, queryset, name, value):
        # A subquery, not a join: a join repeats each peer once per specialism, and the
        # DISTINCT that undoes it makes counting a page of the pool cost ten times as much.
        holders = Peer.specialisms.through.objects.filter(specialism=value).values("peer_id")
        return queryset.filter(pk__in=holders)

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
            HTML('<h3 class="govuk-heading-s govuk-!-margin-bottom-1">Free on dates</h3>'
                 '<p class="govuk-hint" id="free-dates-hint">Peers with no leave and no other challenge on these days. '
                 'One date alone means that day only.</p>'),
            Field("free_from"),
            Field("free_to"),
            Field.checkbox("can_lead", small=True),
            Field.select("political_group"),
            Field.select("status"),
            Submit("search", "Search the pool"),
        )
