"""The project's GOV.UK form kit: fields, error wording and the crispy-forms-gds helper every form uses."""

import datetime

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Submit
from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from peersupport.csv_files import MAX_FILE_BYTES, MAX_ROWS, NOT_A_CSV, TOO_BIG


class GovukDateWidget(DateInputWidget):
    """The GOV.UK date input whose day box carries the field's own id, so that the error
    summary's link to the field (and a label's) lands on the first box a person types in, as
    GOV.UK asks, rather than on the boxes' container."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        field_id = context["widget"]["attrs"].get("id")
        if field_id:
            context["widget"]["attrs"]["id"] = f"{field_id}-boxes"
            context["widget"]["subwidgets"][0]["attrs"]["id"] = field_id
        return context

    def id_for_label(self, id_):
        return id_


class GovukDateField(DateInputField):
    """A GOV.UK date input (day, month, year) with one error per date, in GOV.UK wording
    that names the field. Years need four digits: "8 3 27" means 2027 to the person typing
    it, not the year 27, so it is refused rather than guessed."""

    widget = GovukDateWidget

    def __init__(self, *, label, in_sentence=None, **kwargs):
        super().__init__(label=label, **kwargs)
        # How the field is named mid-sentence in its messages: the label, or words of its own.
        self.in_sentence = in_sentence or label[0].lower() + label[1:]
        self.error_messages["required"] = f"Enter the {self.in_sentence}"
        self.error_messages["incomplete"] = f"The {self.in_sentence} must include a day, month and year"
        self.error_messages["invalid"] = f"The {self.in_sentence} must be a real date"

    def clean(self, value):
        if self.disabled and not isinstance(value, (list, tuple)):
            value = self.widget.decompress(value)
        if not isinstance(value, (list, tuple)):
            value = []
        day, month, year = [str(part or "").strip() for part in (list(value) + [None] * 3)[:3]]
        if not (day or month or year):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if not (day and month and year):
            raise ValidationError(self.error_messages["incomplete"], code="incomplete")
        numbers_only = all(part.isascii() and part.isdigit() for part in (day, month, year))
        if not numbers_only or len(day) > 2 or len(month) > 2 or len(year) != 4:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        self.validate(date)
        self.run_validators(date)
        return date


EMAIL_ADDRESS_LENGTH = 254  # RFC 5321's limit, and Django's EmailField's
# GOV.UK's messages for an email address, wherever one is entered (forms, the peer import).
EMAIL_MESSAGES = {
    "required": "Enter an email address",
    "invalid": "Enter an email address in the correct format, like name@example.com",
    "max_length": f"Email address must be {EMAIL_ADDRESS_LENGTH} characters or fewer",
}


def email_field():
    """An email address field with GOV.UK error messages."""
    return forms.EmailField(label="Email address", max_length=EMAIL_ADDRESS_LENGTH, error_messages=EMAIL_MESSAGES)


class ModelCheckboxesField(forms.ModelMultipleChoiceField):
    """Checkboxes of model choices that refuse, like any unknown choice, an id too large for
    the database: SQLite raises OverflowError on it instead of finding nothing."""

    widget = forms.CheckboxSelectMultiple

    def _check_values(self, value):
        for pk in value:
            try:
                number = int(pk)
            except (TypeError, ValueError):
                continue
            if not -(2**63) <= number < 2**63:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super()._check_values(value)


def govuk_form_helper(*fields) -> FormHelper:
    """A crispy-forms-gds helper whose form leaves checking to the server, so that every error
    shows in GOV.UK wording in the error summary rather than as the browser's own message."""
    helper = FormHelper()
    helper.attrs = {"novalidate": True}
    helper.layout = Layout(*fields)
    return helper


class GovukErrorsMixin:
    """One error a field, as GOV.UK error messages are shown (a 10,000-character "email" would
    otherwise be both too long and in the wrong format), and GOV.UK wording for the one error
    Django words itself, on null characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name).removesuffix(" (optional)")
            field.error_messages["null_characters_not_allowed"] = f"{label} must not include null characters"

    def full_clean(self):
        super().full_clean()
        for name, errors in self._errors.items():
            del errors.data[1:]
            error, field = errors.data[0], self.fields.get(name)
            # Choice fields raise the null-character error themselves, in Django's words.
            if field and isinstance(error, ValidationError) and error.code == "null_characters_not_allowed":
                errors.data[0] = ValidationError(field.error_messages[error.code], code=error.code)
        # The error summary lists errors in the order of the page, also those found in clean().
        position = {name: index for index, name in enumerate(self.fields)}
        in_page_order = ErrorDict(renderer=self.renderer)
        in_page_order.update(sorted(self._errors.items(), key=lambda item: position.get(item[0], -1)))
        self._errors = in_page_order


class ConfirmForm(forms.Form):
    """A button that confirms an action the page describes, such as removing something."""

    def __init__(self, *args, button, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Button.warning("confirm", button))


class CsvImportForm(GovukErrorsMixin, forms.Form):
    """Uploading a CSV file to import: a .csv no larger than MAX_FILE_BYTES, refused before it
    is read. Its hint names what the file holds, `max_rows` of `nouns` at the most."""

    nouns = None  # what each row is, like "peers"
    max_rows = MAX_ROWS

    file = forms.FileField(
        label="Upload a CSV file",
        error_messages={
            "required": "Select a CSV file",
            "empty": "The selected file is empty",
            "invalid": "Select a CSV file",
            "missing": "Select a CSV file",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            f"Saved as ‘CSV UTF-8’, smaller than 5MB, with at most {self.max_rows:,} {self.nouns}"
        )
        self.helper = govuk_form_helper(Field("file"), Submit("submit", "Check the file"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".csv"):
            raise ValidationError(NOT_A_CSV)
        if file.size > MAX_FILE_BYTES:
            raise ValidationError(TOO_BIG)
        return file


class CsvImportConfirmForm(forms.Form):
    """Names the file the user checked, so that only that file is imported."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
