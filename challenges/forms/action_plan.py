"""The forms of the authority's action plan: a response to a recommendation, an action, and
an action's status."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from challenges.choices import ActionStatus
from challenges.models import PlannedAction, RecommendationResponse
from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator


def model_text_field(model, name, label, *, required_message, single_line=False, required=True, rows=5, help_text=""):
    """Text a person types for the model's field `name`, with its length and GOV.UK messages
    that name it by `label`."""
    max_length = model._meta.get_field(name).max_length
    return forms.CharField(
        label=label, max_length=max_length, required=required, help_text=help_text, strip=True,
        widget=forms.TextInput() if single_line else forms.Textarea(attrs={"rows": rows}),
        validators=[plain_text_validator(label, single_line=single_line)],
        error_messages={"required": required_message, "max_length": f"{label} must be {max_length:,} characters or fewer"},
    )


def status_field():
    return forms.ChoiceField(
        label="Status", choices=ActionStatus.choices, widget=forms.RadioSelect, initial=ActionStatus.NOT_STARTED,
        error_messages={"required": "Choose the action's status", "invalid_choice": "Choose a status from the list"},
    )


class RecommendationResponseForm(GovukErrorsMixin, forms.Form):
    response = model_text_field(
        RecommendationResponse, "response", "Your response", required_message="Enter your response to the recommendation",
        help_text="Whether you accept the recommendation, and how you will address it",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.textarea("response", max_characters=self.fields["response"].max_length),
            Submit("save", "Save response", **{"data-prevent-double-click": "true"}),
        )


class PlannedActionForm(GovukErrorsMixin, forms.Form):
    action = model_text_field(
        PlannedAction, "action", "What will be done", required_message="Enter what will be done",
        help_text="One action; add another for each further step",
    )
    owner = model_text_field(
        PlannedAction, "owner", "Owner", single_line=True, required_message="Enter who owns the action",
        help_text="A role or a person, for example head of prevention",
    )
    milestone = GovukDateField(
        label="Milestone date", help_text="When it will be done, for example 27 3 2028",
        validators=PlannedAction._meta.get_field("milestone").validators,
    )
    resources = model_text_field(
        PlannedAction, "resources", "Resources (optional)", required=False, rows=3, required_message="",
        help_text="People, money or time the action needs",
    )
    success_measure = model_text_field(
        PlannedAction, "success_measure", "How success is measured", rows=3,
        required_message="Enter how success is measured",
    )
    status = status_field()

    def __init__(self, *args, button="Save action", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.textarea("action", max_characters=self.fields["action"].max_length),
            Field.text("owner"),
            Field("milestone"),
            Field.textarea("resources"),
            Field.textarea("success_measure"),
            Field.radios("status", legend_size=Size.SMALL),
            Submit("save", button, **{"data-prevent-double-click": "true"}),
        )


class PlannedActionStatusForm(GovukErrorsMixin, forms.Form):
    status = status_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.radios("status", legend_size=Size.MEDIUM), Submit("save", "Save status"),
        )
