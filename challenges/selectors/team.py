"""Reads of a challenge's peer team."""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils import timezone

from authorities.models import Peer
from challenges.choices import ACTIVE_PLACE_STATES, ChallengeStatus, ChallengeType, PlaceState
from challenges.models import Challenge, TeamMembership
from challenges.selectors.challenge import challenges_managed_by
from challenges.teams.composition import composition_checks
from challenges.teams.conflicts import hard_conflicts
from challenges.teams.facts import challenge_facts, peer_facts, theme_specialism_of, theme_specialisms
from challenges.teams.ranking import candidates_for_place, team_political_groups


def team_for_challenge(*, challenge) -> QuerySet[TeamMembership]:
    """Every place on the team, active or not, in the order of the roles."""
    return challenge.team.select_related("peer__home_authority").order_by("role", "peer__full_name")


def team_with_concerns(*, challenge) -> QuerySet[TeamMembership]:
    """Every place on the team with the authority's concerns about it, for the team page."""
    return team_for_challenge(challenge=challenge).prefetch_related("concerns")


def team_active(*, challenge) -> QuerySet[TeamMembership]:
    """The places that make up the team as proposed: proposed, invited or accepted."""
    return team_for_challenge(challenge=challenge).filter(state__in=ACTIVE_PLACE_STATES)


def team_accepted(*, challenge) -> QuerySet[TeamMembership]:
    """The team as it went: the places the peers accepted (for the report and its approach)."""
    return challenge.team.filter(state=PlaceState.ACCEPTED).select_related("peer__home_authority").order_by("role", "peer__full_name")


def places_overlapping(*, challenge) -> QuerySet[TeamMembership]:
    """Active places on other teams whose visit, as the places hold it, overlaps this
    challenge's, from its first day to its last: PostgreSQL's exclusion constraint reads the
    same columns."""
    if not challenge.start_date:
        return TeamMembership.objects.none()
    last_day = challenge.second_end_date or challenge.end_date
    return TeamMembership.objects.filter(
        state__in=ACTIVE_PLACE_STATES, on_site_from__lte=last_day, on_site_to__gte=challenge.start_date
    ).exclude(challenge_id=challenge.pk)


def invitations_waiting_for(*, peer) -> QuerySet[TeamMembership]:
    """The peer's invitations still to answer, soonest visit first."""
    return (
        peer.memberships.filter(state=PlaceState.INVITED)
        .select_related("challenge__authority")
        .order_by("challenge__start_date", "pk")
    )


# The challenges whose teams are planned: being scoped or confirmed, with their dates agreed.
PLANNED_STATUSES = (ChallengeStatus.SCOPING, ChallengeStatus.CONFIRMED)


def challenges_to_plan(*, user, first=None, last=None, region=None) -> QuerySet[Challenge]:
    """The challenges the user manages whose teams the planner fills: being scoped or confirmed,
    dated, and (with `first` and `last`) on site in that period, of `region` if given."""
    challenges = challenges_managed_by(user=user).filter(status__in=PLANNED_STATUSES, start_date__isnull=False)
    if first and last:
        challenges = challenges.on_site_between(first, last)
    if region:
        challenges = challenges.filter(authority__region=region)
    return challenges


def team_checklist(*, challenge, places=None):
    """The composition rules of the challenge's type, judged on its accepted places (`places`,
    the team's places with their peers, if the caller has read them already)."""
    places = list(team_for_challenge(challenge=challenge)) if places is None else places
    theme = theme_specialism_of(challenge, theme_specialisms()) if challenge.challenge_type == ChallengeType.DEEP_DIVE else ""
    known = defaultdict(set)
    if theme:
        links = Peer.specialisms.through.objects.filter(peer__in=[place.peer_id for place in places], specialism__code=theme)
        for peer_id in links.values_list("peer_id", flat=True):
            known[peer_id].add(theme)
    return composition_checks(
        challenge_type=challenge.challenge_type, theme=challenge.theme, theme_specialism=theme, places=places,
        specialisms_of=lambda peer_id: known[peer_id],
    )


def team_suggestions(*, challenge, role, search="", limit=20, today=None):
    """For one open place: the eligible peers best first, each with the reasons for their rank
    and their soft conflicts (never a peer with a hard conflict); and, for a name searched
    for, each matching peer who cannot be offered with the hard rules that exclude them
    ("why not"). Reads the pool once: a fixed number of queries."""
    today = today or timezone.localdate()
    facts = challenge_facts(challenge_ids=[challenge.pk])[challenge.pk]
    peers = peer_facts(challenges=[facts])
    active = {peer_id: peer for peer_id, peer in peers.items() if peer.is_active}
    candidates = candidates_for_place(facts, role, active, today=today, team_groups=team_political_groups(facts))
    search = " ".join((search or "").split()).lower()
    found, why_not = [], []
    if search:
        found = [c for c in candidates if search in c.peer.name.lower()]
        offered = {c.peer.id for c in found}
        for peer in peers.values():
            if search in peer.name.lower() and peer.id not in offered:
                why_not.append((peer, hard_conflicts(peer, facts, role)))
        why_not.sort(key=lambda item: item[0].name)
    return {"challenge": facts, "candidates": candidates[:limit], "eligible": len(candidates), "found": found, "why_not": why_not[:limit]}
