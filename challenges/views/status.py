"""Moving a challenge on through its life: a page that says what will happen, with the
reason where the move needs one (postponing, cancelling)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect

from challenges.choices import ChallengeStatus
from challenges.forms.challenge import StatusChangeForm
from challenges.selectors.challenge import challenges_visible_to
from challenges.services.challenge import challenge_take_on
from challenges.services.status import ACTION_LABELS, NEEDS_REASON, STATUS_CHANGES, challenge_status_change
from peersupport.views import ParentFormView


class ChallengeStatusChangeView(ParentFormView):
    """Move the challenge to the status in the URL, if its life allows it and the user may:
    anyone else, or a move its life does not allow, gets a 404."""

    parent_name = "challenge"
    parents = staticmethod(challenges_visible_to)
    template_name = "challenges/challenge_status_form.html"
    form_class = StatusChangeForm

    def dispatch(self, request, *args, **kwargs):
        try:
            self.status = ChallengeStatus(kwargs["status"])
        except ValueError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def _refuse_impossible_move(self):
        permission = STATUS_CHANGES.get((self.challenge.status, self.status))
        if permission is None or not self.request.user.has_perm(permission, self.challenge):
            raise Http404

    def get(self, request, *args, **kwargs):
        self._refuse_impossible_move()
        if self.status == ChallengeStatus.FACTUAL_CHECK:
            return self._to_factual_check_send()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._refuse_impossible_move()
        if self.status == ChallengeStatus.FACTUAL_CHECK:
            return self._to_factual_check_send()
        return super().post(request, *args, **kwargs)

    def _to_factual_check_send(self):
        # The draft goes to the authority with a deadline, set on a page of its own.
        return redirect("challenges:factual-check-send", pk=self.challenge.pk)

    @property
    def challenge(self):
        return self.parent

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "needs_reason": self.status in NEEDS_REASON, "button": ACTION_LABELS[self.status]}

    def get_context_data(self, **kwargs):
        return super().get_context_data(action=ACTION_LABELS[self.status], new_status=self.status, **kwargs)

    def perform(self, form):
        if self.status == ChallengeStatus.SCOPING and self.challenge.status == ChallengeStatus.REQUESTED:
            challenge_take_on(by=self.request.user, challenge=self.challenge)
        else:
            challenge_status_change(
                by=self.request.user, challenge=self.challenge, status=self.status, reason=form.cleaned_data.get("reason", "")
            )
        messages.success(self.request, f"The challenge is now ‘{self.status.label}’")
