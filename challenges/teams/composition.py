"""What a team is made of: the places the planner fills for each type of challenge, and the
composition rules checked before a challenge is confirmed (shown as the team page's checklist)."""

from collections import Counter
from dataclasses import dataclass

from authorities.choices import PeerType
from challenges.choices import UNANSWERED_PLACE_STATES, ChallengeType, PlaceState, TeamRole

# The places a team of each type has, filled by the planner (published practice: four to six
# peers, about four days on site). The composition rules below are the minimum.
TEAM_SHAPES = {
    ChallengeType.OPERATIONAL_ASSESSMENT: {
        TeamRole.LEAD_PEER: 1, TeamRole.MEMBER_PEER: 1, TeamRole.OFFICER_PEER: 2, TeamRole.BEYOND_SECTOR: 1,
        TeamRole.CHALLENGE_MANAGER: 1,
    },
    ChallengeType.LEADERSHIP_GOVERNANCE: {
        TeamRole.LEAD_PEER: 1, TeamRole.MEMBER_PEER: 1, TeamRole.OFFICER_PEER: 1, TeamRole.CHALLENGE_MANAGER: 1,
    },
    ChallengeType.DEEP_DIVE: {TeamRole.LEAD_PEER: 1, TeamRole.OFFICER_PEER: 2, TeamRole.CHALLENGE_MANAGER: 1},
    ChallengeType.PRE_INSPECTION: {TeamRole.LEAD_PEER: 1, TeamRole.OFFICER_PEER: 2, TeamRole.CHALLENGE_MANAGER: 1},
    ChallengeType.TARGETED: {TeamRole.LEAD_PEER: 1, TeamRole.OFFICER_PEER: 1, TeamRole.CHALLENGE_MANAGER: 1},
}


@dataclass(frozen=True)
class RuleCheck:
    """One composition rule for one team: what it asks, whether the accepted places meet it,
    and what the team has towards it."""

    rule: str
    met: bool
    detail: str


def open_places(*, challenge_type, places) -> list[str]:
    """The roles still to fill: the type's shape, less the active places in each role. One
    entry per place, in the order of TeamRole."""
    held = Counter(place.role for place in places if place.is_active)
    shape = TEAM_SHAPES[challenge_type]
    return [role for role in TeamRole if role in shape for _ in range(max(0, shape[role] - held[role]))]


def composition_checks(*, challenge_type, theme="", theme_specialism="", places, specialisms_of=None) -> list[RuleCheck]:
    """The composition rules of the type, judged on the accepted places (TeamMembership with
    their peers). `specialisms_of(peer_id)` gives a peer's specialism codes, for a deep dive."""
    accepted = [place for place in places if place.state == PlaceState.ACCEPTED and place.role != TeamRole.SHADOW]
    waiting = [place for place in places if place.state in UNANSWERED_PLACE_STATES]
    roles = Counter(place.role for place in accepted)
    members = [place for place in accepted if place.peer.peer_type == PeerType.MEMBER]
    officers = [place for place in accepted if place.peer.peer_type == PeerType.OFFICER]
    lead = next((place for place in accepted if place.role == TeamRole.LEAD_PEER), None)

    def count(places_, noun):
        return f"{len(places_)} {noun}{'' if len(places_) == 1 else 's'} accepted"

    def waiting_for(predicate):
        n = sum(1 for place in waiting if predicate(place))
        return f", {n} waiting for an answer" if n else ""

    checks = []
    if challenge_type == ChallengeType.OPERATIONAL_ASSESSMENT:
        checks += [
            RuleCheck("A lead peer", lead is not None, lead.peer.full_name if lead else "None accepted" + waiting_for(lambda p: p.role == TeamRole.LEAD_PEER)),
            RuleCheck("At least one member peer", len(members) >= 1, count(members, "member peer") + waiting_for(lambda p: p.peer.peer_type == PeerType.MEMBER)),
            RuleCheck("At least two officer peers", len(officers) >= 2, count(officers, "officer peer") + waiting_for(lambda p: p.peer.peer_type == PeerType.OFFICER)),
            RuleCheck(
                "An LGA challenge manager", roles[TeamRole.CHALLENGE_MANAGER] >= 1,
                count([p for p in accepted if p.role == TeamRole.CHALLENGE_MANAGER], "challenge manager")
                + waiting_for(lambda p: p.role == TeamRole.CHALLENGE_MANAGER),
            ),
        ]
    if challenge_type == ChallengeType.LEADERSHIP_GOVERNANCE:
        checks += [
            RuleCheck("At least one member peer", len(members) >= 1, count(members, "member peer") + waiting_for(lambda p: p.peer.peer_type == PeerType.MEMBER)),
            RuleCheck(
                "A member peer as the lead peer", lead is not None and lead.peer.peer_type == PeerType.MEMBER,
                f"{lead.peer.full_name}, {lead.peer.get_peer_type_display().lower()}" if lead else "No lead peer accepted",
            ),
        ]
    if challenge_type == ChallengeType.DEEP_DIVE:
        theme_name = theme or "the theme"
        if not theme_specialism:
            checks.append(RuleCheck(f"At least one peer who knows {theme_name}", False, "The theme is not one of the pool's specialisms: choose one when scoping"))
        else:
            knowing = [place for place in accepted if theme_specialism in specialisms_of(place.peer_id)]
            checks.append(RuleCheck(
                f"At least one peer who knows {theme_name}", bool(knowing),
                ", ".join(place.peer.full_name for place in knowing) or "None accepted",
            ))
    if len(members) >= 2:
        groups = Counter(place.peer.get_political_group_display() for place in members)
        checks.append(RuleCheck(
            "Political balance among member peers", len(groups) >= 2,
            ", ".join(f"{n} {group}" for group, n in sorted(groups.items())),
        ))
    return checks
