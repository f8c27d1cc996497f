"""A course a peer has completed."""

from crispy_forms_gds.layout import Field, Submit
from django import forms

from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper


class TrainingRecordForm(GovukErrorsMixin, forms.Form):
    course = forms.CharField(
        label="Course",
        max_length=150,
        help_text="For example, LGA peer challenge induction",
        error_messages={"required": "Enter the name of the course", "max_length": "Course must be 150 characters or fewer"},
    )
    completed_on = GovukDateField(label="Date completed", help_text="For example, 6 10 2025")
    expires_on = GovukDateField(label="Expiry date", required=False, help_text="Leave blank if it does not expire. For example, 6 10 2028")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].label = "Expiry date (optional)"
        self.helper = govuk_form_helper(
            Field.text("course"),
            Field("completed_on"),
            Field("expires_on"),
            Submit("submit", "Save training record"),
        )
