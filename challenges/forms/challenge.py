"""Booking a challenge."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from challenges.choices import ChallengeType
from challenges.selectors.challenge import authorities_bookable_by
from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper


class ChallengeBookForm(GovukErrorsMixin, forms.Form):
    authority = forms.ModelChoiceField(
        queryset=None,
        label="Fire and rescue authority",
        empty_label="Choose an authority",
        error_messages={"required": "Choose the fire and rescue authority", "invalid_choice": "Choose an authority from the list"},
    )
    challenge_type = forms.ChoiceField(
        choices=ChallengeType.choices,
        widget=forms.RadioSelect,
        label="Type of challenge",
        error_messages={"required": "Choose the type of challenge", "invalid_choice": "Choose a type of challenge from the list"},
    )
    start_date = GovukDateField(label="On-site start date", help_text="For example, 14 9 2027")
    end_date = GovukDateField(label="On-site end date", help_text="The last day on site, for example 17 9 2027")

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["authority"].queryset = authorities_bookable_by(user=user)
        self.helper = govuk_form_helper(
            Field.select("authority"),
            Field.radios("challenge_type", legend_size=Size.MEDIUM),
            Field("start_date"),
            Field("end_date"),
            Submit("submit", "Book challenge"),
        )
