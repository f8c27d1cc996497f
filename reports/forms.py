"""The forms of publication: publishing a version, opening a correction, withdrawing a version."""

from crispy_forms_gds.layout import Field, Submit
from django import forms

from peersupport.forms import GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator

NOTE_MAX_LENGTH = 2000


def _note_field(label, *, named, hint):
    return forms.CharField(
        label=label, help_text=hint, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4}),
        validators=[plain_text_validator(named, single_line=False)],
        error_messages={
            "required": f"Enter {named[0].lower()}{named[1:]}",
            "max_length": f"{named} must be {NOTE_MAX_LENGTH:,} characters or fewer",
        },
    )


def _button(text, *, warning=False):
    return Submit(
        "submit", text, css_class="govuk-button--warning" if warning else "", **{"data-prevent-double-click": "true"}
    )


class ReportPublishForm(GovukErrorsMixin, forms.Form):
    """Publishing a version: a confirmation, with nothing to fill in."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(_button("Publish this version"))


class _NoteForm(GovukErrorsMixin, forms.Form):
    """A note to write (its field named by `note`) and the button that acts on it."""

    note: str
    button: str
    warning = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field.textarea(self.note), _button(self.button, warning=self.warning))


class CorrectionOpenForm(_NoteForm):
    note, button = "correction_note", "Open the correction"
    correction_note = _note_field(
        "What does the correction change?", named="What the correction changes",
        hint="This is published beside the corrected version, as its change note.",
    )


class ReportWithdrawForm(_NoteForm):
    note, button, warning = "withdrawal_reason", "Withdraw this version", True
    withdrawal_reason = _note_field(
        "Why is the report being withdrawn?", named="The reason for withdrawing the report",
        hint="This is shown on the report's public page instead of the report.",
    )
