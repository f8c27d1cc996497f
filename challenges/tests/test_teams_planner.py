"""The team planner (challenges/teams/planner.py): one optimisation over the pool for every open
place of a set of challenges, which never breaks a hard rule, keeps pins, bans and the places
already held, re-plans after a decline without moving anyone else, and says in words which
place it cannot fill, why, and the smallest change that would."""

import datetime

import pytest

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority, Peer, Specialism
from authorities.tests.factories import PeerFactory
from challenges.choices import ChallengeStatus, ChallengeType, PlaceState, TeamRole
from challenges.models import TeamBan, TeamPin
from challenges.services.team import team_plan_accept
from challenges.teams.conflicts import hard_conflicts
from challenges.teams.facts import challenge_facts, peer_facts
from challenges.teams.planner import plan_teams

from .factories import ChallengeFactory, TeamMembershipFactory

pytestmark = pytest.mark.integration

# Visits in the week of 8 March 2027; no rule the planner keeps depends on their being ahead.
START = datetime.date(2027, 3, 8)
END = datetime.date(2027, 3, 11)
TODAY = datetime.date(2026, 11, 30)
R = TeamRole
OPA = ChallengeType.OPERATIONAL_ASSESSMENT


def _authority(slug):
    return Authority.objects.get(slug=slug)


def _peer(name, peer_type=PeerType.OFFICER, home="merseyside", specialisms=(), **fields):
    if peer_type == PeerType.MEMBER:
        fields.setdefault("political_group", PoliticalGroup.LABOUR)
    if peer_type == PeerType.BEYOND_SECTOR:
        fields.setdefault("home_organisation", "NHS England")
    with_home = peer_type in (PeerType.OFFICER, PeerType.MEMBER)
    peer = PeerFactory(full_name=name, peer_type=peer_type, home_authority=_authority(home) if with_home else None, **fields)
    peer.specialisms.set(Specialism.objects.filter(code__in=specialisms))
    return peer


def _manager(name, **fields):
    return _peer(name, PeerType.CHALLENGE_MANAGER, **fields)


def _beyond(name, **fields):
    return _peer(name, PeerType.BEYOND_SECTOR, **fields)


def _member(name, group=PoliticalGroup.LABOUR, **fields):
    return _peer(name, PeerType.MEMBER, political_group=group, **fields)


def _challenge(slug="avon", challenge_type=OPA, start=START, end=END, **fields):
    return ChallengeFactory(authority=_authority(slug), challenge_type=challenge_type, start_date=start, end_date=end, **fields)


def _pool(suffix="", home="merseyside"):
    """Enough peers from one authority for one Operational Assessment, and a few to spare."""
    return {
        "lead": _peer(f"Alan Lead{suffix}", can_lead=True, home=home),
        "member": _member(f"Cllr Mary Jones{suffix}", home=home),
        "officers": [_peer(f"{name} Officer{suffix}", home=home) for name in ("Bea", "Carl", "Dan")],
        "beyond": _beyond(f"Nia Beyond{suffix}"),
        "manager": _manager(f"Grace Okafor{suffix}"),
    }


def _plan(*challenges, **kwargs):
    return plan_teams(challenge_ids=[c.pk for c in challenges], today=TODAY, **kwargs)


def _of(plan, challenge):
    return next(p for p in plan.challenges if p.challenge.id == challenge.pk)


def _roster(plan, challenge):
    """The plan's places for the challenge as (role, state, peer), in the order of the roles."""
    return [(place.role, place.state, place.peer_name) for place in _of(plan, challenge).places]


def _planned_ids(plan, challenge):
    return [place.candidate.peer.id for place in _of(plan, challenge).places if place.candidate]


def _no_hard_conflict(plan):
    """Every place of the plan, judged by the rules on fresh facts, breaks no hard rule."""
    ids = [p.challenge.id for p in plan.challenges]
    challenges = challenge_facts(challenge_ids=ids)
    peers = peer_facts(challenges=list(challenges.values()))
    for place in plan.suggested:
        assert hard_conflicts(peers[place.candidate.peer.id], challenges[place.challenge_id], place.role) == []


# Filling every place -----------------------------------------------------------------------


def test_plan_fills_every_place_of_a_small_pool_with_no_hard_conflict(adviser):
    avon = _challenge(focus_areas=["prevention"])
    pool = _pool()
    _peer("Tom Clarke", home="avon", can_lead=True, specialisms=["prevention"])  # Avon's own: never planned
    _peer("Ann Gone", is_active=False, retired_reason="Retired", specialisms=["prevention"])

    plan = _plan(avon)

    assert plan.unfilled == []
    roster = _roster(plan, avon)
    assert [(role, state) for role, state, _ in roster] == [
        (R.LEAD_PEER, "suggested"), (R.MEMBER_PEER, "suggested"), (R.OFFICER_PEER, "suggested"),
        (R.OFFICER_PEER, "suggested"), (R.BEYOND_SECTOR, "suggested"), (R.CHALLENGE_MANAGER, "suggested"),
    ]
    names = [name for _, _, name in roster]
    assert names[0] == "Alan Lead" and names[1] == "Cllr Mary Jones" and names[4:] == ["Nia Beyond", "Grace Okafor"]
    assert set(names[2:4]) <= {"Bea Officer", "Carl Officer", "Dan Officer"}
    assert "Tom Clarke" not in names and "Ann Gone" not in names
    _no_hard_conflict(plan)
    assert all(place.change == "New" for place in plan.suggested)
    # The plan is a proposal: nothing is saved until the adviser accepts it, and then it can be.
    assert not avon.team.exists()
    peers = Peer.objects.in_bulk([place.candidate.peer.id for place in plan.suggested])
    team_plan_accept(by=adviser, choices=[(avon, peers[place.candidate.peer.id], place.role) for place in plan.suggested])
    assert sorted(avon.team.values_list("state", flat=True)) == [PlaceState.INVITED] * 6
    assert pool["manager"].memberships.get().role == R.CHALLENGE_MANAGER


def test_plan_of_a_mixed_pool_breaks_no_hard_rule_and_books_no_one_twice(adviser):
    """Sixty peers of every kind from nine authorities, some of them challenged, retired, busy or
    ruled out; three visits, two in the same week."""
    import random

    rng = random.Random(8)
    homes = ["avon", "kent", "essex", "surrey", "merseyside", "cleveland", "cumbria", "devon-and-somerset", "gloucestershire"]
    visits = [
        _challenge("avon", focus_areas=["prevention"]),
        _challenge("kent", start=START + datetime.timedelta(days=2), end=END + datetime.timedelta(days=2)),
        _challenge("essex", start=START + datetime.timedelta(weeks=2), end=END + datetime.timedelta(weeks=2)),
    ]
    busy_week = _challenge("surrey")
    for n in range(60):
        kind = rng.choice([PeerType.OFFICER] * 3 + [PeerType.MEMBER] * 2 + [PeerType.BEYOND_SECTOR, PeerType.CHALLENGE_MANAGER])
        fields = {"can_lead": rng.random() < 0.3} if kind in (PeerType.OFFICER, PeerType.MEMBER) else {}
        if kind in (PeerType.OFFICER, PeerType.MEMBER):
            fields["home"] = rng.choice(homes)
        if kind == PeerType.MEMBER:
            fields["political_group"] = rng.choice([PoliticalGroup.LABOUR, PoliticalGroup.CONSERVATIVE])
        if rng.random() < 0.1:
            fields.update(is_active=False, retired_reason="Retired")
        peer = _peer(f"Peer {n:02d}", kind, specialisms=rng.sample(["prevention", "protection", "response"], k=rng.randint(0, 2)), **fields)
        if rng.random() < 0.1:
            TeamMembershipFactory(challenge=busy_week, peer=peer, role=R.SHADOW, holds_visit=True)
        if rng.random() < 0.05:
            TeamBan.objects.create(challenge=visits[0], peer=peer, banned_by=adviser)

    plan = _plan(*visits)

    _no_hard_conflict(plan)
    first_week = set(_planned_ids(plan, visits[0])), set(_planned_ids(plan, visits[1]))
    assert first_week[0] & first_week[1] == set()
    for challenge in visits:
        ids = _planned_ids(plan, challenge)
        assert len(ids) == len(set(ids))
    for place in plan.unfilled:
        assert place.explanation and place.smallest_change


def test_plan_gives_each_place_its_reasons(db):
    avon = _challenge(focus_areas=["prevention", "protection"])
    _peer("Bea Officer", home="kent", specialisms=["prevention", "protection", "response"])
    _peer("Carl Officer", home="kent")
    _peer("Alan Lead", can_lead=True)

    plan = _plan(avon)

    bea = next(p for p in plan.suggested if p.peer_name == "Bea Officer")
    assert (bea.role, bea.candidate.reasons, bea.candidate.soft) == (
        R.OFFICER_PEER, ["Knows prevention and protection", "No places in the last 12 months", "From another region (South East)"], []
    )


def test_plan_never_puts_one_peer_on_two_overlapping_challenges(db):
    avon = _challenge("avon", focus_areas=["prevention"])
    cleveland = _challenge("cleveland", start=START + datetime.timedelta(days=1), end=END + datetime.timedelta(days=1))
    _pool(" A", home="kent")
    _pool(" B", home="essex")
    # The most attractive officer for both: the plan may take her once.
    _peer("Star Officer", home="surrey", specialisms=["prevention"])

    plan = _plan(avon, cleveland)

    assert plan.unfilled == []
    on_avon, on_cleveland = set(_planned_ids(plan, avon)), set(_planned_ids(plan, cleveland))
    assert (len(on_avon), len(on_cleveland), on_avon & on_cleveland) == (6, 6, set())
    _no_hard_conflict(plan)


def test_plan_may_put_one_peer_on_two_challenges_weeks_apart(db):
    avon = _challenge("avon")
    cleveland = _challenge("cleveland", start=START + datetime.timedelta(weeks=4), end=END + datetime.timedelta(weeks=4))
    pool = _pool()
    pool["officers"][2].delete()  # one of each kind, and two officers: each must go to both

    plan = _plan(avon, cleveland)

    assert plan.unfilled == []
    assert set(_planned_ids(plan, avon)) == set(_planned_ids(plan, cleveland))


def test_plan_not_a_peer_on_another_team_at_the_same_time(db):
    avon = _challenge("avon")
    pool = _pool()
    spare = _manager("Sam Spare")
    TeamMembershipFactory(challenge=_challenge("kent"), peer=pool["manager"], role=R.CHALLENGE_MANAGER, holds_visit=True)

    plan = _plan(avon)

    assert (R.CHALLENGE_MANAGER, "suggested", "Sam Spare") in _roster(plan, avon)
    assert spare.pk in _planned_ids(plan, avon)


# Pins and bans ----------------------------------------------------------------------------------


def test_plan_keeps_a_pinned_peer(adviser):
    avon = _challenge(focus_areas=["prevention"])
    _pool()
    near = _peer("Dev Patel", home="gloucestershire")  # from Avon's region: the plan would not choose him
    TeamPin.objects.create(challenge=avon, peer=near, role=R.OFFICER_PEER, pinned_by=adviser)

    plan = _plan(avon)

    roster = _roster(plan, avon)
    assert (R.OFFICER_PEER, "pinned", "Dev Patel") in roster
    assert [role for role, _, _ in roster].count(R.OFFICER_PEER) == 2
    assert plan.unfilled == []


def test_plan_keeps_a_pinned_peer_off_an_overlapping_challenge(adviser):
    """A peer pinned to one visit is busy that week for the rest of the plan."""
    avon = _challenge("avon", focus_areas=["prevention"])
    cleveland = _challenge("cleveland", focus_areas=["prevention"], start=START + datetime.timedelta(days=1), end=END + datetime.timedelta(days=1))
    _pool(" A", home="kent")
    _pool(" B", home="essex")
    star = _peer("Star Officer", home="surrey", specialisms=["prevention"])
    TeamPin.objects.create(challenge=cleveland, peer=star, role=R.OFFICER_PEER, pinned_by=adviser)

    plan = _plan(avon, cleveland)

    assert (R.OFFICER_PEER, "pinned", "Star Officer") in _roster(plan, cleveland)
    assert star.pk not in _planned_ids(plan, avon)
    assert plan.unfilled == []


def test_plan_leaves_out_a_banned_peer(adviser):
    avon = _challenge(focus_areas=["prevention"])
    _pool()
    star = _peer("Star Officer", home="surrey", specialisms=["prevention"])

    assert star.pk in _planned_ids(_plan(avon), avon)

    TeamBan.objects.create(challenge=avon, peer=star, banned_by=adviser, reason="Reviewed Avon last year")
    plan = _plan(avon)

    assert star.pk not in _planned_ids(plan, avon)
    assert star.pk not in {c.peer.id for place in _of(plan, avon).places for c in place.alternates}
    assert plan.unfilled == []


# Re-planning ------------------------------------------------------------------------------------


def _team_as_it_stands(avon, pool):
    """A full team: accepted, invited and proposed places, and Carl Officer's declined one."""
    officers = pool["officers"]
    return [
        TeamMembershipFactory(challenge=avon, peer=pool["lead"], role=R.LEAD_PEER, holds_visit=True),
        TeamMembershipFactory(challenge=avon, peer=pool["member"], role=R.MEMBER_PEER, state=PlaceState.INVITED, holds_visit=True),
        TeamMembershipFactory(challenge=avon, peer=officers[0], role=R.OFFICER_PEER, holds_visit=True),
        TeamMembershipFactory(
            challenge=avon, peer=officers[1], role=R.OFFICER_PEER, state=PlaceState.DECLINED, decline_reason="Ill"
        ),
        TeamMembershipFactory(challenge=avon, peer=pool["beyond"], role=R.BEYOND_SECTOR, state=PlaceState.PROPOSED, holds_visit=True),
        TeamMembershipFactory(challenge=avon, peer=pool["manager"], role=R.CHALLENGE_MANAGER, holds_visit=True),
    ]


def test_replan_after_a_decline_fills_only_the_empty_place(db):
    avon = _challenge(focus_areas=["prevention"])
    pool = _pool()
    _peer("Star Officer", home="surrey", specialisms=["prevention"])
    _beyond("Better Beyond", specialisms=["prevention"])  # better than the proposed one, who stays
    _team_as_it_stands(avon, pool)

    plan = _plan(avon)

    assert _roster(plan, avon) == [
        (R.LEAD_PEER, PlaceState.ACCEPTED, "Alan Lead"),
        (R.MEMBER_PEER, PlaceState.INVITED, "Cllr Mary Jones"),
        (R.OFFICER_PEER, PlaceState.ACCEPTED, "Bea Officer"),
        (R.OFFICER_PEER, "suggested", "Star Officer"),
        (R.BEYOND_SECTOR, PlaceState.PROPOSED, "Nia Beyond"),
        (R.CHALLENGE_MANAGER, PlaceState.ACCEPTED, "Grace Okafor"),
    ]
    (new,) = plan.suggested
    assert new.change == "New: in place of Carl Officer, who declined"
    assert [place.change for place in _of(plan, avon).places if place.state != "suggested"] == [""] * 5
    assert "Carl Officer" not in {c.peer.name for c in new.alternates}


def test_replan_with_moves_allowed_may_move_a_proposed_place(db):
    avon = _challenge(focus_areas=["prevention"])
    pool = _pool()
    _team_as_it_stands(avon, pool)
    _beyond("Better Beyond", specialisms=["prevention"])

    plan = _plan(avon, allow_moves=True)

    roster = _roster(plan, avon)
    assert (R.BEYOND_SECTOR, "suggested", "Better Beyond") in roster
    assert "Nia Beyond" not in [name for _, _, name in roster]
    beyond = next(p for p in plan.suggested if p.role == R.BEYOND_SECTOR)
    assert beyond.change == "New: in place of Nia Beyond, proposed before"
    # The invited and accepted places are not proposals: they stay.
    assert (R.MEMBER_PEER, PlaceState.INVITED, "Cllr Mary Jones") in roster
    assert (R.LEAD_PEER, PlaceState.ACCEPTED, "Alan Lead") in roster


def test_replan_with_moves_allowed_keeps_a_proposal_that_is_still_the_best(db):
    avon = _challenge(focus_areas=["prevention"])
    pool = _pool()
    pool["beyond"].specialisms.set(Specialism.objects.filter(code="prevention"))
    _team_as_it_stands(avon, pool)
    _beyond("Other Beyond")

    plan = _plan(avon, allow_moves=True)

    beyond = next(p for p in _of(plan, avon).places if p.role == R.BEYOND_SECTOR)
    assert (beyond.state, beyond.peer_name, beyond.change) == ("suggested", "Nia Beyond", "")


def test_replan_with_moves_allowed_names_whom_each_new_peer_replaces(db):
    avon = _challenge(focus_areas=["prevention"])
    pool = _pool()
    TeamMembershipFactory(challenge=avon, peer=pool["officers"][0], role=R.OFFICER_PEER, state=PlaceState.PROPOSED)
    TeamMembershipFactory(challenge=avon, peer=pool["officers"][1], role=R.OFFICER_PEER, state=PlaceState.PROPOSED)
    _peer("Star Officer", home="surrey", specialisms=["prevention"])
    _peer("Nova Officer", home="surrey", specialisms=["prevention"])

    plan = _plan(avon, allow_moves=True)

    officers = [(p.peer_name, p.change) for p in plan.suggested if p.role == R.OFFICER_PEER]
    assert officers == [
        ("Nova Officer", "New: in place of Bea Officer, proposed before"),
        ("Star Officer", "New: in place of Carl Officer, proposed before"),
    ]


# When a place cannot be filled --------------------------------------------------------------------


def test_plan_names_the_place_no_one_can_fill_and_why(db):
    """Only one challenge manager for two visits in the same week: the plan gives her to Essex
    (she knows its focus) and says why Kent's place stays empty, and what would fill it."""
    kent = _challenge("kent")
    essex = _challenge("essex", focus_areas=["prevention"])
    _pool(" A", home="merseyside")
    pool_b = _pool(" B", home="cleveland")
    pool_b["manager"].delete()
    Peer.objects.get(full_name="Grace Okafor A").specialisms.set(Specialism.objects.filter(code="prevention"))

    plan = _plan(kent, essex)

    (unfilled,) = plan.unfilled
    assert (unfilled.challenge_id, unfilled.role, unfilled.candidate, unfilled.peer_name) == (kent.pk, R.CHALLENGE_MANAGER, None, "")
    assert unfilled.explanation == (
        "No LGA challenge manager is free for both Kent and Essex in the week of 8 March 2027: "
        "1 could go (Grace Okafor A), and the plan needs them there"
    )
    assert unfilled.smallest_change == "Move one of these visits to another week, or add an LGA challenge manager to the pool"
    assert (R.CHALLENGE_MANAGER, "suggested", "Grace Okafor A") in _roster(plan, essex)
    assert _of(plan, kent).unfilled == [unfilled]
    assert plan.status == "Optimal"


def test_plan_no_one_of_the_kind_in_the_pool(db):
    avon = _challenge()
    pool = _pool()
    pool["beyond"].delete()

    (unfilled,) = _plan(avon).unfilled

    assert (unfilled.role, unfilled.explanation, unfilled.smallest_change) == (
        R.BEYOND_SECTOR,
        "No active peer from beyond the sector is in the pool for Avon in the week of 8 March 2027",
        "Add a peer from beyond the sector to the pool",
    )


def test_plan_the_only_one_busy_elsewhere_that_week(db):
    avon = _challenge()
    pool = _pool()
    TeamMembershipFactory(challenge=_challenge("kent"), peer=pool["beyond"], role=R.BEYOND_SECTOR, holds_visit=True)

    (unfilled,) = _plan(avon).unfilled

    assert (unfilled.explanation, unfilled.smallest_change) == (
        "No peer from beyond the sector is free for Avon in the week of 8 March 2027: of 1 active, 1 is on another team at the same time",
        "Move Avon's visit to another week: 1 peer from beyond the sector is on another team then",
    )


def test_plan_every_member_peer_excluded_each_reason_counted(adviser):
    avon = _challenge()
    pool = _pool()
    pool["member"].delete()
    _member("Cllr Avon One", home="avon")
    _member("Cllr Avon Two", home="avon")
    banned = _member("Cllr Banned", home="kent")
    TeamBan.objects.create(challenge=avon, peer=banned, banned_by=adviser)

    (unfilled,) = _plan(avon).unfilled

    assert (unfilled.role, unfilled.explanation, unfilled.smallest_change) == (
        R.MEMBER_PEER,
        "No member peer is free for Avon in the week of 8 March 2027: of 3 active, 2 belong to the authority, 1 was ruled out",
        "Lift the ban on Cllr Banned for Avon",
    )


def test_plan_the_only_one_needed_in_another_place_of_the_team(db):
    """The pool's one accredited officer leads; no other officer is left for the officer places."""
    avon = _challenge()
    pool = _pool()
    for officer in pool["officers"][1:]:
        officer.delete()

    plan = _plan(avon)

    unfilled = plan.unfilled
    assert [(p.role, p.explanation, p.smallest_change) for p in unfilled] == [
        (
            R.OFFICER_PEER,
            "The 2 officer peers who could go to Avon (Alan Lead, Bea Officer) are needed for other places",
            "Add an officer peer to the pool",
        ),
    ]


# Balance and expertise ----------------------------------------------------------------------------


def test_plan_prefers_a_member_peer_of_another_group(db):
    avon = _challenge(challenge_type=ChallengeType.LEADERSHIP_GOVERNANCE, focus_areas=["governance"])
    lead = _member("Cllr Ann Price", group=PoliticalGroup.LABOUR, can_lead=True)
    TeamMembershipFactory(challenge=avon, peer=lead, role=R.LEAD_PEER, holds_visit=True)
    _member("Cllr Same Group", group=PoliticalGroup.LABOUR, specialisms=["governance"])
    _member("Cllr Other Group", group=PoliticalGroup.CONSERVATIVE)
    _peer("Bea Officer")
    _manager("Grace Okafor")

    plan = _plan(avon)

    (member,) = [p for p in plan.suggested if p.role == R.MEMBER_PEER]
    assert member.peer_name == "Cllr Other Group"
    assert "Conservative: balances the team's member peers" in member.candidate.reasons
    assert plan.unfilled == []


def test_plan_leadership_and_governance_led_by_a_member_peer(db):
    avon = _challenge(challenge_type=ChallengeType.LEADERSHIP_GOVERNANCE)
    _peer("Alan Lead", can_lead=True, specialisms=["governance"])
    _member("Cllr Ann Price", can_lead=True)
    _member("Cllr Bob Stone", group=PoliticalGroup.CONSERVATIVE)
    _peer("Bea Officer")
    _manager("Grace Okafor")

    plan = _plan(avon)

    lead = next(p for p in plan.suggested if p.role == R.LEAD_PEER)
    assert lead.peer_name == "Cllr Ann Price"


def test_plan_gives_a_deep_dive_a_theme_specialist(db):
    avon = _challenge(challenge_type=ChallengeType.DEEP_DIVE, theme="Procurement")
    _peer("Alan Lead", can_lead=True)
    _peer("Bea Officer")
    _peer("Carl Officer")
    buyer = _peer("Pat Buyer", specialisms=["procurement"])
    # Pat has been busy this year: three places in the last twelve months.
    for weeks in (10, 20, 30):
        past = _challenge("kent", start=TODAY - datetime.timedelta(weeks=weeks), end=TODAY - datetime.timedelta(weeks=weeks, days=-3),
                          status=ChallengeStatus.CLOSED)
        TeamMembershipFactory(challenge=past, peer=buyer)
    _manager("Grace Okafor")

    plan = _plan(avon)

    pat = next(p for p in plan.suggested if p.peer_name == "Pat Buyer")
    assert pat.role in (R.OFFICER_PEER, R.LEAD_PEER)
    assert pat.candidate.reasons[:2] == ["Knows the theme, Procurement", "3 places in the last 12 months"]
    assert plan.unfilled == []


# Alternates ---------------------------------------------------------------------------------------


def test_plan_offers_three_alternates_not_planned_on_that_challenge(db):
    avon = _challenge("avon")
    cleveland = _challenge("cleveland", start=START + datetime.timedelta(days=2), end=END + datetime.timedelta(days=2))
    _pool(" A", home="kent")
    _pool(" B", home="essex")
    for n in range(4):
        _peer(f"Spare Officer {n}", home="surrey")

    plan = _plan(avon, cleveland)

    assert plan.unfilled == []
    for challenge in (avon, cleveland):
        planned = set(_planned_ids(plan, challenge))
        elsewhere = set(_planned_ids(plan, cleveland if challenge == avon else avon))
        for place in _of(plan, challenge).suggested:
            ids = [c.peer.id for c in place.alternates]
            assert len(ids) == len(set(ids)) == min(3, len(ids))
            assert not set(ids) & planned
            assert not set(ids) & elsewhere  # busy on the other visit that week
            assert all(c.role == place.role for c in place.alternates)
        officer_place = next(p for p in _of(plan, challenge).suggested if p.role == R.OFFICER_PEER)
        assert len(officer_place.alternates) == 3
