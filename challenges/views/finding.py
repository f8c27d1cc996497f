"""The peer team's findings."""

from django.contrib import messages

from challenges.forms.finding import FindingForm
from challenges.selectors.challenge import challenges_reported_by
from challenges.services.finding import finding_record
from challenges.views.challenge import ChallengeChildFormView


class FindingCreateView(ChallengeChildFormView):
    template_name = "challenges/finding_form.html"
    form_class = FindingForm

    parents = staticmethod(challenges_reported_by)

    def perform(self, form):
        finding = finding_record(by=self.request.user, challenge=self.challenge, **form.cleaned_data)
        messages.success(self.request, f"{finding.get_kind_display()} saved")
