"""The team planner: fills every open place of a set of challenges at once, as an optimisation
over the whole pool solved by HiGHS (highspy), and explains the result.

The model: a yes/no choice for each (peer, challenge, role) the rules allow, costing what
challenges/teams/ranking.py says; each open place filled once, or left empty at a very high
cost (so that the plan shows which place cannot be filled rather than failing); a peer at most
once per team and on one team at a time; places spread across peers (a second place in one plan
costs more, a place beyond the peer's yearly capacity more still) and across the authorities
that give peers; member peers of one political group on a team cost more; a deep dive wants a
peer who knows its theme. Places already held (proposed, invited or accepted) and the adviser's
pins stay as they are, and banned peers stay out, so re-planning after a decline fills the empty
place and moves nobody else, unless the adviser lets unanswered proposals move.

The plan is a proposal: nothing is saved here (challenges/services/team.py accepts it)."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from itertools import islice

import highspy
from django.utils import timezone

from authorities.choices import PeerType
from challenges.choices import ACTIVE_PLACE_STATES, PlaceState, TeamRole
from challenges.teams.composition import TEAM_SHAPES
from challenges.teams.conflicts import ROLE_NAMES, ROLE_PEER_TYPES, first_hard_conflict
from challenges.teams.facts import ChallengeFacts, Place, challenge_facts, peer_facts
from challenges.teams.ranking import Candidate, candidate, candidates_for_place

# The solver sees the best candidates for each place, which is plenty for a quarter's visits
# and keeps the model small enough to solve in well under a second.
CANDIDATES_PER_PLACE = 25
ALTERNATES = 3
UNFILLED = 1000  # an empty place costs more than any choice of peers
SECOND_PLACE_IN_PLAN = 6  # each place a peer takes in the plan beyond their first
OVER_CAPACITY = 20
AUTHORITY_SHARE = 2  # places one authority gives to the plan before each further one costs
AUTHORITY_OVER_SHARE = 3
POLITICAL_IMBALANCE = 8
NO_THEME_SPECIALIST = 200
TIME_LIMIT_SECONDS = 10


@dataclass
class PlannedPlace:
    challenge_id: int
    role: str
    state: str  # "suggested", "pinned", or the held place's state
    candidate: Candidate | None = None
    peer_name: str = ""
    alternates: list = field(default_factory=list)
    explanation: str = ""
    smallest_change: str = ""
    change: str = ""  # for a re-plan: what is new against the team as it stands

    @property
    def filled(self) -> bool:
        return self.state != "unfilled"


@dataclass
class ChallengePlan:
    challenge: ChallengeFacts
    places: list = field(default_factory=list)

    @property
    def unfilled(self):
        return [place for place in self.places if not place.filled]

    @property
    def suggested(self):
        return [place for place in self.places if place.state == "suggested"]


@dataclass
class Plan:
    challenges: list  # ChallengePlan, in date order
    status: str = ""

    @property
    def unfilled(self):
        return [place for plan in self.challenges for place in plan.unfilled]

    @property
    def suggested(self):
        return [place for plan in self.challenges for place in plan.suggested]


def plan_teams(*, challenge_ids, allow_moves=False, today=None) -> Plan:
    """A plan for every open place of the challenges. With `allow_moves`, places proposed but
    not yet sent as invitations may be given to someone else."""
    today = today or timezone.localdate()
    challenges = challenge_facts(challenge_ids=challenge_ids)
    ordered = sorted(challenges.values(), key=lambda c: (c.start or datetime.date.max, c.authority_name, c.id))
    peers = peer_facts(challenges=ordered, active_only=True)
    planning = _Planning(ordered, peers, today=today, allow_moves=allow_moves)
    return planning.solve()


class _Planning:
    def __init__(self, challenges, peers, *, today, allow_moves):
        self.challenges, self.peers, self.today = challenges, peers, today
        self.by_id = {challenge.id: challenge for challenge in challenges}
        self.moved = {}  # (challenge id, peer id): a proposed place the plan may give to someone else
        self.fixed = {}  # challenge id: [PlannedPlace]
        self.need = {}  # (challenge id, role): places to fill
        self.options = {}  # (challenge id, role): [Candidate], best first
        for challenge in challenges:
            self._pins_hold_their_peers(challenge)
        for challenge in challenges:
            self._fixed_and_open(challenge, allow_moves=allow_moves)

    def _pins_hold_their_peers(self, challenge):
        """A pinned peer is on the challenge's team for the plan: busy that week for every other
        challenge, as if their place were already proposed."""
        if not challenge.start:
            return
        for pin in challenge.pins:
            peer = self.peers.get(pin.peer_id)
            if peer is not None and not any(place.challenge_id == challenge.id for place in peer.places):
                peer.places.append(Place(
                    challenge.id, challenge.authority_id, challenge.authority_name, pin.role, PlaceState.PROPOSED,
                    challenge.start, challenge.last, challenge.start, challenge.last,
                ))

    def _fixed_and_open(self, challenge, *, allow_moves):
        fixed = []
        movable = []
        for place in challenge.places:
            if place.state not in ACTIVE_PLACE_STATES:
                continue
            if allow_moves and place.state == PlaceState.PROPOSED:
                movable.append(place)
                self._free(place)
                continue
            fixed.append(PlannedPlace(challenge.id, place.role, place.state, peer_name=place.peer.full_name,
                                      candidate=self._held(place, challenge)))
        for pin in challenge.pins:
            if any(p.candidate and p.candidate.peer.id == pin.peer_id for p in fixed):
                continue
            peer = self.peers.get(pin.peer_id)
            # Judged as a candidate without the place the pin itself holds for the plan.
            own = replace(peer, places=[p for p in peer.places if p.challenge_id != challenge.id]) if peer else None
            fixed.append(PlannedPlace(challenge.id, pin.role, "pinned", peer_name=peer.name if peer else "",
                                      candidate=candidate(own, challenge, pin.role, today=self.today) if peer else None))
        self.fixed[challenge.id] = fixed
        self.moved.update({(challenge.id, place.peer_id): place for place in movable})
        held = Counter(place.role for place in fixed)
        # The member peers who stay on the team (a movable proposal may go).
        groups = frozenset(
            place.peer.political_group for place in challenge.places
            if place.state in ACTIVE_PLACE_STATES and place not in movable and place.peer.peer_type == PeerType.MEMBER
        ) | {p.candidate.peer.political_group for p in fixed if p.candidate and p.candidate.peer.peer_type == PeerType.MEMBER}
        taken = {p.candidate.peer.id for p in fixed if p.candidate}
        # A peer whose proposal may move is not "on this team already": they may keep the place;
        # nor does a lead peer's proposal that may move give the team its lead.
        may_stay = {place.peer_id for place in movable}
        lead_may_move = any(place.role == TeamRole.LEAD_PEER for place in movable)

        def waive(peer):
            return ("taken",) * (peer.id in may_stay) + ("lead",) * lead_may_move

        for role, count in TEAM_SHAPES[challenge.challenge_type].items():
            need = max(0, count - held[role])
            if not need or not challenge.start:
                continue
            self.need[(challenge.id, role)] = need
            self.options[(challenge.id, role)] = candidates_for_place(
                challenge, role, self.peers, today=self.today, team_groups=groups, leave_out=taken, waive=waive
            )

    def _free(self, place):
        """A movable place no longer holds its peer during the plan."""
        peer = self.peers.get(place.peer_id)
        if peer is not None:
            peer.places = [p for p in peer.places if p.challenge_id != place.challenge_id]

    def _held(self, place, challenge):
        peer = self.peers.get(place.peer_id)
        if peer is None:
            return None
        return candidate(peer, challenge, place.role, today=self.today)

    def solve(self) -> Plan:
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("time_limit", float(TIME_LIMIT_SECONDS))
        h.setOptionValue("mip_rel_gap", 0.0)
        choice = {}  # (peer id, challenge id, role): column
        slack = {}
        by_place = defaultdict(list)
        for (challenge_id, role), found in self.options.items():
            for option in found[:CANDIDATES_PER_PLACE]:
                key = (option.peer.id, challenge_id, role)
                choice[key] = h.addBinary(obj=option.cost)
                by_place[(challenge_id, role)].append(choice[key])
            need = self.need[(challenge_id, role)]
            slack[(challenge_id, role)] = h.addIntegral(lb=0, ub=need, obj=UNFILLED)
            h.addConstr(sum(by_place[(challenge_id, role)], slack[(challenge_id, role)]) == need)
        by_peer_challenge = defaultdict(list)
        by_peer = defaultdict(list)
        for (peer_id, challenge_id, _), column in choice.items():
            by_peer_challenge[(peer_id, challenge_id)].append(column)
            by_peer[peer_id].append((challenge_id, column))
        for columns in by_peer_challenge.values():
            if len(columns) > 1:
                h.addConstr(sum(columns[1:], columns[0]) <= 1)
        starts = self.by_id
        for peer_id, entries in by_peer.items():
            peer = self.peers[peer_id]
            challenge_ids = sorted({challenge_id for challenge_id, _ in entries})
            for i, first in enumerate(challenge_ids):
                for second in challenge_ids[i + 1:]:
                    a, b = starts[first], starts[second]
                    if a.start <= b.last and b.start <= a.last:
                        columns = [col for cid, col in entries if cid in (first, second)]
                        h.addConstr(sum(columns[1:], columns[0]) <= 1)
            columns = [col for _, col in entries]
            if len(columns) > 1:
                extra = h.addVariable(lb=0, obj=SECOND_PLACE_IN_PLAN)
                h.addConstr(sum(columns[1:], columns[0]) - extra <= 1)
            by_year = defaultdict(list)
            for challenge_id, column in entries:
                by_year[starts[challenge_id].start.year].append(column)
            for year, columns in by_year.items():
                room = max(0, peer.max_per_year - sum(1 for p in peer.places if p.start and p.start.year == year))
                if len(columns) > room:
                    over = h.addVariable(lb=0, obj=OVER_CAPACITY)
                    h.addConstr(sum(columns[1:], columns[0]) - over <= room)
        by_authority = defaultdict(list)
        for (peer_id, _, _), column in choice.items():
            authority = self.peers[peer_id].home_authority_id
            if authority:
                by_authority[authority].append(column)
        for columns in by_authority.values():
            if len(columns) > AUTHORITY_SHARE:
                over = h.addVariable(lb=0, obj=AUTHORITY_OVER_SHARE)
                h.addConstr(sum(columns[1:], columns[0]) - over <= AUTHORITY_SHARE)
        for challenge in self.challenges:
            self._politics_and_theme(h, challenge, choice)
        h.run()
        status = h.getModelStatus()
        values = h.getSolution().col_value if status in (highspy.HighsModelStatus.kOptimal, highspy.HighsModelStatus.kTimeLimit) else None
        chosen = {key for key, column in choice.items() if values is not None and values[column.index] > 0.5}
        return self._plan(chosen, status=h.modelStatusToString(status))

    def _politics_and_theme(self, h, challenge, choice):
        fixed = [p.candidate.peer for p in self.fixed[challenge.id] if p.candidate]
        members = defaultdict(list)
        specialists = []
        for (peer_id, challenge_id, role), column in choice.items():
            if challenge_id != challenge.id:
                continue
            peer = self.peers[peer_id]
            if peer.peer_type == PeerType.MEMBER and role != TeamRole.SHADOW:
                members[peer.political_group].append(column)
            if challenge.theme_specialism and challenge.theme_specialism in peer.specialisms:
                specialists.append(column)
        held_groups = Counter(peer.political_group for peer in fixed if peer.peer_type == PeerType.MEMBER)
        for group, columns in members.items():
            imbalance = h.addVariable(lb=0, obj=POLITICAL_IMBALANCE)
            h.addConstr(sum(columns[1:], columns[0]) - imbalance <= max(0, 1 - held_groups[group]))
        if challenge.theme_specialism and not any(challenge.theme_specialism in peer.specialisms for peer in fixed):
            missing = h.addVariable(lb=0, ub=1, obj=NO_THEME_SPECIALIST)
            if specialists:
                h.addConstr(sum(specialists[1:], specialists[0]) + missing >= 1)
            else:
                h.addConstr(missing >= 1)

    def _plan(self, chosen, *, status) -> Plan:
        chosen_by_place = defaultdict(list)
        for peer_id, challenge_id, role in sorted(chosen):
            chosen_by_place[(challenge_id, role)].append(peer_id)
        busy_in_plan = defaultdict(set)  # peer id: challenge ids they are planned on
        for peer_id, challenge_id, _ in chosen:
            busy_in_plan[peer_id].add(challenge_id)
        planned_on = {(peer_id, challenge_id) for peer_id, challenge_id, _ in chosen}
        plans = []
        for challenge in self.challenges:
            places = list(self.fixed[challenge.id])
            for role in TeamRole:
                if (challenge.id, role) not in self.need:
                    continue
                options = self.options[(challenge.id, role)]
                picked = [c for c in options if c.peer.id in chosen_by_place[(challenge.id, role)]]
                picked.sort(key=lambda c: (c.cost, c.peer.name))
                spare = list(islice((
                    c for c in options
                    if (c.peer.id, challenge.id) not in planned_on and not self._busy_at_the_same_time(c.peer.id, challenge, busy_in_plan)
                ), ALTERNATES))
                for option, change in zip(picked, self._changes(challenge, role, picked)):
                    places.append(PlannedPlace(challenge.id, role, "suggested", candidate=option, peer_name=option.peer.name,
                                               alternates=spare, change=change))
                for _ in range(self.need[(challenge.id, role)] - len(picked)):
                    explanation, smallest = self._explain(challenge, role, chosen)
                    places.append(PlannedPlace(challenge.id, role, "unfilled", explanation=explanation, smallest_change=smallest))
            order = list(TeamRole)
            places.sort(key=lambda p: order.index(p.role))
            plans.append(ChallengePlan(challenge=challenge, places=places))
        return Plan(challenges=plans, status=status)

    def _busy_at_the_same_time(self, peer_id, challenge, busy_in_plan):
        return any(
            other != challenge.id and self.by_id[other].start <= challenge.last and challenge.start <= self.by_id[other].last
            for other in busy_in_plan.get(peer_id, ())
        )

    def _changes(self, challenge, role, picked) -> list[str]:
        """For each peer picked for the role, what is new against the team as it stands: nothing
        for a proposal kept; else whom they replace, each peer moved or declined named once."""
        moved = [place for (challenge_id, _), place in self.moved.items() if challenge_id == challenge.id and place.role == role]
        picked_ids = {option.peer.id for option in picked}
        replaced = [place for place in moved if place.peer_id not in picked_ids]
        declined = sorted(
            (place for place in challenge.places if place.role == role and place.state in (PlaceState.DECLINED, PlaceState.WITHDRAWN)),
            key=lambda place: place.pk,
        )
        changes = []
        for option in picked:
            if any(place.peer_id == option.peer.id for place in moved):
                changes.append("")
            elif replaced:
                changes.append(f"New: in place of {replaced.pop(0).peer.full_name}, proposed before")
            elif declined:
                place = declined.pop()
                changes.append(f"New: in place of {place.peer.full_name}, who {place.get_state_display().lower()}")
            else:
                changes.append("New")
        return changes

    def _explain(self, challenge, role, chosen) -> tuple[str, str]:
        """Why the place cannot be filled, in words, and the smallest change that would fill it."""
        a_role, role_name = ROLE_NAMES[role], ROLE_NAMES[role].split(" ", 1)[1]
        role_names = _plural(role_name)
        options = self.options[(challenge.id, role)]
        if options:
            # Peers could go, but the plan needs each of them elsewhere at the same time.
            others = sorted({
                self._label(challenge_id) for peer_id, challenge_id, _ in chosen
                if challenge_id != challenge.id and peer_id in {c.peer.id for c in options}
            })
            names = ", ".join(c.peer.name for c in options[:3])
            if others:
                return (
                    f"No {role_name} is free for both {challenge.authority_name} and {' and '.join(others)} in "
                    f"{challenge.week_of}: {len(options)} could go ({names}), and the plan needs them there",
                    f"Move one of these visits to another week, or add {a_role} to the pool",
                )
            return (
                f"The {len(options)} {role_names if len(options) > 1 else role_name} who could go to "
                f"{challenge.authority_name} ({names}) {'are' if len(options) > 1 else 'is'} needed for other places",
                f"Add {a_role} to the pool",
            )
        counts = Counter()
        first_blocker = {}
        fitting = [peer for peer in self.peers.values() if peer.peer_type in ROLE_PEER_TYPES[role]]  # active peers only
        for peer in fitting:
            conflict = first_hard_conflict(peer, challenge, role)
            kind = conflict[0] if conflict else "taken"  # free by every rule, yet held by this plan
            counts[kind] += 1
            first_blocker.setdefault(kind, peer.name)
        if not fitting:
            return (
                f"No active {role_name} is in the pool for {challenge.authority_name} in {challenge.week_of}",
                f"Add {a_role} to the pool",
            )
        parts = ", ".join(f"{n} {KIND_WORDS[kind] if n > 1 else _singular(KIND_WORDS[kind])}" for kind, n in counts.most_common())
        text = f"No {role_name} is free for {challenge.authority_name} in {challenge.week_of}: of {len(fitting)} active, {parts}"
        if counts.get("busy"):
            busy = counts["busy"]
            smallest = (
                f"Move {challenge.authority_name}'s visit to another week: {busy} {role_names if busy > 1 else role_name} "
                f"{'are on other teams' if busy > 1 else 'is on another team'} then"
            )
        elif counts.get("banned"):
            smallest = f"Lift the ban on {first_blocker['banned']} for {challenge.authority_name}"
        else:
            smallest = f"Add {a_role} to the pool"
        return text, smallest

    def _label(self, challenge_id):
        return self.by_id[challenge_id].authority_name


KIND_WORDS = {
    "inactive": "are no longer active",
    "busy": "are on another team at the same time",
    "own": "belong to the authority",
    "left": "left the authority less than two years ago",
    "banned": "were ruled out",
    "taken": "are on this team already, or declined it",
    "lead": "cannot lead a team that has its lead",
    "role": "cannot take this role (not accredited to lead, or not a member peer to lead leadership and governance)",
}


def _plural(role_name) -> str:
    """"officer peers", "peers from beyond the sector", "LGA challenge managers"."""
    first, _, rest = role_name.partition(" from ")
    return f"{first}s from {rest}" if rest else f"{role_name}s"


SINGULAR_VERBS = {"are": "is", "were": "was", "belong": "belongs"}


def _singular(words) -> str:
    """The words of KIND_WORDS for one peer: "is no longer active", "belongs to the authority"."""
    verb, _, rest = words.partition(" ")
    return f"{SINGULAR_VERBS.get(verb, verb)} {rest}"
