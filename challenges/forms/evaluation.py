"""The evaluation's forms: a person's answer from the email's link, and the region the
yearly summary is narrowed to."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from authorities.choices import Region
from challenges.choices import EVALUATION_QUESTIONS, RATING_CHOICES
from challenges.models import Evaluation
from peersupport.forms import GovukErrorsMixin, govuk_form_helper
from peersupport.validators import plain_text_validator

COMMENTS_MAX_LENGTH = Evaluation._meta.get_field("comments").max_length
# What each question's error asks for, in GOV.UK wording.
RATING_MESSAGES = {
    "preparation_rating": "Choose how well the challenge was prepared",
    "team_rating": "Choose how good the peer team was",
    "feedback_rating": "Choose how useful the feedback on the last day on site was",
    "report_rating": "Choose how useful the report is",
}


QUESTIONS = dict(EVALUATION_QUESTIONS)


def _rating_field(field):
    message = RATING_MESSAGES[field]
    return forms.TypedChoiceField(
        label=QUESTIONS[field], choices=RATING_CHOICES, coerce=int, widget=forms.RadioSelect,
        error_messages={"required": message, "invalid_choice": message},
    )


class EvaluationAnswerForm(GovukErrorsMixin, forms.Form):
    """A rating from 1 to 5 for each question, and any comments."""

    preparation_rating = _rating_field("preparation_rating")
    team_rating = _rating_field("team_rating")
    feedback_rating = _rating_field("feedback_rating")
    report_rating = _rating_field("report_rating")
    comments = forms.CharField(
        label="Comments (optional)", required=False, max_length=COMMENTS_MAX_LENGTH, strip=True,
        help_text="Anything else you would like to tell us about the challenge",
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[plain_text_validator("Comments", single_line=False)],
        error_messages={"max_length": f"Comments must be {COMMENTS_MAX_LENGTH:,} characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            *[Field.radios(field, legend_size=Size.SMALL, inline=True) for field, _ in EVALUATION_QUESTIONS],
            Field.textarea("comments", rows=6, max_characters=COMMENTS_MAX_LENGTH),
            Submit("submit", "Send your answer", **{"data-prevent-double-click": "true"}),
        )

    @property
    def ratings(self) -> dict:
        return {field: self.cleaned_data[field] for field, _ in EVALUATION_QUESTIONS}


class EvaluationSummaryForm(GovukErrorsMixin, forms.Form):
    """The region the summary is narrowed to, if any."""

    region = forms.ChoiceField(
        label="Region", required=False, choices=[("", "Every region"), *Region.choices],
        error_messages={"invalid_choice": "Choose a region from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(Field.select("region"), Submit("filter", "Apply", css_class="govuk-button--secondary"))
        self.helper.form_method = "get"
