"""A challenge's peer team: the team page (what each person may see of it), finding and
proposing peers for its open places, sending the invitations, withdrawing a place, the
authority's concerns and their answers, and letting a team break its composition rules."""

from functools import cached_property

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView

from authorities.models import Peer
from challenges.choices import PlaceState, TeamRole
from challenges.forms.team import (
    TeamConcernAnswerForm,
    TeamConcernRaiseForm,
    TeamInvitationsSendForm,
    TeamMemberAddForm,
    TeamMemberProposeForm,
    TeamPlaceWithdrawForm,
    TeamRulesOverrideForm,
    TeamSuggestionsForm,
)
from challenges.models import TeamConcern
from challenges.selectors.challenge import challenges_managed_by, challenges_visible_to
from challenges.selectors.team import team_active, team_checklist, team_for_challenge, team_suggestions, team_with_concerns
from challenges.services.team import (
    team_concern_answer,
    team_concern_raise,
    team_invitations_send,
    team_member_add,
    team_place_withdraw,
    team_rules_override,
)
from challenges.teams.composition import open_places
from challenges.views.challenge import ChallengeChildFormView

MANAGE = "challenges.manage_challenge"


def team_url(challenge) -> str:
    return reverse("challenges:team", args=[challenge.pk])


def suggestions_url(challenge, role) -> str:
    return f"{reverse('challenges:team-member-add', args=[challenge.pk])}?role={role}"


def open_place_links(challenge, roles) -> list[dict]:
    return [{"label": TeamRole(role).label, "in_sentence": TeamRole(role).in_sentence, "url": suggestions_url(challenge, role)} for role in roles]


class TeamView(LoginRequiredMixin, DetailView):
    """The team page. LGA staff who oversee the challenge see every place with its conflicts
    and decline reasons, the composition checklist, the open places and the authority's
    concerns, and act on them; the team sees the checklist and who is on it; the authority's
    contacts see the proposed team (names, roles, organisations) and their concerns."""

    template_name = "challenges/team/team_detail.html"
    context_object_name = "challenge"

    def get_queryset(self):
        return challenges_visible_to(user=self.request.user).select_related("team_rules_overridden_by")

    def get_context_data(self, **kwargs):
        challenge, user = self.object, self.request.user
        places = list(team_with_concerns(challenge=challenge))
        active = [place for place in places if place.is_active]
        can_manage = user.has_perm(MANAGE, challenge)
        is_authority = not can_manage and user.has_perm("challenges.raise_team_concern", challenge)
        context = {"can_manage": can_manage, "is_authority": is_authority, "places": places if can_manage else active}
        if is_authority or can_manage:
            context["concerns"] = sorted(
                (concern for place in places for concern in place.concerns.all()), key=lambda c: (c.raised_at, c.pk)
            )
        if not is_authority:
            context["checklist"] = team_checklist(challenge=challenge, places=places)
        if can_manage:
            context.update(
                open_places=open_place_links(challenge, open_places(challenge_type=challenge.challenge_type, places=places)),
                any_proposed=any(place.state == PlaceState.PROPOSED for place in places),
                can_override=user.has_perm("challenges.override_team_rules", challenge),
                rules_met=all(check.met for check in context["checklist"]),
                can_plan=user.has_perm("challenges.plan_teams"),
            )
        return super().get_context_data(**context, **kwargs)


class TeamFormView(ChallengeChildFormView):
    """A form about a challenge's team, for those with `permission` on the challenge (anyone
    else, and any record not of this challenge, is a 404); it returns to the team page."""

    parents = staticmethod(challenges_managed_by)
    permission = MANAGE


    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "back_url": self.back_url()}

    def back_url(self):
        return team_url(self.challenge)

    def get_success_url(self):
        return team_url(self.challenge)


class TeamMemberAddView(TeamFormView):
    """The peers suggested for one open place, best first with the reasons for their rank and
    their soft conflicts, and a search by name that also says why a peer cannot be offered.
    A peer without soft conflicts is proposed from here; one with them on their own page."""

    template_name = "challenges/team/team_suggestions.html"
    form_class = TeamMemberAddForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        challenge, form = self.challenge, context["form"]
        places = list(team_with_concerns(challenge=challenge))
        open_roles = open_places(challenge_type=challenge.challenge_type, places=places)
        source = self.request.POST if self.request.method == "POST" else self.request.GET
        search_form = TeamSuggestionsForm(
            {"role": source.get("role") or (open_roles[0] if open_roles else TeamRole.LEAD_PEER), "q": self.request.GET.get("q", "")}
        )
        suggestions = None
        if search_form.is_valid():
            role = search_form.cleaned_data["role"]
            suggestions = team_suggestions(challenge=challenge, role=role, search=search_form.cleaned_data["q"])
            context.update(role=role, role_in_sentence=TeamRole(role).in_sentence)
        return {
            **context,
            "search_form": search_form,
            "suggestions": suggestions,
            "open_places": open_place_links(challenge, dict.fromkeys(open_roles)),
            # The propose buttons are the form's only fields, so its errors link to the list.
            "add_errors": [{"href": "#suggestions", "text": error} for errors in form.errors.values() for error in errors],
        }

    def perform(self, form):
        place = team_member_add(by=self.request.user, challenge=self.challenge, peer=form.cleaned_data["peer"], role=form.cleaned_data["role"])
        messages.success(self.request, f"{place.peer} proposed for the team as {place.role_in_sentence}")


class TeamMemberProposeView(TeamFormView):
    """Proposing one peer for the role in the address: the reasons for their rank, and their
    soft conflicts with the reason for choosing them all the same; or, for a peer who cannot be
    offered, the hard rules that exclude them."""

    template_name = "challenges/team/team_member_propose.html"
    form_class = TeamMemberProposeForm

    def before_form(self):
        super().before_form()
        if self.request.GET.get("role") not in TeamRole.values:
            raise Http404
        self.role = TeamRole(self.request.GET["role"])
        self.peer = get_object_or_404(Peer.objects.select_related("home_authority"), pk=self.kwargs["peer_pk"])

    @cached_property
    def judged(self):
        """The peer as a candidate for the role (None if they cannot be offered), and the hard
        rules that exclude them."""
        found = team_suggestions(challenge=self.challenge, role=self.role, search=self.peer.full_name)
        candidate = next((c for c in found["found"] if c.peer.id == self.peer.pk), None)
        why_not = next((reasons for peer, reasons in found["why_not"] if peer.id == self.peer.pk), [])
        return candidate, why_not

    def get_form_kwargs(self):
        candidate, _ = self.judged
        return {**super().get_form_kwargs(), "peer_name": self.peer.full_name, "soft_conflicts": candidate.soft if candidate else []}

    def get_context_data(self, **kwargs):
        candidate, why_not = self.judged
        return super().get_context_data(
            peer=self.peer, role_in_sentence=self.role.in_sentence, candidate=candidate, why_not=why_not, **kwargs
        )

    def back_url(self):
        return suggestions_url(self.challenge, self.role)

    def perform(self, form):
        place = team_member_add(
            by=self.request.user, challenge=self.challenge, peer=self.peer, role=self.role,
            soft_conflict_reason=form.cleaned_data.get("soft_conflict_reason", ""),
        )
        messages.success(self.request, f"{place.peer} proposed for the team as {place.role_in_sentence}")


class TeamInvitationsSendView(TeamFormView):
    """Sending every proposed peer their invitation, by email with a link to answer it."""

    template_name = "challenges/team/team_invitations_send.html"
    form_class = TeamInvitationsSendForm

    def get_context_data(self, **kwargs):
        proposed = team_for_challenge(challenge=self.challenge).filter(state=PlaceState.PROPOSED)
        return super().get_context_data(proposed=proposed, **kwargs)

    def perform(self, form):
        sent = team_invitations_send(by=self.request.user, challenge=self.challenge)
        messages.success(self.request, f"{len(sent)} invitation{'' if len(sent) == 1 else 's'} sent")


class TeamPlaceWithdrawView(TeamFormView):
    """Taking a peer off the team, after a page that says what will happen."""

    template_name = "challenges/team/team_place_withdraw.html"
    form_class = TeamPlaceWithdrawForm

    def before_form(self):
        super().before_form()
        self.place = get_object_or_404(team_for_challenge(challenge=self.challenge), pk=self.kwargs["place_pk"])
        # A place no longer active has nothing to withdraw; a second press of the button is
        # answered by the service's message.
        if self.request.method == "GET" and not self.place.is_active:
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(place=self.place, **kwargs)

    def perform(self, form):
        place = team_place_withdraw(by=self.request.user, place=self.place)
        messages.success(self.request, f"{place.peer} withdrawn from the team")


class TeamConcernRaiseView(TeamFormView):
    """The authority raises a concern about a person proposed for its team."""

    parents = staticmethod(challenges_visible_to)
    permission = "challenges.raise_team_concern"
    template_name = "challenges/team/team_concern_raise.html"
    form_class = TeamConcernRaiseForm

    def before_form(self):
        super().before_form()
        self.place = get_object_or_404(team_active(challenge=self.challenge), pk=self.kwargs["place_pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(place=self.place, **kwargs)

    def perform(self, form):
        concern = team_concern_raise(by=self.request.user, place=self.place, reason=form.cleaned_data["reason"])
        messages.success(self.request, f"Your concern about {concern.place.peer} has been sent to the LGA")


class TeamConcernAnswerView(TeamFormView):
    """LGA staff who oversee the challenge answer the authority's concern."""

    template_name = "challenges/team/team_concern_answer.html"
    form_class = TeamConcernAnswerForm

    def before_form(self):
        super().before_form()
        concerns = TeamConcern.objects.filter(place__challenge=self.challenge).select_related("place__peer")
        self.concern = get_object_or_404(concerns, pk=self.kwargs["concern_pk"])
        if self.request.method == "GET" and self.concern.answered_at:
            raise Http404

    def get_context_data(self, **kwargs):
        return super().get_context_data(concern=self.concern, **kwargs)

    def perform(self, form):
        concern = team_concern_answer(by=self.request.user, concern=self.concern, answer=form.cleaned_data["answer"])
        messages.success(self.request, f"Your answer to the concern about {concern.place.peer} has been saved")


class TeamRulesOverrideView(TeamFormView):
    """An LGA administrator lets the team break its composition rules, saying why."""

    permission = "challenges.override_team_rules"
    template_name = "challenges/team/team_rules_override.html"
    form_class = TeamRulesOverrideForm

    def get_context_data(self, **kwargs):
        unmet = [check for check in team_checklist(challenge=self.challenge) if not check.met]
        return super().get_context_data(unmet=unmet, **kwargs)

    def perform(self, form):
        team_rules_override(by=self.request.user, challenge=self.challenge, reason=form.cleaned_data["reason"])
        messages.success(self.request, "The team may be confirmed without meeting its composition rules")
