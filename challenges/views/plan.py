"""The team planner's pages: a plan for every open place of the challenges on site in a period
(or of one challenge's team again, after a decline), whose places the adviser accepts (sending
the invitations), pins or rules out. Each action posts, then returns to the same plan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.generic import FormView, TemplateView

from authorities.models import Peer
from authorities.permissions import is_lga_admin
from challenges.choices import (
    ACTIVE_PLACE_STATES,
    PLACE_STATE_COLOURS,
    ChallengeStatus,
    ChallengeType,
    PlaceState,
    TeamRole,
)
from challenges.forms.plan import (
    PlanAcceptForm,
    PlanBanForm,
    PlanPeriodForm,
    PlanPlaceForm,
    next_quarter,
    place_value,
)
from challenges.models import TeamBan, TeamPin
from challenges.selectors.challenge import challenges_managed_by
from challenges.selectors.team import challenges_to_plan
from challenges.services.team import team_ban, team_pin, team_plan_accept, team_unban, team_unpin
from challenges.teams.planner import plan_teams
from peersupport.formats import date_range
from peersupport.links import record_url_maker
from peersupport.views import PermissionRequiredMixin

PERMISSION = "challenges.plan_teams"
PLACE_TAGS = {
    "suggested": ("Suggested", "light-blue"),
    "pinned": ("Pinned", "purple"),
    "unfilled": ("Cannot be filled", "red"),
    **{state.value: (state.label, PLACE_STATE_COLOURS[state]) for state in PlaceState},
}


def plan_url(request, next_url) -> str:
    """`next_url` if it is a page of the planner on this site, else the planner's first page:
    a plan's forms return to it, and nothing else."""
    home = reverse("challenges:team-plan")
    allowed = url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    return next_url if next_url and allowed and next_url.startswith(home) else home


def _query_of(url) -> QueryDict:
    return QueryDict(url.partition("?")[2])


class PlanPageMixin(PermissionRequiredMixin):
    """The plan for the period the query asks (the next quarter by default), for the pages
    that show it: the planner, and the accept form's errors."""

    permission_required = PERMISSION
    template_name = "challenges/plan/team_plan.html"

    def plan_context(self, query, *, page_url, accept_form=None) -> dict:
        user = self.request.user
        data = query.copy()
        if not any(data.get(f"{name}_{i}") for name in ("period_from", "period_to") for i in range(3)):
            first, last = next_quarter()
            for name, day in (("period_from", first), ("period_to", last)):
                data.update({f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)})
        period = PlanPeriodForm(data, with_region=is_lga_admin(user))
        with_errors = accept_form if accept_form is not None and accept_form.is_bound and accept_form.errors else period
        context = {
            "period": period, "plans": [], "accept_form": accept_form, "page_url": page_url, "planned": False,
            "form": with_errors,  # the page's title says "Error:" when it has one
        }
        if "challenge" in period.errors:
            raise Http404  # the hidden field of a re-plan's link, altered
        if not period.is_valid():
            return context
        cleaned = period.cleaned_data
        challenges = challenges_to_plan(user=user)
        if cleaned.get("challenge"):
            # Re-planning one team: the challenge must be one the user manages, whatever the period.
            challenge = get_object_or_404(challenges, pk=cleaned["challenge"])
            context["replanning"] = challenge
            ids = [challenge.pk]
        else:
            ids = list(
                challenges_to_plan(user=user, first=cleaned["period_from"], last=cleaned["period_to"], region=cleaned.get("region"))
                .values_list("pk", flat=True)
            )
        context["planned"] = True
        if not ids:
            return context
        plan = plan_teams(challenge_ids=ids, allow_moves=cleaned["allow_moves"])
        checked = set(accept_form.data.getlist("places")) if accept_form is not None and accept_form.is_bound else None
        context["plans"] = _plans(plan, checked=checked, query=query)
        context["choosable"] = sum(1 for plan in context["plans"] for place in plan["places"] if place["value"])
        return context


def _plans(plan, *, checked, query):
    """The plan as the page shows it: each challenge with its places, each place with what to
    say about it and the value its checkbox sends ("challenge id:peer id:role")."""
    team_page = record_url_maker("challenges:team")
    pins = {(pin.challenge_id, pin.peer_id): pin for challenge_plan in plan.challenges for pin in challenge_plan.challenge.pins}
    bans = [ban for challenge_plan in plan.challenges for ban in challenge_plan.challenge.bans.values()]
    named = {peer_id for _, peer_id in pins} | {ban.peer_id for ban in bans}
    names = dict(Peer.objects.filter(pk__in=named).values_list("pk", "full_name"))
    replan = query.copy()
    replan.pop("allow_moves", None)
    count = 0
    plans = []
    for challenge_plan in plan.challenges:
        facts = challenge_plan.challenge
        places, placed_pins = [], set()
        # With moves allowed, a proposal the plan keeps comes back as a suggestion: it is on
        # the team already, to invite from the team's page.
        held = {place.peer_id: place.state for place in facts.places if place.state in ACTIVE_PLACE_STATES}
        for place in challenge_plan.places:
            peer = place.candidate.peer if place.candidate else None
            state = held[peer.id] if peer and place.state == "suggested" and peer.id in held else place.state
            pin = pins.get((facts.id, peer.id)) if peer and state == "pinned" else None
            if pin:
                placed_pins.add(pin.pk)
            value = place_value(facts.id, peer.id, place.role) if peer and state in ("suggested", "pinned") else ""
            checkbox_id = ""
            if value:
                count += 1
                checkbox_id = "id_places" if count == 1 else f"id_places-{count}"
            held_place = state in PlaceState.values
            tag, colour = PLACE_TAGS[state]
            places.append({
                "role": TeamRole(place.role).label,
                "role_in_sentence": TeamRole(place.role).in_sentence,
                "state": state,
                "tag": tag, "tag_colour": colour,
                "peer_id": peer.id if peer else None,
                "peer_name": place.peer_name or (peer.name if peer else ""),
                "organisation": peer.home_name if peer else "",
                # A place held already was chosen for its reasons then: its peer's load now counts it.
                "reasons": place.candidate.reasons if place.candidate and not held_place else [],
                "soft": place.candidate.soft if place.candidate and not held_place else [],
                "alternates": [
                    {"name": alternate.peer.name, "organisation": alternate.peer.home_name,
                     "reasons": "; ".join(alternate.reasons), "soft": alternate.soft}
                    for alternate in place.alternates
                ],
                # "New" says something only beside places the team holds already.
                "change": place.change if place.change != "New" or held else "",
                "explanation": place.explanation,
                "smallest_change": place.smallest_change,
                "value": value, "checkbox_id": checkbox_id,
                "checked": bool(value) and (checked is None or value in checked),
                "pin": pin,
            })
        replan["challenge"] = str(facts.id)
        plans.append({
            "facts": facts,
            "type": ChallengeType(facts.challenge_type).label,
            "status": ChallengeStatus(facts.status).label,
            "dates": date_range(facts.start, facts.last),
            "url": team_page(facts.id),
            "replan_url": f"{reverse('challenges:team-plan')}?{replan.urlencode()}",
            "places": places,
            "unplaced_pins": [(pin, names.get(pin.peer_id, "")) for pin in facts.pins if pin.pk not in placed_pins],
            "bans": sorted(((ban, names.get(ban.peer_id, "")) for ban in facts.bans.values()), key=lambda item: item[1]),
        })
    return plans


class TeamPlanView(PlanPageMixin, TemplateView):
    """The planner: the period's form and, for a valid period, the plan."""

    def get_context_data(self, **kwargs):
        form = PlanAcceptForm(user=self.request.user, initial={"next": self.request.get_full_path()})
        return super().get_context_data(
            **self.plan_context(self.request.GET, page_url=self.request.get_full_path(), accept_form=form), **kwargs
        )


class TeamPlanAcceptView(PlanPageMixin, FormView):
    """Accept the places ticked: each proposed under every rule again and invited, all or
    nothing. Errors show on the plan again, with the places as they were ticked."""

    form_class = PlanAcceptForm
    http_method_names = ["post"]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def form_valid(self, form):
        try:
            places = team_plan_accept(
                by=self.request.user, choices=form.choices, soft_conflict_reason=form.cleaned_data["soft_conflict_reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        names = [f"{place.peer} ({place.challenge.authority.short_name}, {place.role_in_sentence})" for place in places]
        messages.success(self.request, f"{len(places)} invitation{'' if len(places) == 1 else 's'} sent: {', '.join(names)}")
        return redirect(plan_url(self.request, form.cleaned_data["next"]))

    def form_invalid(self, form):
        page_url = plan_url(self.request, form.data.get("next", ""))
        return self.render_to_response(self.plan_context(_query_of(page_url), page_url=page_url, accept_form=form))


class PlanPlaceActionView(PermissionRequiredMixin, View):
    """A button on the plan that changes a pin or a ban, then returns to the plan. The
    challenge is found among those the user manages: anyone else's is a 404."""

    permission_required = PERMISSION
    http_method_names = ["post"]

    def back(self, next_url):
        return redirect(plan_url(self.request, next_url))

    def refused(self, error, next_url):
        for message in error.messages:
            messages.error(self.request, message)
        return self.back(next_url)


class TeamPlanPinView(PlanPlaceActionView):
    """Pin a peer of the plan in their role: every plan keeps them there."""

    def post(self, request):
        form = PlanPlaceForm(request.POST)
        if not form.is_valid():
            raise Http404
        challenge_id, peer_id, role = form.cleaned_data["place"]
        challenge = get_object_or_404(challenges_managed_by(user=request.user), pk=challenge_id)
        peer = get_object_or_404(Peer, pk=peer_id)
        try:
            pin = team_pin(by=request.user, challenge=challenge, peer=peer, role=role)
        except ValidationError as error:
            return self.refused(error, form.cleaned_data["next"])
        messages.success(
            request, f"{peer} pinned as {TeamRole(pin.role).in_sentence} for {challenge.authority.short_name}: every plan keeps them there"
        )
        return self.back(form.cleaned_data["next"])


class TeamPlanUnpinView(PlanPlaceActionView):
    def post(self, request, pk):
        pin = get_object_or_404(
            TeamPin.objects.select_related("peer", "challenge__authority"),
            pk=pk, challenge__in=challenges_managed_by(user=request.user),
        )
        team_unpin(by=request.user, pin=pin)
        messages.success(request, f"{pin.peer} is no longer pinned for {pin.challenge.authority.short_name}")
        return self.back(request.POST.get("next", ""))


class TeamPlanBanView(PermissionRequiredMixin, FormView):
    """Rule a peer out of a challenge, saying why if the adviser wishes: a page of its own,
    reached from the plan's "Rule out" link, that returns to the plan."""

    permission_required = PERMISSION
    template_name = "challenges/plan/teamban_form.html"
    form_class = PlanBanForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and request.user.has_perm(PERMISSION):
            source = request.POST if request.method == "POST" else request.GET
            place = PlanPlaceForm(source)
            if not place.is_valid():
                raise Http404
            challenge_id, peer_id, _ = place.cleaned_data["place"]
            self.challenge = get_object_or_404(challenges_managed_by(user=request.user), pk=challenge_id)
            self.peer = get_object_or_404(Peer, pk=peer_id)
            self.back_url = plan_url(request, place.cleaned_data["next"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"place": self.request.GET.get("place", ""), "next": self.back_url}

    def get_context_data(self, **kwargs):
        return super().get_context_data(challenge=self.challenge, peer=self.peer, back_url=self.back_url, **kwargs)

    def form_valid(self, form):
        try:
            team_ban(by=self.request.user, challenge=self.challenge, peer=self.peer, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(
            self.request, f"{self.peer} is ruled out for {self.challenge.authority.short_name}: no plan will offer them"
        )
        return redirect(self.back_url)


class TeamPlanUnbanView(PlanPlaceActionView):
    def post(self, request, pk):
        ban = get_object_or_404(
            TeamBan.objects.select_related("peer", "challenge__authority"),
            pk=pk, challenge__in=challenges_managed_by(user=request.user),
        )
        team_unban(by=request.user, ban=ban)
        messages.success(request, f"{ban.peer} is no longer ruled out for {ban.challenge.authority.short_name}")
        return self.back(request.POST.get("next", ""))
