"""A peer's answer to an invitation to join a team, from the email's link."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from challenges.models.team import REASON_MAX_LENGTH
from peersupport.forms import GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator

ACCEPT, DECLINE = "accept", "decline"
ANSWERS = [(ACCEPT, "Yes, I can take part"), (DECLINE, "No, I cannot take part")]


class InvitationAnswerForm(GovukErrorsMixin, forms.Form):
    """Accept or decline; declining needs the reason, which the adviser is told."""

    answer = forms.ChoiceField(
        label="Can you take part?", choices=ANSWERS, widget=forms.RadioSelect,
        error_messages={"required": "Choose whether you can take part", "invalid_choice": "Choose whether you can take part"},
    )
    decline_reason = forms.CharField(
        label="If you cannot take part, why not?", required=False, max_length=REASON_MAX_LENGTH,
        help_text="The principal adviser reads this when they look for someone else",
        validators=[plain_text_validator("The reason", single_line=True)],
        error_messages={"max_length": f"The reason must be {REASON_MAX_LENGTH} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            # The reason is a field of its own rather than revealed by the radio: it works the
            # same with or without JavaScript, and no radio controls a missing element.
            Field.radios("answer", legend_size=Size.MEDIUM),
            Field.text("decline_reason"),
            Submit("submit", "Send your answer", **{"data-prevent-double-click": "true"}),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("answer") == DECLINE and not cleaned.get("decline_reason") and "decline_reason" not in self.errors:
            self.add_error("decline_reason", "Enter why you cannot take part")
        return cleaned

    @property
    def accepts(self) -> bool:
        return self.cleaned_data["answer"] == ACCEPT
