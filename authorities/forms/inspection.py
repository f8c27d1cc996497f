"""An HMICFRS inspection with its grades."""

from crispy_forms_gds.layout import Field, Fieldset, Size, Submit
from django import forms

from authorities.choices import InspectionGrade, InspectionQuestion
from authorities.models import Inspection, InspectionResult
from peersupport.forms import GovukDateField, GovukErrorsMixin, govuk_form_helper


class InspectionForm(GovukErrorsMixin, forms.ModelForm):
    """An HMICFRS inspection with a grade (or none) for each of the 11 questions."""

    started_on = GovukDateField(label="Inspection start date", help_text="For example, 5 2 2024")
    ended_on = GovukDateField(label="Inspection end date", help_text="The last day of fieldwork, for example 16 2 2024")
    report_published_on = GovukDateField(label="Report publication date", required=False, help_text="For example, 3 7 2024")

    class Meta:
        model = Inspection
        fields = ["round_name", "grade_scale", "started_on", "ended_on", "report_published_on", "causes_of_concern"]
        labels = {"round_name": "Inspection round", "grade_scale": "Grade scale", "causes_of_concern": "Causes of concern (optional)"}
        help_texts = {
            "grade_scale": "Rounds before 2023 used four grades; ‘adequate’ was added in 2023.",
            "causes_of_concern": "Write each cause of concern on a new line.",
        }
        widgets = {"grade_scale": forms.RadioSelect, "causes_of_concern": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "round_name": {"required": "Enter the inspection round", "max_length": "Inspection round must be 60 characters or fewer"},
            "grade_scale": {"required": "Choose the grade scale", "invalid_choice": "Choose a grade scale from the list"},
            "causes_of_concern": {"max_length": "Causes of concern must be 5,000 characters or fewer"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["report_published_on"].label = "Report publication date (optional)"
        grades = {result.question: result.grade for result in self.instance.results.all()} if self.instance.pk else {}
        for question, label in InspectionQuestion.choices:
            self.fields[question] = forms.ChoiceField(
                label=label,
                required=False,
                choices=[("", "Not graded"), *InspectionGrade.choices],
                initial=grades.get(question, ""),
                error_messages={"invalid_choice": f"Choose a grade for {label[0].lower()}{label[1:]} from the list"},
            )
        self.helper = govuk_form_helper(
            Field.text("round_name", field_width=20),
            Field.radios("grade_scale", legend_size=Size.SMALL),
            Field("started_on"),
            Field("ended_on"),
            Field("report_published_on"),
            Fieldset(*[Field.select(question) for question in InspectionQuestion.values], legend="Grades", legend_size=Size.MEDIUM),
            Field.textarea("causes_of_concern"),
            Submit("submit", "Save inspection"),
        )

    def clean(self):
        cleaned = super().clean()
        scale = cleaned.get("grade_scale")
        for question in InspectionQuestion.values:
            message = scale and InspectionResult.off_scale_message(question=question, grade=cleaned.get(question), scale=scale)
            if message:
                self.add_error(question, message)
        return cleaned

    @property
    def grades(self):
        return {question: self.cleaned_data[question] for question in InspectionQuestion.values}

    @property
    def inspection_fields(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
