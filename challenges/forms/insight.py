"""The period the programme's insight is shown for: the kind of year, the year and the region."""

import datetime

from crispy_forms.utils import render_crispy_form
from crispy_forms_gds.layout import Field, Size, Submit
from django import forms
from django.core.cache import cache
from django.http import QueryDict
from django.utils.safestring import mark_safe

from authorities.choices import Region
from challenges.insight.period import FIRST_YEAR, InsightPeriod, YearKind
from peersupport.forms import GovukErrorsMixin, govuk_form_helper

EVERY_REGION = "England (every region)"


class InsightFilterForm(GovukErrorsMixin, forms.Form):
    """A year of either kind, from the first year on record (or 2009, when the LGA's peer
    challenges began, with none on record) to next year, newest first, in England or one
    region. A filter the query leaves out (or leaves blank) takes its default: the current
    financial year, in England; so the page with no query is that period's, and a link may
    name one filter alone."""

    year_kind = forms.ChoiceField(
        label="Kind of year", choices=YearKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose a kind of year", "invalid_choice": "Choose a kind of year"},
    )
    year = forms.TypedChoiceField(
        label="Year", coerce=int,
        help_text="A financial year is named by the year it starts in: 2026 is April 2026 to March 2027",
        error_messages={"required": "Choose a year", "invalid_choice": "Choose a year from the list"},
    )
    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", EVERY_REGION), *Region.choices],
        error_messages={"invalid_choice": "Choose a region from the list"},
    )

    def __init__(self, data: QueryDict, *, today: datetime.date, first_year: int | None):
        self.default = InsightPeriod.containing(today)
        given = data.copy()
        for name, value in (("year_kind", self.default.year_kind), ("year", self.default.year)):
            if not given.get(name):
                given[name] = value
        super().__init__(given)
        first = min(first_year or FIRST_YEAR, self.default.year)
        self.years = range(today.year + 1, max(first, FIRST_YEAR) - 1, -1)
        self.fields["year"].choices = [(year, str(year)) for year in self.years]
        self.helper = govuk_form_helper(
            Field.radios("year_kind", legend_size=Size.SMALL),
            Field.select("year"),
            Field.select("region"),
            Submit("filter", "Apply", css_class="govuk-button--secondary"),
        )
        self.helper.form_method = "get"

    def period(self) -> InsightPeriod:
        """The period chosen (the form must be valid)."""
        return InsightPeriod(
            year=self.cleaned_data["year"], year_kind=self.cleaned_data["year_kind"], region=self.cleaned_data["region"]
        )

    def rendered(self) -> str:
        """The form as HTML. Laying it out with crispy-forms cost more than the page's twenty
        tables, and the same filters with the same years on offer give the same form: a valid
        one is kept in the cache, as the lists' search forms are (peersupport/filters.py);
        one with errors is laid out each time."""
        if not self.is_valid():
            return render_crispy_form(self)
        period = self.period()
        key = f"insight-filter-form:{self.years[0]}:{self.years[-1]}:{period.year_kind}:{period.year}:{period.region}"
        html = cache.get(key)
        if html is None:
            html = render_crispy_form(self)
            cache.set(key, html, 60 * 60)
        return mark_safe(html)  # noqa: S308 - crispy-forms' own rendering, kept as it was
