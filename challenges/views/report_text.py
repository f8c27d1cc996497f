"""The report's summary and approach, written beside its findings."""

from django.contrib import messages

from challenges.forms.report_text import ReportTextForm
from challenges.services.report_text import REPORT_TEXT_FIELDS, challenge_report_text_save
from challenges.views.finding import FindingFormView


class ReportTextUpdateView(FindingFormView):
    """The lead peer or challenge manager writes the report's executive summary and the kinds of
    people and places the team saw; like the findings, frozen once the report is published."""

    permission = "challenges.record_findings"
    template_name = "challenges/findings/report_text_form.html"
    form_class = ReportTextForm

    def get_initial(self):
        return {name: getattr(self.challenge, name) for name in REPORT_TEXT_FIELDS}

    def perform(self, form):
        challenge_report_text_save(by=self.request.user, challenge=self.challenge, **form.cleaned_data)
        messages.success(self.request, "The report's summary and approach saved")
