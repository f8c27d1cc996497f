"""Challenges: the list, booking one, and a challenge's page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.views.generic import DetailView, FormView, ListView

from challenges.forms.challenge import ChallengeBookForm
from challenges.rows import challenge_row
from challenges.selectors.challenge import challenges_for_list, challenges_visible_to
from challenges.selectors.finding import findings_for_challenge
from challenges.selectors.team import team_for_challenge
from challenges.services.challenge import challenge_book
from peersupport.links import record_url_maker
from peersupport.views import ParentFormView, PermissionRequiredMixin, ServiceFormMixin


class ChallengeListView(PermissionRequiredMixin, ListView):
    """The challenges a user can see: LGA staff in scope, and peers the teams they are on.
    FRA contacts follow their authority's page instead."""

    permission_required = "challenges.view_challenges"
    template_name = "challenges/challenge_list.html"
    context_object_name = "challenges"
    paginate_by = 50

    def get_queryset(self):
        return challenges_for_list(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        link = record_url_maker("challenges:challenge-detail")
        context["rows"] = [challenge_row(challenge, link(challenge["pk"])) for challenge in context["challenges"]]
        return context


class ChallengeBookView(PermissionRequiredMixin, ServiceFormMixin, FormView):
    permission_required = "challenges.book_challenge"
    template_name = "challenges/challenge_form.html"
    form_class = ChallengeBookForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        self.challenge = challenge_book(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Challenge booked for {self.challenge.authority.name}")

    def get_success_url(self):
        return self.challenge.get_absolute_url()


class ChallengeDetailView(LoginRequiredMixin, DetailView):
    """A challenge's page: its details, team and findings, and its feedback report from the
    reports app's template tag."""

    template_name = "challenges/challenge_detail.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        challenge = self.object
        return super().get_context_data(
            team=team_for_challenge(challenge=challenge), findings=findings_for_challenge(challenge=challenge), **kwargs
        )


class ChallengeChildFormView(ParentFormView):
    """A form about one challenge, found only among the challenges the user may change this way."""

    parent_name = "challenge"
    parents = staticmethod(challenges_visible_to)

    @property
    def challenge(self):
        return self.parent
