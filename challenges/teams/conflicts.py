"""Who may take a place on a team, one rule each, judged from the facts of challenges/teams/facts.py.

Hard conflicts are never offered and always refused: the peer's own authority or one they left
less than two years ago; an inactive or retired peer; a peer on another team whose visit
overlaps; a peer who does not fit the role; a peer ruled out for the challenge. Soft conflicts
are shown beside the peer and accepted only with a recorded reason: the authority's region; a
challenge of this authority in the last three years; training expired; over their yearly
capacity; away during the visit. Each rule returns the sentence that explains it, or None."""

import datetime

from authorities.choices import PeerType
from challenges.choices import ACTIVE_PLACE_STATES, ChallengeType, PlaceState, TeamRole
from challenges.teams.facts import HISTORY_YEARS, LEFT_AUTHORITY_YEARS, ChallengeFacts, PeerFacts
from peersupport.formats import date_range, long_date

# The peers who may hold each role.
ROLE_PEER_TYPES = {
    TeamRole.LEAD_PEER: (PeerType.OFFICER, PeerType.MEMBER),
    TeamRole.MEMBER_PEER: (PeerType.MEMBER,),
    TeamRole.OFFICER_PEER: (PeerType.OFFICER,),
    TeamRole.BEYOND_SECTOR: (PeerType.BEYOND_SECTOR,),
    TeamRole.CHALLENGE_MANAGER: (PeerType.CHALLENGE_MANAGER,),
    TeamRole.SHADOW: (PeerType.OFFICER, PeerType.MEMBER),
}
ROLE_NAMES = {
    TeamRole.LEAD_PEER: "a lead peer", TeamRole.MEMBER_PEER: "a member peer", TeamRole.OFFICER_PEER: "an officer peer",
    TeamRole.BEYOND_SECTOR: "a peer from beyond the sector", TeamRole.CHALLENGE_MANAGER: "an LGA challenge manager",
    TeamRole.SHADOW: "a shadow peer",
}


def _overlaps(first, last, other_first, other_last) -> bool:
    return bool(first and last and other_first and other_last) and first <= other_last and other_first <= last


# Hard conflicts ---------------------------------------------------------------------------


def hard_inactive(peer: PeerFacts, challenge: ChallengeFacts, role=None):
    if not peer.is_active:
        reason = f" ({peer.retired_reason})" if peer.retired_reason else ""
        return f"{peer.name} is no longer active in the peer pool{reason}"
    return None


def hard_own_authority(peer, challenge, role=None):
    if peer.home_authority_id == challenge.authority_id:
        return f"{peer.name} belongs to {challenge.authority_name}, the authority challenged"
    return None


def hard_left_authority(peer, challenge, role=None):
    left = peer.left_authorities.get(challenge.authority_id)
    if left is None:
        return None
    name, left_on = left
    if left_on < _safe_years_before(challenge.start or datetime.date.today(), LEFT_AUTHORITY_YEARS):
        return None
    return f"{peer.name} left {name} on {long_date(left_on)}, less than {LEFT_AUTHORITY_YEARS} years before the visit"


def hard_on_another_team(peer, challenge, role=None):
    clash = other_place_at_the_same_time(peer, challenge)
    if clash is None:
        return None
    return (
        f"{peer.name} is on the team of {clash.authority_name}, on site from "
        f"{date_range(clash.on_site_from, clash.on_site_to)}, at the same time"
    )


def hard_role_fit(peer, challenge, role=None):
    if role is None:
        return None
    if peer.peer_type not in ROLE_PEER_TYPES[role]:
        return f"{peer.name} is {_type_name(peer.peer_type)}, so cannot be {ROLE_NAMES[role]}"
    if role == TeamRole.LEAD_PEER and not peer.can_lead:
        return f"{peer.name} is not accredited to lead a team"
    if role == TeamRole.LEAD_PEER and challenge.challenge_type == ChallengeType.LEADERSHIP_GOVERNANCE and peer.peer_type != PeerType.MEMBER:
        # A composition rule of the type, kept as a hard one: no list offers, and no service takes, another lead.
        return f"{peer.name} is not a member peer: a leadership and governance challenge is led by one"
    return None


def hard_banned(peer, challenge, role=None):
    ban = challenge.bans.get(peer.id)
    if ban is None:
        return None
    return f"{peer.name} was ruled out for this challenge" + (f": {ban.reason}" if ban.reason else "")


def hard_on_this_team(peer, challenge, role=None):
    for place in challenge.places:
        if place.peer_id == peer.id and place.state in ACTIVE_PLACE_STATES:
            return f"{peer.name} is already on this team as {place.role_in_sentence}"
        if place.peer_id == peer.id and place.state == PlaceState.DECLINED:
            return f"{peer.name} declined a place on this team: {place.decline_reason}"
    return None


def hard_lead_taken(peer, challenge, role=None):
    if role == TeamRole.LEAD_PEER and any(
        place.role == TeamRole.LEAD_PEER and place.state in ACTIVE_PLACE_STATES and place.peer_id != peer.id
        for place in challenge.places
    ):
        return "This team already has a lead peer"
    return None


# Each hard rule by the kind of conflict it names, in the order they are reported.
HARD_RULES = {
    "inactive": hard_inactive,
    "own": hard_own_authority,
    "left": hard_left_authority,
    "busy": hard_on_another_team,
    "banned": hard_banned,
    "taken": hard_on_this_team,
    "role": hard_role_fit,
    "lead": hard_lead_taken,
}


def hard_conflicts(peer: PeerFacts, challenge: ChallengeFacts, role=None, *, waive=()) -> list[str]:
    """Every hard rule the peer breaks for the role on the challenge, as sentences; the kinds
    in `waive` are not asked (the planner's re-plan lets a proposal it may move stay)."""
    return [reason for kind, rule in HARD_RULES.items() if kind not in waive and (reason := rule(peer, challenge, role))]


def first_hard_conflict(peer: PeerFacts, challenge: ChallengeFacts, role=None) -> tuple[str, str] | None:
    """The first hard rule the peer breaks, as its kind and its sentence."""
    for kind, rule in HARD_RULES.items():
        if reason := rule(peer, challenge, role):
            return kind, reason
    return None


# Soft conflicts ---------------------------------------------------------------------------


def soft_same_region(peer, challenge, role=None):
    if peer.region and peer.region == challenge.region:
        return f"From the same region as the authority ({challenge.region_name})"
    return None


def soft_recent_challenge_of_authority(peer, challenge, role=None):
    if not challenge.start:
        return None
    since = _safe_years_before(challenge.start, HISTORY_YEARS)
    for place in peer.places:
        if place.authority_id == challenge.authority_id and place.challenge_id != challenge.id and place.start and place.start >= since:
            return f"Took part in a challenge of {challenge.authority_name} in the last {HISTORY_YEARS} years ({long_date(place.start)})"
    return None


def soft_training_expired(peer, challenge, role=None):
    day = challenge.start or datetime.date.today()
    if peer.training_expires and peer.training_expires < day:
        return f"Training expired on {long_date(peer.training_expires)}"
    return None


def soft_over_capacity(peer, challenge, role=None):
    if not challenge.start:
        return None
    year = challenge.start.year
    places = sum(1 for place in peer.places if place.start and place.start.year == year and place.challenge_id != challenge.id)
    if places >= peer.max_per_year:
        return f"Already on {places} {'team' if places == 1 else 'teams'} in {year}, their most is {peer.max_per_year} a year"
    return None


def soft_unavailable(peer, challenge, role=None):
    for first, last, reason in peer.unavailable:
        if _overlaps(first, last, challenge.start, challenge.last):
            because = f" ({reason})" if reason else ""
            return f"Unavailable from {date_range(first, last)}{because}"
    return None


SOFT_RULES = (soft_same_region, soft_recent_challenge_of_authority, soft_training_expired, soft_over_capacity, soft_unavailable)


def soft_conflicts(peer: PeerFacts, challenge: ChallengeFacts, role=None) -> list[str]:
    """Every soft rule the peer meets for the challenge, as sentences."""
    return [reason for rule in SOFT_RULES if (reason := rule(peer, challenge, role))]


# Helpers ----------------------------------------------------------------------------------


def other_place_at_the_same_time(peer: PeerFacts, challenge: ChallengeFacts):
    """The peer's active place on another team whose visit overlaps the challenge's, if any:
    the visits as the places hold them, as PostgreSQL's exclusion constraint reads them."""
    for place in peer.places:
        if place.challenge_id != challenge.id and place.state in ACTIVE_PLACE_STATES and _overlaps(
            challenge.start, challenge.last, place.on_site_from, place.on_site_to
        ):
            return place
    return None


def _safe_years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _type_name(peer_type) -> str:
    label = PeerType(peer_type).label
    # "an LGA challenge manager": the article follows the sound, and "LGA" is spelt out.
    article = "an" if label[0] in "AEIOU" or label[:3] == "LGA" else "a"
    return f"{article} {label if label[:3] == 'LGA' else label.lower()}"
