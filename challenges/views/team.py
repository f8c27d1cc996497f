"""A challenge's peer team."""

from django.contrib import messages

from challenges.forms.team import TeamMemberAddForm
from challenges.selectors.challenge import challenges_managed_by
from challenges.services.team import team_member_add
from challenges.views.challenge import ChallengeChildFormView


class TeamMemberAddView(ChallengeChildFormView):
    template_name = "challenges/teammembership_form.html"
    form_class = TeamMemberAddForm

    parents = staticmethod(challenges_managed_by)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "challenge": self.challenge}

    def perform(self, form):
        membership = team_member_add(by=self.request.user, challenge=self.challenge, **form.cleaned_data)
        messages.success(self.request, f"{membership.peer} added to the team as {membership.role_in_sentence}")
