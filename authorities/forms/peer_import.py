"""Uploading a CSV of peers, and confirming the file that was checked."""

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.core.exceptions import ValidationError

from authorities.peer_csv import MAX_FILE_BYTES, NOT_A_CSV, TOO_BIG
from peersupport.forms import GovukErrorsMixin, govuk_form_helper


class PeerImportForm(GovukErrorsMixin, forms.Form):
    file = forms.FileField(
        label="Upload a CSV file",
        help_text="Saved as ‘CSV UTF-8’, smaller than 5MB, with at most 5,000 peers",
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
        self.helper = govuk_form_helper(Field("file"), Submit("submit", "Check the file"))

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith(".csv"):
            raise ValidationError(NOT_A_CSV)
        if file.size > MAX_FILE_BYTES:  # refused before it is read
            raise ValidationError(TOO_BIG)
        return file


class PeerImportConfirmForm(forms.Form):
    """Names the file the user checked, so that only that file is imported."""

    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
