"""What the team rules need to know about the peer pool and the challenges being staffed, read
in a fixed number of queries however large the pool and its history: the lists, the service's
checks and the planner all judge peers from these facts, so that one rule has one home
(challenges/teams/conflicts.py)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Max, Q
from django.utils import timezone

from authorities.choices import PoliticalGroup, Region
from authorities.models import Authority, Peer, Specialism, TrainingRecord, Unavailability
from challenges.choices import ACTIVE_PLACE_STATES, FOCUS_AREA_CHOICES, STOPPED_STATUSES, ChallengeType
from challenges.models import Challenge, TeamBan, TeamMembership, TeamPin

# How far back the rules look: three years for an earlier challenge of the same authority,
# two for an authority the peer has left.
HISTORY_YEARS = 3
LEFT_AUTHORITY_YEARS = 2


@dataclass(frozen=True)
class Place:
    """A peer's active place, or one they have held, as the rules see it."""

    challenge_id: int
    authority_id: int
    authority_name: str
    role: str
    state: str
    start: datetime.date | None
    last: datetime.date | None
    on_site_from: datetime.date | None
    on_site_to: datetime.date | None


@dataclass
class PeerFacts:
    id: int
    name: str
    peer_type: str
    can_lead: bool
    is_active: bool
    retired_reason: str
    home_authority_id: int | None
    home_name: str
    region: str
    region_name: str
    political_group: str
    political_group_name: str
    max_per_year: int
    specialisms: frozenset = frozenset()
    # The latest expiry of the peer's training, None if any course never expires or none is recorded.
    training_expires: datetime.date | None = None
    # Authorities the peer has left, with the day they left, from the peer's history.
    left_authorities: dict = field(default_factory=dict)
    places: list = field(default_factory=list)
    unavailable: list = field(default_factory=list)


@dataclass
class ChallengeFacts:
    id: int
    authority_id: int
    authority_name: str
    region: str
    region_name: str
    challenge_type: str
    status: str
    start: datetime.date | None
    last: datetime.date | None
    focus_specialisms: frozenset
    focus_names: dict  # specialism code: the focus area's name as it reads in a sentence
    theme_specialism: str  # the code of the specialism the deep-dive theme names, or ""
    theme: str
    label: str
    places: list = field(default_factory=list)  # its own places, TeamMembership records
    pins: list = field(default_factory=list)  # TeamPin records
    bans: dict = field(default_factory=dict)  # peer id: TeamBan

    @property
    def week_of(self) -> str:
        """"the week of 8 March 2027", for explanations."""
        if not self.start:
            return "dates to be agreed"
        monday = self.start - datetime.timedelta(days=self.start.weekday())
        return f"the week of {monday.day} {monday:%B %Y}"


def focus_specialism_code(area: str) -> str:
    """A focus area's specialism: the framework's areas are peers' specialisms, spelt with hyphens."""
    return area.replace("_", "-")


def theme_specialisms() -> dict[str, str]:
    """The pool's specialisms by name, as a deep dive's theme names one: {"procurement": "procurement"}."""
    return {name.lower(): code for code, name in Specialism.objects.values_list("code", "name")}


def theme_specialism_of(challenge, themes) -> str:
    """The code of the specialism a deep dive's theme names, or "" (another type, or a theme in
    the authority's own words)."""
    if challenge.challenge_type != ChallengeType.DEEP_DIVE:
        return ""
    return themes.get(challenge.theme.strip().lower(), "")


def challenge_facts(*, challenge_ids) -> dict[int, ChallengeFacts]:
    """The challenges as the rules see them, with their places, pins and bans: four queries."""
    challenges = Challenge.objects.filter(pk__in=challenge_ids).select_related("authority").with_last_day()
    themes = theme_specialisms()
    facts = {}
    for challenge in challenges:
        authority = challenge.authority
        facts[challenge.pk] = ChallengeFacts(
            id=challenge.pk, authority_id=authority.pk, authority_name=authority.short_name, region=authority.region,
            region_name=authority.get_region_display(), challenge_type=challenge.challenge_type, status=challenge.status,
            start=challenge.start_date, last=challenge.last_day,
            focus_specialisms=frozenset(focus_specialism_code(area) for area in challenge.focus_areas or []),
            focus_names={focus_specialism_code(area): name.lower() for area, name in FOCUS_AREA_CHOICES},
            theme_specialism=theme_specialism_of(challenge, themes),
            theme=challenge.theme, label=f"{authority.short_name} ({challenge.get_challenge_type_display()})",
        )
    for place in TeamMembership.objects.filter(challenge_id__in=facts).select_related("peer").order_by("role", "peer__full_name"):
        facts[place.challenge_id].places.append(place)
    for pin in TeamPin.objects.filter(challenge_id__in=facts).order_by("role", "id"):
        facts[pin.challenge_id].pins.append(pin)
    for ban in TeamBan.objects.filter(challenge_id__in=facts):
        facts[ban.challenge_id].bans[ban.peer_id] = ban
    return facts


def peer_facts(*, challenges, peer_ids=None, active_only=False) -> dict[int, PeerFacts]:
    """The pool (or the peers `peer_ids`) as the rules see it for `challenges` (ChallengeFacts):
    nine queries however large the pool (eight for `peer_ids`). Their places reach back three years before the earliest visit, far enough
    for every rule and for each peer's load over the last year."""
    today = timezone.localdate()
    starts = [c.start for c in challenges if c.start] or [today]
    since = min(min(starts), today) - datetime.timedelta(days=365 * HISTORY_YEARS + 1)
    peers = Peer.objects.all()
    if peer_ids is not None:
        peers = peers.filter(pk__in=list(peer_ids))
    if active_only:
        peers = peers.filter(is_active=True)
    authorities = dict(Authority.objects.values_list("pk", "short_name"))
    regions, groups = dict(Region.choices), dict(PoliticalGroup.choices)
    facts = {}
    # Read as values, not records: the whole pool is read for every list and plan.
    rows = peers.order_by("full_name", "id").values_list(
        "pk", "full_name", "peer_type", "can_lead", "is_active", "retired_reason", "home_authority_id",
        "home_authority__short_name", "home_authority__region", "home_organisation", "political_group",
        "max_challenges_per_year",
    )
    for pk, name, peer_type, can_lead, is_active, retired, home_id, home_name, region, organisation, group, most in rows:
        facts[pk] = PeerFacts(
            id=pk, name=name, peer_type=peer_type, can_lead=can_lead, is_active=is_active, retired_reason=retired,
            home_authority_id=home_id, home_name=Peer.home_name(home_name or "", organisation),
            region=region or "", region_name=regions.get(region, ""), political_group=group,
            political_group_name=groups.get(group, ""), max_per_year=most,
        )
    ids = list(facts) if peer_ids is not None else None

    def only_these(queryset, name="peer_id__in"):
        return queryset.filter(**{name: ids}) if ids is not None else queryset

    codes = dict(Specialism.objects.values_list("pk", "code"))
    specialisms = defaultdict(set)
    for peer_id, specialism_id in only_these(Peer.specialisms.through.objects).values_list("peer_id", "specialism_id"):
        specialisms[peer_id].add(codes[specialism_id])
    for peer_id, known in specialisms.items():
        if peer_id in facts:
            facts[peer_id].specialisms = frozenset(known)
    expiries = only_these(TrainingRecord.objects).values("peer_id").annotate(
        latest=Max("expires_on"), never=Max("pk", filter=Q(expires_on__isnull=True))
    )
    for row in expiries:
        if row["peer_id"] in facts and row["never"] is None:
            facts[row["peer_id"]].training_expires = row["latest"]
    for row in only_these(Unavailability.objects.filter(end_date__gte=since)).values("peer_id", "start_date", "end_date", "reason"):
        if row["peer_id"] in facts:
            facts[row["peer_id"]].unavailable.append((row["start_date"], row["end_date"], row["reason"]))
    places = (
        only_these(TeamMembership.objects)
        .filter(state__in=ACTIVE_PLACE_STATES, challenge__start_date__gte=since)
        .exclude(challenge__status__in=STOPPED_STATUSES)
        .values_list(
            "peer_id", "challenge_id", "challenge__authority_id", "role", "state", "challenge__start_date",
            "challenge__end_date", "challenge__second_end_date", "on_site_from", "on_site_to",
        )
    )
    for peer_id, challenge_id, authority_id, role, state, start, end, second_end, on_from, on_to in places:
        if peer_id in facts:
            facts[peer_id].places.append(
                Place(challenge_id, authority_id, authorities.get(authority_id, ""), role, state, start, second_end or end, on_from, on_to)
            )
    _left_authorities(facts, ids=ids, since=today - datetime.timedelta(days=365 * LEFT_AUTHORITY_YEARS + 1), authorities=authorities)
    return facts


def _left_authorities(facts, *, ids, since, authorities):
    """From each peer's history: the authorities they belonged to at some time since `since`
    and no longer do, with the day they left (the first version after it)."""
    since_moment = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min))
    history = Peer.history.filter(history_date__gte=since_moment) if ids is None else Peer.history.filter(id__in=ids)
    # Each peer's versions in order; the version in force at `since` is the last one before it.
    versions = defaultdict(list)
    rows = history.order_by("id", "history_date").values_list("id", "home_authority_id", "history_date")
    for peer_id, authority_id, moment in rows:
        if peer_id in facts:
            versions[peer_id].append((moment, authority_id))
    if ids is None:
        # Only peers whose history changed since `since` can have left an authority since; read
        # the version in force at `since` for them alone.
        changed = list(versions)
        earlier = (
            Peer.history.filter(id__in=changed, history_date__lt=since_moment)
            .order_by("id", "-history_date").values_list("id", "home_authority_id", "history_date")
        )
        seen = set()
        for peer_id, authority_id, moment in earlier:
            if peer_id not in seen:
                seen.add(peer_id)
                versions[peer_id].insert(0, (moment, authority_id))
    for peer_id, peer_versions in versions.items():
        peer = facts[peer_id]
        for (_, authority_id), (next_moment, next_authority) in zip(peer_versions, peer_versions[1:]):
            if authority_id and authority_id != next_authority and timezone.localtime(next_moment).date() >= since:
                if authority_id != peer.home_authority_id:
                    peer.left_authorities[authority_id] = (authorities.get(authority_id, ""), timezone.localtime(next_moment).date())
