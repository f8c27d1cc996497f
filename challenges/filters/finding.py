"""Searching the library of wording: by words, kind and area."""

import django_filters
from crispy_forms_gds.layout import Field, Layout, Submit
from django import forms
from django.db.models import Q

from challenges.choices import FindingArea, FindingKind
from peersupport.filters import GovukFilterSet

SEARCH_MAX_LENGTH = 200


class ChallengeIdField(forms.CharField):
    """The id of the challenge a team member came from: anything else is no challenge, and no
    error, as the field is hidden and the library shows the same entries either way."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.validators = []

    def to_python(self, value):
        value = str(value or "")
        return value if value.isascii() and value.isdigit() and len(value) <= 9 else ""


class KeepFilter(django_filters.CharFilter):
    """A value the page carries from search to search (the challenge a team is starting a
    finding for), which filters nothing."""

    field_class = ChallengeIdField

    def filter(self, queryset, value):
        return queryset


class WordingFilter(GovukFilterSet):
    """The library of wording's search: entries holding every word typed, of a kind, about an
    area. `challenge` keeps the challenge a team member came from, so that "Use this wording"
    still leads back to it."""

    q = django_filters.CharFilter(
        method="with_words", label="Words", max_length=SEARCH_MAX_LENGTH,
        help_text="Entries holding every word you type",
        error_messages={"max_length": f"Words must be {SEARCH_MAX_LENGTH} characters or fewer"},
    )
    kind = django_filters.ChoiceFilter(
        choices=FindingKind.choices, label="Kind", empty_label="Any kind",
        error_messages={"invalid_choice": "Choose a kind from the list"},
    )
    area = django_filters.ChoiceFilter(
        choices=FindingArea.choices, label="Area", empty_label="Any area",
        error_messages={"invalid_choice": "Choose an area from the list"},
    )
    challenge = KeepFilter()

    def with_words(self, queryset, name, value):
        words = value.split()[:20]
        condition = Q()
        for word in words:
            condition &= Q(text__icontains=word)
        return queryset.filter(condition)

    def layout(self):
        return Layout(Field.text("q"), Field.select("kind"), Field.select("area"), Field("challenge"), Submit("filter", "Search"))
