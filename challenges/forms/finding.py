"""Recording a finding."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from challenges.choices import FindingArea, FindingKind
from challenges.models.finding import TEXT_MAX_LENGTH, TEXT_TOO_LONG
from peersupport.forms import GovukErrorsMixin, govuk_form_helper


class FindingForm(GovukErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        label="Kind of finding",
        error_messages={"required": "Choose the kind of finding", "invalid_choice": "Choose a kind of finding from the list"},
    )
    area = forms.ChoiceField(
        choices=[("", "Choose an area")] + FindingArea.choices,
        label="Area",
        error_messages={"required": "Choose the area the finding is about", "invalid_choice": "Choose an area from the list"},
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        label="Finding",
        help_text="Write it as it should read in the report.",
        max_length=TEXT_MAX_LENGTH,
        error_messages={
            "required": "Enter the finding",
            "max_length": TEXT_TOO_LONG,
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.select("area"),
            Field.textarea("text", max_characters=TEXT_MAX_LENGTH),
            Submit("submit", "Save finding"),
        )
