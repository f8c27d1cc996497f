"""Dates when a peer cannot take part in challenges."""

from crispy_forms_gds.layout import Field, Submit
from django import forms

from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper


class UnavailabilityForm(GovukErrorsMixin, forms.Form):
    start_date = GovukDateField(label="First day unavailable", help_text="For example, 27 3 2027")
    end_date = GovukDateField(label="Last day unavailable", help_text="For example, 3 4 2027")
    reason = forms.CharField(
        label="Reason (optional)",
        required=False,
        max_length=200,
        help_text="Only LGA staff and you can see this.",
        error_messages={"max_length": "Reason must be 200 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field("start_date"),
            Field("end_date"),
            Field.text("reason"),
            Submit("submit", "Save dates"),
        )
