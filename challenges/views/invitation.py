"""A peer answers their invitation to a team from the email's link, without signing in: the
secret in the link is the key, and an unknown one (or one withdrawn, which clears it) is a 404."""

import re

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import FormView

from challenges.choices import PlaceState
from challenges.forms.invitation import InvitationAnswerForm
from challenges.models import TeamMembership
from challenges.selectors.team import team_active
from challenges.services.dates import visit_description
from challenges.services.team import team_invitation_answer
from peersupport.views import ServiceFormMixin

# The shape of the secrets the service makes (secrets.token_urlsafe): anything else is no
# invitation, and is not looked for (PostgreSQL refuses a NUL in a query's text).
TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


class InvitationAnswerView(ServiceFormMixin, FormView):
    """The challenge, the place offered and who else is on the team, then Accept or Decline
    (with the reason); once answered, the answer and no form."""

    template_name = "challenges/invitation_answer.html"
    form_class = InvitationAnswerForm

    def dispatch(self, request, *args, token, **kwargs):
        if not TOKEN.fullmatch(token):
            raise Http404
        self.place = get_object_or_404(
            TeamMembership.objects.select_related("challenge__authority", "peer"), invitation_token=token
        )
        response = super().dispatch(request, *args, token=token, **kwargs)
        # The page holds the secret of the link: kept by no cache, and listed by no search engine.
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        return response

    @property
    def answerable(self) -> bool:
        return self.place.state == PlaceState.INVITED

    def post(self, request, *args, **kwargs):
        if not self.answerable:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        challenge = self.place.challenge
        others = [
            place for place in team_active(challenge=challenge)
            if place.pk != self.place.pk and place.state in (PlaceState.INVITED, PlaceState.ACCEPTED)
        ]
        on_site = visit_description(challenge)
        context = super().get_context_data(
            place=self.place, challenge=challenge, on_site=on_site, team=others, answerable=self.answerable, **kwargs
        )
        if not self.answerable:
            context.pop("form", None)
        return context

    def perform(self, form):
        self.place = team_invitation_answer(
            place=self.place, accept=form.accepts, reason=form.cleaned_data.get("decline_reason", "")
        )
        if form.accepts:
            messages.success(self.request, f"Thank you: you have accepted your place as {self.place.role_in_sentence}")
        else:
            messages.success(self.request, "Thank you: you have declined, and the principal adviser has been told")

    def get_success_url(self):
        return self.request.path
