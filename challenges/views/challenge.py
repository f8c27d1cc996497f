"""Challenges: the list, booking one, and a challenge's page."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import DetailView, FormView, ListView

from challenges import permissions
from challenges.forms.challenge import ChallengeBookForm
from challenges.selectors.challenge import challenges_visible_to
from challenges.selectors.finding import findings_for_challenge
from challenges.selectors.team import team_for_challenge
from challenges.services.challenge import challenge_book
from peersupport.views import ParentFormView, ServiceFormMixin
from reports.permissions import can_publish_reports, can_request_report
from reports.selectors import reports_for_challenge


class ChallengeListView(LoginRequiredMixin, ListView):
    template_name = "challenges/challenge_list.html"
    context_object_name = "challenges"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        # FRA contacts follow their authority's page; the challenge list is for LGA staff and peers.
        if request.user.is_authenticated and not (request.user.is_lga_staff or request.user.is_peer):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return challenges_visible_to(user=self.request.user).order_by("-start_date", "-id")

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_book=permissions.can_book_challenges(self.request.user), **kwargs)


class ChallengeBookView(LoginRequiredMixin, ServiceFormMixin, FormView):
    template_name = "challenges/challenge_form.html"
    form_class = ChallengeBookForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not permissions.can_book_challenges(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        self.challenge = challenge_book(by=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Challenge booked for {self.challenge.authority.name}")

    def get_success_url(self):
        return self.challenge.get_absolute_url()


class ChallengeDetailView(LoginRequiredMixin, DetailView):
    template_name = "challenges/challenge_detail.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_visible_to(user=self.request.user)

    def get_context_data(self, **kwargs):
        challenge, user = self.object, self.request.user
        return super().get_context_data(
            team=team_for_challenge(challenge=challenge),
            findings=findings_for_challenge(challenge=challenge),
            reports=reports_for_challenge(challenge=challenge),
            can_manage_team=permissions.can_manage_team(user, challenge),
            can_record_findings=permissions.can_record_findings(user, challenge),
            can_request_report=can_request_report(user, challenge),
            can_publish=can_publish_reports(user, challenge),
            **kwargs,
        )


class ChallengeChildFormView(ParentFormView):
    """A form about one challenge, found only among the challenges the user may change this way."""

    parent_name = "challenge"
    parents = staticmethod(challenges_visible_to)

    @property
    def challenge(self):
        return self.parent
