"""Uploading the authority's self-assessment or position statement."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from challenges.choices import DocumentKind
from peersupport.forms import GovukErrorsMixin, govuk_form_helper


class ChallengeDocumentForm(GovukErrorsMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What is it?", choices=DocumentKind.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose what the document is", "invalid_choice": "Choose what the document is from the list"},
    )
    upload = forms.FileField(
        label="Upload a file", help_text="A PDF, Word or OpenDocument text document, smaller than 20MB",
        error_messages={"required": "Select a file", "empty": "The selected file is empty", "invalid": "Select a file"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.radios("kind", legend_size=Size.MEDIUM), Field("upload"), Submit("submit", "Upload document", **{"data-prevent-double-click": "true"})
        )
        self.helper.form_enctype = "multipart/form-data"
