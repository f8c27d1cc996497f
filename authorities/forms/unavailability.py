"""Dates when a peer cannot take part in challenges."""

from crispy_forms_gds.layout import Field, Submit
from django import forms
from django.utils import timezone

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

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", "The last day unavailable must be the same as or after the first day")
        elif end and end < timezone.localdate():
            # Leave that is over changes no search and would never show on the record.
            self.add_error("end_date", "The last day unavailable must be today or in the future")
        return cleaned
