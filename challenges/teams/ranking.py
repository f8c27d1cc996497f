"""How well a peer suits a place, and why: the cost the planner minimises and the reasons shown
beside each suggestion. Lower costs rank first."""

import datetime
from dataclasses import dataclass, field

from authorities.choices import PeerType
from challenges.choices import ACTIVE_PLACE_STATES
from challenges.teams.conflicts import ROLE_PEER_TYPES, hard_conflicts, soft_conflicts
from challenges.teams.facts import ChallengeFacts, PeerFacts

# What each consideration is worth. A soft conflict outweighs every preference, so that a peer
# with one is suggested only when no one without is left.
SPECIALISM_MATCH = 3  # for each focus area the peer knows, up to three
THEME_MATCH = 8  # a deep dive's theme
PLACE_IN_LAST_YEAR = 2  # each place held in the last twelve months, or booked ahead
BALANCES_POLITICS = 3  # a member peer of a group not yet on the team
SAME_POLITICS = 3
SOFT_CONFLICT = 20
MAX_SPECIALISM_MATCHES = 3


@dataclass
class Candidate:
    """A peer who may take a place, with the cost of choosing them and the reasons for it."""

    peer: PeerFacts
    role: str
    cost: float
    reasons: list = field(default_factory=list)
    soft: list = field(default_factory=list)


def places_in_last_year(peer: PeerFacts, *, today) -> int:
    since = today - datetime.timedelta(days=365)
    return sum(1 for place in peer.places if place.start and place.start >= since and place.state in ACTIVE_PLACE_STATES)


def candidate(peer: PeerFacts, challenge: ChallengeFacts, role, *, today, team_groups=()) -> Candidate:
    """The peer as a candidate for the role, assuming they break no hard rule: their cost
    and, in words, every reason for it. `team_groups` are the political groups of the member
    peers already on the team."""
    reasons, cost = [], 0.0
    known = sorted(peer.specialisms & challenge.focus_specialisms)
    if known:
        cost -= SPECIALISM_MATCH * min(len(known), MAX_SPECIALISM_MATCHES)
        reasons.append(f"Knows {_and_list(challenge.focus_names[code] for code in known)}")
    if challenge.theme_specialism and challenge.theme_specialism in peer.specialisms:
        cost -= THEME_MATCH
        reasons.append(f"Knows the theme, {challenge.theme}")
    load = places_in_last_year(peer, today=today)
    cost += PLACE_IN_LAST_YEAR * load
    reasons.append(
        "No places in the last 12 months" if load == 0 else f"{load} {'place' if load == 1 else 'places'} in the last 12 months"
    )
    if peer.region and peer.region != challenge.region:
        reasons.append(f"From another region ({peer.region_name})")
    if peer.peer_type == PeerType.MEMBER and team_groups:
        if peer.political_group in team_groups:
            cost += SAME_POLITICS
            reasons.append(f"{peer.political_group_name}, as a member peer on the team already is")
        else:
            cost -= BALANCES_POLITICS
            reasons.append(f"{peer.political_group_name}: balances the team's member peers")
    soft = soft_conflicts(peer, challenge, role)
    cost += SOFT_CONFLICT * len(soft)
    return Candidate(peer=peer, role=role, cost=cost, reasons=reasons, soft=soft)


def candidates_for_place(
    challenge: ChallengeFacts, role, peers, *, today, team_groups=(), leave_out=frozenset(), waive=lambda peer: ()
) -> list[Candidate]:
    """Every peer who may take the role on the challenge, best first: never one with a hard
    conflict (but for the kinds `waive(peer)` names), nor one in `leave_out`. Ties go to the
    lower cost, then the name. The role's peer types are checked first, as the cheapest rule."""
    types = ROLE_PEER_TYPES[role]
    found = [
        candidate(peer, challenge, role, today=today, team_groups=team_groups)
        for peer in peers.values()
        if peer.peer_type in types and peer.id not in leave_out and not hard_conflicts(peer, challenge, role, waive=waive(peer))
    ]
    found.sort(key=lambda c: (c.cost, c.peer.name, c.peer.id))
    return found


def team_political_groups(challenge: ChallengeFacts) -> frozenset:
    return frozenset(
        place.peer.political_group for place in challenge.places
        if place.state in ACTIVE_PLACE_STATES and place.peer.peer_type == PeerType.MEMBER
    )


def _and_list(items) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
