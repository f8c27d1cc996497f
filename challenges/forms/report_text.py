"""The report's own words: its executive summary and the approach's people met and places visited."""

from crispy_forms_gds.layout import Field, Submit
from django import forms

from challenges.forms.finding import MARKDOWN_HINT
from challenges.models.challenge import TEXT_MAX_LENGTH
from peersupport.forms import GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator


def _words(label, help_text):
    return forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), label=label, help_text=help_text, required=False, strip=True,
        max_length=TEXT_MAX_LENGTH, validators=[plain_text_validator(label, single_line=False)],
        error_messages={"max_length": f"{label} must be {TEXT_MAX_LENGTH:,} characters or fewer"},
    )


class ReportTextForm(GovukErrorsMixin, forms.Form):
    executive_summary = _words("Executive summary", f"What the peer team found, in a few paragraphs. {MARKDOWN_HINT}")
    people_met = _words(
        "The kinds of people the team met", "For example: the chief fire officer, members of the fire authority, "
        "on-call firefighters, partners from the county council. Name roles, not people.",
    )
    places_visited = _words("The places the team visited", "For example: the control room and four fire stations.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            *(Field.textarea(name, max_characters=TEXT_MAX_LENGTH) for name in self.fields), Submit("submit", "Save"),
        )
