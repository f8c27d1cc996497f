"""Recording and editing a finding, rejecting a draft, and confirming a deletion."""

from crispy_forms_gds.layout import Button, Field, Fieldset, Size, Submit
from django import forms
from django.core.exceptions import ValidationError

from challenges.choices import FINDING_AREA_CHOICES, FindingArea, FindingKind, RecommendationPriority
from challenges.models.finding import NOTABLE_PRACTICE_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH, TEXT_TOO_LONG
from peersupport.forms import GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator

MARKDOWN_HINT = (
    "Write it as it should read in the report. Leave a blank line between paragraphs, start each item of a list "
    "with “- ”, put **two stars** around words in bold and write a link as [the words](https://www.example.com)."
)
LINE_MAX_LENGTH = 200
REASON_MAX_LENGTH = 500


def _line(label, *, max_length=LINE_MAX_LENGTH, required=False, help_text="", required_message=""):
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text, strip=True,
        validators=[plain_text_validator(label, single_line=True)],
        error_messages={"required": required_message or f"Enter the {label.lower()}",
                        "max_length": f"{label} must be {max_length:,} characters or fewer"},
    )


class FindingForm(GovukErrorsMixin, forms.Form):
    """A finding of any kind. Every kind's fields show, each saying which kind it is for, so
    that the form needs no script; the service clears the fields another kind keeps."""

    kind = forms.ChoiceField(
        choices=FindingKind.choices,
        widget=forms.RadioSelect,
        label="Kind of finding",
        error_messages={"required": "Choose the kind of finding", "invalid_choice": "Choose a kind of finding from the list"},
    )
    area = forms.ChoiceField(
        choices=[("", "Choose an area"), *FINDING_AREA_CHOICES],
        label="Area",
        error_messages={"required": "Choose the area the finding is about", "invalid_choice": "Choose an area from the list"},
    )
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Finding",
        help_text=MARKDOWN_HINT,
        max_length=TEXT_MAX_LENGTH,
        validators=[plain_text_validator("Finding", single_line=False)],
        error_messages={"required": "Enter the finding", "max_length": TEXT_TOO_LONG},
    )
    priority = forms.ChoiceField(
        choices=RecommendationPriority.choices,
        widget=forms.RadioSelect,
        required=False,
        label="Priority (recommendations only)",
        help_text="Only for a recommendation",
        error_messages={"invalid_choice": "Choose a priority from the list"},
    )
    title = _line("Title (notable practice only)", help_text="Only for notable practice: what the practice is, in a few words")
    why_it_matters = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Why it is worth sharing (notable practice only)",
        help_text="Only for notable practice: what others in the sector could learn from it",
        required=False,
        max_length=NOTABLE_PRACTICE_TEXT_MAX_LENGTH,
        validators=[plain_text_validator("Why it is worth sharing", single_line=False)],
        error_messages={"max_length": f"Why it is worth sharing must be {NOTABLE_PRACTICE_TEXT_MAX_LENGTH:,} characters or fewer"},
    )
    practice_contact = _line(
        "Contact for the practice (notable practice only)",
        help_text="Only for notable practice: who at the authority others can ask about it",
    )
    shared_with_sector = forms.BooleanField(
        label="Share this practice across the sector", required=False,
        help_text="Only for notable practice",
    )

    def __init__(self, *args, legacy_area=None, focus_areas=(), submit="Save finding", **kwargs):
        super().__init__(*args, **kwargs)
        if focus_areas:
            # The challenge's focus areas first, as its report gives them, then the framework's others.
            labels = dict(FINDING_AREA_CHOICES)
            focus = [(area, f"{labels[area]} (a focus area)") for area in focus_areas if area in labels]
            rest = [(area, label) for area, label in FINDING_AREA_CHOICES if area not in focus_areas]
            self.fields["area"].choices = [("", "Choose an area"), *focus, *rest]
        for name in ("text", "why_it_matters"):
            # Django's own check for a null character first, so that its message is the one shown.
            validators = self.fields[name].validators
            validators.sort(key=lambda validator: type(validator).__name__ != "ProhibitNullCharactersValidator")
        if legacy_area and legacy_area not in dict(FINDING_AREA_CHOICES):
            # A finding of the 2009 framework keeps its area when edited; no new one takes it.
            self.fields["area"].choices = [*self.fields["area"].choices, (legacy_area, FindingArea(legacy_area).label)]
        self.helper = govuk_form_helper(*self.layout_fields(), Submit("submit", submit))

    def layout_fields(self):
        return [
            Field.radios("kind", legend_size=Size.MEDIUM),
            Field.select("area"),
            Field.textarea("text", max_characters=TEXT_MAX_LENGTH),
            Fieldset(
                Field.radios("priority", legend_size=Size.SMALL, inline=True),
                legend="For a recommendation", legend_size=Size.MEDIUM,
            ),
            Fieldset(
                Field.text("title"),
                Field.textarea("why_it_matters", max_characters=NOTABLE_PRACTICE_TEXT_MAX_LENGTH),
                Field.text("practice_contact"),
                Field.checkbox("shared_with_sector"),
                legend="For notable practice", legend_size=Size.MEDIUM,
            ),
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == FindingKind.RECOMMENDATION and not data.get("priority") and "priority" not in self.errors:
            self.add_error("priority", ValidationError("Choose the recommendation's priority", code="required"))
        if kind == FindingKind.NOTABLE_PRACTICE and not data.get("title") and "title" not in self.errors:
            self.add_error("title", ValidationError("Enter a title for the notable practice", code="required"))
        return data


class FindingEditForm(FindingForm):
    """A finding as edited: the version it was read at goes with it, so that a save made by
    someone else meanwhile is found rather than overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1,
                                 error_messages={"required": "Open the finding again to edit it",
                                                 "invalid": "Open the finding again to edit it",
                                                 "min_value": "Open the finding again to edit it",
                                                 "max_value": "Open the finding again to edit it"})

    def layout_fields(self):
        return [*super().layout_fields(), Field("version")]

    def clean(self):
        data = super().clean()
        # A hidden field's error would show nowhere: it goes to the top of the form.
        if "version" in self.errors:
            self.add_error(None, self.errors.pop("version"))
        return data


class FindingRejectForm(GovukErrorsMixin, forms.Form):
    rejection_reason = _line(
        "Why the finding is left out", max_length=REASON_MAX_LENGTH,
        required=True, required_message="Enter why the finding is rejected",
        help_text="The team member who drafted it sees this",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field.text("rejection_reason"), Button.warning("reject", "Reject the draft"))


class FindingDeleteForm(GovukErrorsMixin, forms.Form):
    def __init__(self, *args, button="Delete the finding", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Button.warning("delete", button))

