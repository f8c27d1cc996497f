"""The forms of the progress review: its date, the progress found on a recommendation, and
the overall summary."""

from crispy_forms_gds.layout import Field, Size, Submit
from django import forms

from challenges.choices import ProgressAssessment
from challenges.forms.action_plan import model_text_field
from challenges.models import ProgressReview, RecommendationProgress
from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper


class ProgressReviewScheduleForm(GovukErrorsMixin, forms.Form):
    scheduled_for = GovukDateField(
        label="Date of the review", help_text="About ten months after the visit, for example 14 1 2028",
        validators=ProgressReview._meta.get_field("scheduled_for").validators,
    )

    def __init__(self, *args, visit_ended=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.visit_ended = visit_ended
        self.helper = govuk_form_helper(Field("scheduled_for"), Submit("save", "Schedule the review"))

    def clean_scheduled_for(self):
        # The review looks at what changed since the visit, so it cannot come before it ends.
        scheduled_for = self.cleaned_data["scheduled_for"]
        if self.visit_ended and scheduled_for <= self.visit_ended:
            raise forms.ValidationError(
                f"The date of the review must be after the visit, which ended on {self.visit_ended:%-d %B %Y}", code="before_visit",
            )
        return scheduled_for


class RecommendationProgressForm(GovukErrorsMixin, forms.Form):
    progress = model_text_field(
        RecommendationProgress, "progress", "Progress found", required_message="Enter the progress found",
        help_text="What the review team found has changed since the report",
    )
    assessment = forms.ChoiceField(
        label="Assessment", choices=ProgressAssessment.choices, widget=forms.RadioSelect,
        error_messages={"required": "Choose an assessment", "invalid_choice": "Choose an assessment from the list"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.textarea("progress", max_characters=self.fields["progress"].max_length),
            Field.radios("assessment", legend_size=Size.SMALL),
            Submit("save", "Save progress", **{"data-prevent-double-click": "true"}),
        )


class ProgressReviewSummaryForm(GovukErrorsMixin, forms.Form):
    summary = model_text_field(
        ProgressReview, "summary", "Overall summary", rows=8, required_message="Enter the overall summary",
        help_text="The review team's conclusions, for the review's report",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = govuk_form_helper(
            Field.textarea("summary", max_characters=self.fields["summary"].max_length), Submit("save", "Save summary"),
        )
