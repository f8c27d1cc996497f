"""Every hard and soft rule for a place on a team (challenges/teams/conflicts.py), each with its
exact sentence: through the rule functions, on the facts the lists and the planner read, and
through team_member_add, which refuses a hard conflict on "peer" and takes a soft one only
with a reason on "soft_conflict_reason"."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority, Peer
from authorities.tests.factories import PeerFactory, TrainingRecordFactory, UnavailabilityFactory
from challenges.choices import ChallengeStatus, ChallengeType, PlaceState, TeamRole
from challenges.models import TeamBan
from challenges.selectors.team import team_suggestions
from challenges.services.team import team_ban, team_member_add, team_place_withdraw
from challenges.teams.conflicts import (
    first_hard_conflict,
    hard_banned,
    hard_conflicts,
    hard_inactive,
    hard_left_authority,
    hard_on_another_team,
    hard_on_this_team,
    hard_own_authority,
    hard_role_fit,
    soft_conflicts,
    soft_over_capacity,
    soft_recent_challenge_of_authority,
    soft_same_region,
    soft_training_expired,
    soft_unavailable,
)
from challenges.teams.facts import challenge_facts, peer_facts
from peersupport.formats import long_date

from .factories import ChallengeFactory, TeamMembershipFactory

pytestmark = pytest.mark.integration

# The visit every test staffs: Avon (South West), Monday 8 to Thursday 11 March 2027. No rule
# here depends on the visit being in the future, so the dates can be fixed and the sentences exact.
START = datetime.date(2027, 3, 8)
END = datetime.date(2027, 3, 11)
OFFICER = TeamRole.OFFICER_PEER


def _authority(slug):
    return Authority.objects.get(slug=slug)


def _officer(name="Priya Shah", home="kent", **fields):
    """An officer peer from Kent (South East): no conflict with Avon unless a test adds one."""
    return PeerFactory(full_name=name, home_authority=_authority(home), **fields)


def _member(name="Cllr Owen Hughes", home="kent", group=PoliticalGroup.LABOUR, **fields):
    return PeerFactory(full_name=name, peer_type=PeerType.MEMBER, political_group=group, home_authority=_authority(home), **fields)


def _manager(name="Grace Okafor", **fields):
    return PeerFactory(full_name=name, peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None, **fields)


@pytest.fixture
def visit(avon):
    return ChallengeFactory(authority=avon, start_date=START, end_date=END)


def _facts(challenge, peer, *, whole_pool=False):
    """The challenge and the peer as the rules see them: read for the one peer, as the service
    does, or with the whole pool, as the lists and the planner do."""
    facts = challenge_facts(challenge_ids=[challenge.pk])[challenge.pk]
    peers = peer_facts(challenges=[facts]) if whole_pool else peer_facts(challenges=[facts], peer_ids=[peer.pk])
    return facts, peers[peer.pk]


def _hard(challenge, peer, role=OFFICER, **kwargs):
    facts, peer_fact = _facts(challenge, peer, **kwargs)
    return hard_conflicts(peer_fact, facts, role)


def _soft(challenge, peer, role=OFFICER, **kwargs):
    facts, peer_fact = _facts(challenge, peer, **kwargs)
    return soft_conflicts(peer_fact, facts, role)


def _add_refused(by, challenge, peer, role=OFFICER, **kwargs):
    """team_member_add's refusal, by field; nothing about the team has changed."""
    before = list(challenge.team.values_list("pk", "peer_id", "role", "state").order_by("pk"))
    with pytest.raises(ValidationError) as error:
        team_member_add(by=by, challenge=challenge, peer=peer, role=role, **kwargs)
    assert list(challenge.team.values_list("pk", "peer_id", "role", "state").order_by("pk")) == before
    return error.value.message_dict


def _other_visit(slug="kent", start=START, end=END, **fields):
    return ChallengeFactory(authority=_authority(slug), start_date=start, end_date=end, **fields)


# Hard: the peer's own authority -----------------------------------------------------------


def test_hard_own_authority(adviser, visit):
    peer = _officer("Tom Clarke", home="avon")
    sentence = "Tom Clarke belongs to Avon, the authority challenged"

    assert _hard(visit, peer) == [sentence]
    assert _hard(visit, peer, whole_pool=True) == [sentence]
    assert hard_own_authority(*reversed(_facts(visit, peer))) == sentence
    assert _add_refused(adviser, visit, peer) == {"peer": [sentence]}


def test_hard_own_authority_not_for_another_authority(adviser, visit):
    peer = _officer("Tom Clarke", home="kent")

    assert hard_own_authority(*reversed(_facts(visit, peer))) is None
    assert _hard(visit, peer) == []


# Hard: an authority the peer left less than two years ago --------------------------------


def _move(peer, slug):
    """The peer moves to another authority: saved as any change is, so that the peer's history
    (django-simple-history) records the version before and the version after."""
    peer.home_authority = _authority(slug)
    peer.save()


def _date_history(peer, *moments):
    """Give the peer's versions, oldest first, the moments they were recorded."""
    versions = list(Peer.history.filter(id=peer.pk).order_by("history_date", "history_id"))
    assert len(versions) == len(moments)
    for version, moment in zip(versions, moments):
        Peer.history.filter(history_id=version.history_id).update(history_date=moment)


@pytest.mark.parametrize("whole_pool", [False, True], ids=["one peer", "whole pool"])
def test_hard_left_authority_today(adviser, visit, whole_pool):
    peer = _officer("Ann Lee", home="avon")
    _move(peer, "kent")
    sentence = f"Ann Lee left Avon on {long_date(timezone.localdate())}, less than 2 years before the visit"

    assert Peer.history.filter(id=peer.pk).count() == 2
    assert _hard(visit, peer, whole_pool=whole_pool) == [sentence]
    assert hard_left_authority(*reversed(_facts(visit, peer, whole_pool=whole_pool))) == sentence
    assert _add_refused(adviser, visit, peer) == {"peer": [sentence]}


@pytest.mark.parametrize("whole_pool", [False, True], ids=["one peer", "whole pool"])
def test_hard_left_authority_a_year_ago_after_years_there(adviser, visit, whole_pool):
    """The version in force two years ago is older still: the pool's read finds it all the same."""
    peer = _officer("Ann Lee", home="avon")
    _move(peer, "kent")
    now = timezone.now()
    _date_history(peer, now - datetime.timedelta(days=5 * 365), now - datetime.timedelta(days=365))
    left_on = timezone.localtime(now - datetime.timedelta(days=365)).date()
    sentence = f"Ann Lee left Avon on {long_date(left_on)}, less than 2 years before the visit"

    assert _hard(visit, peer, whole_pool=whole_pool) == [sentence]
    assert _add_refused(adviser, visit, peer) == {"peer": [sentence]}


@pytest.mark.parametrize("whole_pool", [False, True], ids=["one peer", "whole pool"])
def test_hard_left_authority_three_years_ago_allowed(adviser, visit, whole_pool):
    peer = _officer("Ann Lee", home="avon")
    _move(peer, "kent")
    now = timezone.now()
    _date_history(peer, now - datetime.timedelta(days=6 * 365), now - datetime.timedelta(days=3 * 365))

    assert _hard(visit, peer, whole_pool=whole_pool) == []
    assert hard_left_authority(*reversed(_facts(visit, peer, whole_pool=whole_pool))) is None
    place = team_member_add(by=adviser, challenge=visit, peer=peer, role=OFFICER)
    assert (place.state, place.soft_conflicts) == (PlaceState.PROPOSED, "")


def test_hard_left_authority_only_the_one_left(adviser, visit):
    """A peer who left Gloucestershire for Kent may challenge Avon (but is from its region, a
    soft conflict no longer: they are in Kent now)."""
    peer = _officer("Ann Lee", home="gloucestershire")
    _move(peer, "kent")

    assert _hard(visit, peer) == []
    assert _soft(visit, peer) == []


def test_hard_left_authority_and_came_back_is_own_authority(adviser, visit):
    peer = _officer("Ann Lee", home="avon")
    _move(peer, "kent")
    _move(peer, "avon")

    assert _hard(visit, peer) == ["Ann Lee belongs to Avon, the authority challenged"]


# Hard: an inactive or retired peer --------------------------------------------------------


def test_hard_inactive_with_the_reason(adviser, visit):
    peer = _officer("Susan Ward", is_active=False, retired_reason="Retired from the service in 2025")
    sentence = "Susan Ward is no longer active in the peer pool (Retired from the service in 2025)"

    assert _hard(visit, peer) == [sentence]
    assert hard_inactive(*reversed(_facts(visit, peer))) == sentence
    assert _add_refused(adviser, visit, peer) == {"peer": [sentence]}


def test_hard_inactive_never_offered_and_explained(visit):
    _officer("Susan Ward", is_active=False, retired_reason="Retired")
    active = _officer("Susan Webb")

    found = team_suggestions(challenge=visit, role=OFFICER, search="susan")

    assert [c.peer.name for c in found["candidates"]] == ["Susan Webb"]
    assert [(peer.name, reasons) for peer, reasons in found["why_not"]] == [
        ("Susan Ward", ["Susan Ward is no longer active in the peer pool (Retired)"])
    ]
    assert active.pk in {c.peer.id for c in found["found"]}


# Hard: on another team whose visit overlaps ----------------------------------------------


@pytest.mark.parametrize("state", [PlaceState.PROPOSED, PlaceState.INVITED, PlaceState.ACCEPTED])
def test_hard_on_another_team_at_the_same_time(adviser, visit, state):
    peer = _officer("Li Wei")
    kent = _other_visit("kent", START + datetime.timedelta(days=3), END + datetime.timedelta(days=4))
    TeamMembershipFactory(challenge=kent, peer=peer, state=state, holds_visit=True)
    sentence = "Li Wei is on the team of Kent, on site from 11 March 2027 to 15 March 2027, at the same time"

    assert _hard(visit, peer) == [sentence]
    assert _hard(visit, peer, whole_pool=True) == [sentence]
    assert hard_on_another_team(*reversed(_facts(visit, peer))) == sentence
    assert _add_refused(adviser, visit, peer) == {"peer": [sentence]}


@pytest.mark.parametrize("state", [PlaceState.DECLINED, PlaceState.WITHDRAWN])
def test_hard_on_another_team_not_once_the_place_is_given_up(adviser, visit, state):
    peer = _officer("Li Wei")
    kent = _other_visit("kent")
    TeamMembershipFactory(challenge=kent, peer=peer, state=state, decline_reason="Away" if state == PlaceState.DECLINED else "")

    assert _hard(visit, peer) == []
    assert team_member_add(by=adviser, challenge=visit, peer=peer, role=OFFICER).state == PlaceState.PROPOSED


def test_hard_on_another_team_not_the_week_after(adviser, visit):
    peer = _officer("Li Wei")
    kent = _other_visit("kent", START + datetime.timedelta(days=7), END + datetime.timedelta(days=7))
    TeamMembershipFactory(challenge=kent, peer=peer, holds_visit=True)

    assert _hard(visit, peer) == []
    assert team_member_add(by=adviser, challenge=visit, peer=peer, role=OFFICER).state == PlaceState.PROPOSED


def test_hard_on_another_team_its_second_phase_overlapping(adviser, visit):
    """A visit in two phases holds its dates from the first day of the first to the last of the second."""
    peer = _officer("Li Wei")
    kent = _other_visit(
        "kent", datetime.date(2027, 2, 22), datetime.date(2027, 2, 24),
        second_start_date=datetime.date(2027, 3, 9), second_end_date=datetime.date(2027, 3, 10),
    )
    TeamMembershipFactory(challenge=kent, peer=peer, holds_visit=True)

    assert _add_refused(adviser, visit, peer) == {
        "peer": ["Li Wei is on the team of Kent, on site from 22 February 2027 to 10 March 2027, at the same time"]
    }


def test_hard_on_another_team_not_a_cancelled_one(adviser, visit):
    peer = _officer("Li Wei")
    kent = _other_visit("kent", status=ChallengeStatus.CANCELLED, status_reason="Industrial action")
    TeamMembershipFactory(challenge=kent, peer=peer)

    assert _hard(visit, peer) == []


# Hard: ruled out for the challenge -------------------------------------------------------


def test_hard_banned_with_the_reason(adviser, visit):
    peer = _officer("Mark Evans")
    team_ban(by=adviser, challenge=visit, peer=peer, reason="Worked with the chief fire officer last year")
    sentence = "Mark Evans was ruled out for this challenge: Worked with the chief fire officer last year"

    assert _hard(visit, peer) == [sentence]
    assert hard_banned(*reversed(_facts(visit, peer))) == sentence
    assert _add_refused(adviser, visit, peer) == {"peer": [sentence]}


def test_hard_banned_without_a_reason(adviser, visit):
    peer = _officer("Mark Evans")
    TeamBan.objects.create(challenge=visit, peer=peer, banned_by=adviser)

    assert _add_refused(adviser, visit, peer) == {"peer": ["Mark Evans was ruled out for this challenge"]}


def test_hard_banned_only_for_that_challenge(adviser, visit):
    peer = _officer("Mark Evans")
    TeamBan.objects.create(challenge=_other_visit("kent", datetime.date(2027, 5, 3), datetime.date(2027, 5, 6)), peer=peer, banned_by=adviser)
    TeamBan.objects.create(challenge=visit, peer=_officer("Someone Else"), banned_by=adviser)

    assert _hard(visit, peer) == []


# Hard: the role -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "role", "sentence"),
    [
        (_officer, TeamRole.MEMBER_PEER, "Priya Shah is an officer peer, so cannot be a member peer"),
        (_officer, TeamRole.CHALLENGE_MANAGER, "Priya Shah is an officer peer, so cannot be an LGA challenge manager"),
        (_officer, TeamRole.BEYOND_SECTOR, "Priya Shah is an officer peer, so cannot be a peer from beyond the sector"),
        (_member, TeamRole.OFFICER_PEER, "Cllr Owen Hughes is a member peer, so cannot be an officer peer"),
        (_manager, TeamRole.OFFICER_PEER, "Grace Okafor is an LGA challenge manager, so cannot be an officer peer"),
        (_manager, TeamRole.LEAD_PEER, "Grace Okafor is an LGA challenge manager, so cannot be a lead peer"),
        (_officer, TeamRole.LEAD_PEER, "Priya Shah is not accredited to lead a team"),
    ],
)
def test_hard_role_fit(adviser, visit, make, role, sentence):
    peer = make()

    assert _hard(visit, peer, role) == [sentence]
    assert hard_role_fit(*reversed(_facts(visit, peer)), role) == sentence
    assert _add_refused(adviser, visit, peer, role) == {"peer": [sentence]}


@pytest.mark.parametrize(
    ("make", "role"),
    [
        (lambda: _officer(can_lead=True), TeamRole.LEAD_PEER),
        (lambda: _member(can_lead=True), TeamRole.LEAD_PEER),
        (_member, TeamRole.MEMBER_PEER),
        (_officer, TeamRole.OFFICER_PEER),
        (_manager, TeamRole.CHALLENGE_MANAGER),
        (lambda: PeerFactory(peer_type=PeerType.BEYOND_SECTOR, home_authority=None, home_organisation="NHS England"), TeamRole.BEYOND_SECTOR),
        (_officer, TeamRole.SHADOW),
        (_member, TeamRole.SHADOW),
    ],
)
def test_hard_role_fit_each_role_its_peers(adviser, visit, make, role):
    peer = make()

    assert _hard(visit, peer, role) == []
    assert team_member_add(by=adviser, challenge=visit, peer=peer, role=role).role == role


def test_hard_role_fit_leadership_and_governance_led_by_a_member_peer(adviser, avon):
    challenge = ChallengeFactory(authority=avon, challenge_type=ChallengeType.LEADERSHIP_GOVERNANCE, start_date=START, end_date=END)
    officer = _officer(can_lead=True)

    assert _add_refused(adviser, challenge, officer, TeamRole.LEAD_PEER) == {
        "peer": ["Priya Shah is not a member peer: a leadership and governance challenge is led by one"]
    }
    assert team_member_add(by=adviser, challenge=challenge, peer=_member(can_lead=True), role=TeamRole.LEAD_PEER).role == TeamRole.LEAD_PEER


# Hard: the team has its lead already ----------------------------------------------------------


@pytest.mark.parametrize("state", [PlaceState.PROPOSED, PlaceState.INVITED, PlaceState.ACCEPTED])
def test_hard_lead_taken(adviser, visit, state):
    TeamMembershipFactory(challenge=visit, peer=_officer("Alan Lead", can_lead=True), role=TeamRole.LEAD_PEER, state=state)
    peer = _officer(can_lead=True)

    assert _hard(visit, peer, TeamRole.LEAD_PEER) == ["This team already has a lead peer"]
    assert _add_refused(adviser, visit, peer, TeamRole.LEAD_PEER) == {"peer": ["This team already has a lead peer"]}
    assert team_member_add(by=adviser, challenge=visit, peer=peer, role=OFFICER).role == OFFICER


@pytest.mark.parametrize("state", [PlaceState.DECLINED, PlaceState.WITHDRAWN])
def test_hard_lead_taken_not_once_the_lead_gave_up_the_place(adviser, visit, state):
    TeamMembershipFactory(
        challenge=visit, peer=_officer("Alan Lead", can_lead=True), role=TeamRole.LEAD_PEER, state=state,
        decline_reason="Ill" if state == PlaceState.DECLINED else "",
    )
    peer = _officer(can_lead=True)

    assert _hard(visit, peer, TeamRole.LEAD_PEER) == []
    assert team_member_add(by=adviser, challenge=visit, peer=peer, role=TeamRole.LEAD_PEER).role == TeamRole.LEAD_PEER


# Hard: on this team already, or declined it -----------------------------------------------


@pytest.mark.parametrize(
    ("role", "sentence"),
    [
        (TeamRole.OFFICER_PEER, "Priya Shah is already on this team as officer peer"),
        (TeamRole.SHADOW, "Priya Shah is already on this team as shadow peer"),
    ],
)
@pytest.mark.parametrize("state", [PlaceState.PROPOSED, PlaceState.INVITED, PlaceState.ACCEPTED])
def test_hard_on_this_team_already(adviser, visit, role, sentence, state):
    peer = _officer()
    TeamMembershipFactory(challenge=visit, peer=peer, role=role, state=state)

    assert _hard(visit, peer) == [sentence]
    assert hard_on_this_team(*reversed(_facts(visit, peer))) == sentence
    assert _add_refused(adviser, visit, peer) == {"peer": [sentence]}


def test_hard_on_this_team_as_challenge_manager(adviser, visit):
    manager = _manager()
    TeamMembershipFactory(challenge=visit, peer=manager, role=TeamRole.CHALLENGE_MANAGER)

    assert _add_refused(adviser, visit, manager, TeamRole.CHALLENGE_MANAGER) == {
        "peer": ["Grace Okafor is already on this team as LGA challenge manager"]
    }


def test_hard_on_this_team_declined_is_not_asked_twice(adviser, visit):
    peer = _officer()
    TeamMembershipFactory(challenge=visit, peer=peer, state=PlaceState.DECLINED, decline_reason="Away on a course that week")
    sentence = "Priya Shah declined a place on this team: Away on a course that week"

    assert _hard(visit, peer) == [sentence]
    assert _add_refused(adviser, visit, peer) == {"peer": [sentence]}


def test_hard_on_this_team_withdrawn_can_be_proposed_again(adviser, visit):
    peer = _officer()
    place = team_member_add(by=adviser, challenge=visit, peer=peer, role=OFFICER)
    team_place_withdraw(by=adviser, place=place)

    assert _hard(visit, peer) == []
    again = team_member_add(by=adviser, challenge=visit, peer=peer, role=TeamRole.SHADOW)
    assert (again.pk, again.state, again.role, again.on_site_from, again.on_site_to) == (
        place.pk, PlaceState.PROPOSED, TeamRole.SHADOW, START, END
    )


# Every hard rule at once, in order -----------------------------------------------------------


def test_hard_conflicts_every_one_named_in_order(adviser, visit):
    peer = _officer("Susan Ward", home="avon", is_active=False, retired_reason="Retired")
    TeamBan.objects.create(challenge=visit, peer=peer, banned_by=adviser)
    expected = [
        "Susan Ward is no longer active in the peer pool (Retired)",
        "Susan Ward belongs to Avon, the authority challenged",
        "Susan Ward was ruled out for this challenge",
        "Susan Ward is an officer peer, so cannot be a member peer",
    ]

    assert _hard(visit, peer, TeamRole.MEMBER_PEER) == expected
    assert first_hard_conflict(*reversed(_facts(visit, peer)), TeamRole.MEMBER_PEER) == ("inactive", expected[0])
    assert _add_refused(adviser, visit, peer, TeamRole.MEMBER_PEER) == {"peer": expected}


def test_hard_conflict_never_offered_in_the_list(adviser, visit):
    """The add-to-team list offers neither the authority's own peers nor any other with a hard
    conflict; the one with a soft conflict is offered, with it."""
    _officer("Tom Clarke", home="avon")
    _officer("Priya Shah", home="kent")
    _officer("Dev Patel", home="gloucestershire")

    found = team_suggestions(challenge=visit, role=OFFICER, search="")

    assert [(c.peer.name, c.soft) for c in found["candidates"]] == [
        ("Priya Shah", []),
        ("Dev Patel", ["From the same region as the authority (South West)"]),
    ]


# Soft conflicts -----------------------------------------------------------------------------


def _soft_refused_and_accepted(adviser, visit, peer, sentences, role=OFFICER):
    """Without a reason the place is refused, naming every soft conflict mid-sentence; with one it
    is made, keeping the conflicts and the reason."""
    joined = "; ".join(sentence[0].lower() + sentence[1:] for sentence in sentences)
    assert _add_refused(adviser, visit, peer, role) == {
        "soft_conflict_reason": [f"Enter why {peer.full_name} should join the team despite: {joined}"]
    }
    assert _add_refused(adviser, visit, peer, role, soft_conflict_reason="   ") == {
        "soft_conflict_reason": [f"Enter why {peer.full_name} should join the team despite: {joined}"]
    }
    place = team_member_add(
        by=adviser, challenge=visit, peer=peer, role=role, soft_conflict_reason="  The only one who knows control rooms  "
    )
    place.refresh_from_db()
    assert (place.state, place.soft_conflicts, place.soft_conflict_reason) == (
        PlaceState.PROPOSED, "\n".join(sentences), "The only one who knows control rooms"
    )


def test_soft_same_region(adviser, visit):
    peer = _officer("Dev Patel", home="gloucestershire")
    sentence = "From the same region as the authority (South West)"

    assert _hard(visit, peer) == []
    assert _soft(visit, peer) == [sentence]
    assert soft_same_region(*reversed(_facts(visit, peer))) == sentence
    _soft_refused_and_accepted(adviser, visit, peer, [sentence])


def test_soft_same_region_not_for_a_challenge_manager(adviser, visit):
    """A challenge manager belongs to the LGA, in no region."""
    assert _soft(visit, _manager(), TeamRole.CHALLENGE_MANAGER) == []


def _past_avon_challenge(start, peer, state=PlaceState.ACCEPTED, **fields):
    past = ChallengeFactory(
        authority=_authority("avon"), start_date=start, end_date=start + datetime.timedelta(days=3),
        status=ChallengeStatus.CLOSED,
    )
    TeamMembershipFactory(challenge=past, peer=peer, state=state, **fields)
    return past


def test_soft_recent_challenge_of_the_authority(adviser, visit):
    peer = _officer("Ruth Adams")
    _past_avon_challenge(datetime.date(2025, 1, 13), peer)
    sentence = "Took part in a challenge of Avon in the last 3 years (13 January 2025)"

    assert _soft(visit, peer) == [sentence]
    assert _soft(visit, peer, whole_pool=True) == [sentence]
    assert soft_recent_challenge_of_authority(*reversed(_facts(visit, peer))) == sentence
    _soft_refused_and_accepted(adviser, visit, peer, [sentence])


def test_soft_recent_challenge_of_the_authority_not_over_three_years_ago(adviser, visit):
    peer = _officer("Ruth Adams")
    _past_avon_challenge(datetime.date(2024, 3, 4), peer)

    assert _soft(visit, peer) == []
    assert team_member_add(by=adviser, challenge=visit, peer=peer, role=OFFICER).soft_conflicts == ""


def test_soft_recent_challenge_of_the_authority_not_one_they_declined(adviser, visit):
    peer = _officer("Ruth Adams")
    _past_avon_challenge(datetime.date(2025, 1, 13), peer, state=PlaceState.DECLINED, decline_reason="Ill")

    assert _soft(visit, peer) == []


def test_soft_recent_challenge_of_another_authority_is_none(adviser, visit):
    peer = _officer("Ruth Adams")
    TeamMembershipFactory(challenge=_other_visit("kent", datetime.date(2025, 1, 13), datetime.date(2025, 1, 16)), peer=peer)

    assert _soft(visit, peer) == []


def test_soft_training_expired(adviser, visit):
    peer = _officer("Sam Green")
    TrainingRecordFactory(peer=peer, completed_on=datetime.date(2022, 3, 1), expires_on=datetime.date(2025, 3, 1))
    TrainingRecordFactory(peer=peer, completed_on=datetime.date(2023, 3, 1), expires_on=datetime.date(2027, 3, 7))
    sentence = "Training expired on 7 March 2027"

    assert _soft(visit, peer) == [sentence]
    assert soft_training_expired(*reversed(_facts(visit, peer))) == sentence
    _soft_refused_and_accepted(adviser, visit, peer, [sentence])


@pytest.mark.parametrize(
    "expires_on", [datetime.date(2027, 3, 8), datetime.date(2028, 1, 1), None], ids=["on the first day", "later", "never"]
)
def test_soft_training_not_expired(adviser, visit, expires_on):
    peer = _officer("Sam Green")
    TrainingRecordFactory(peer=peer, completed_on=datetime.date(2022, 3, 1), expires_on=datetime.date(2025, 3, 1))
    TrainingRecordFactory(peer=peer, expires_on=expires_on)

    assert _soft(visit, peer) == []


def test_soft_training_none_recorded_is_no_conflict(adviser, visit):
    assert _soft(visit, _officer("Sam Green")) == []


def _kent_visit_in(start, peer):
    kent = _other_visit("kent", start, start + datetime.timedelta(days=3))
    TeamMembershipFactory(challenge=kent, peer=peer, holds_visit=True)


def test_soft_over_capacity_one(adviser, visit):
    peer = _officer("Joe Bloggs", max_challenges_per_year=1)
    _kent_visit_in(datetime.date(2027, 6, 7), peer)
    sentence = "Already on 1 team in 2027, their most is 1 a year"

    assert _soft(visit, peer) == [sentence]
    assert soft_over_capacity(*reversed(_facts(visit, peer))) == sentence
    _soft_refused_and_accepted(adviser, visit, peer, [sentence])


def test_soft_over_capacity_two(adviser, visit):
    peer = _officer("Joe Bloggs", max_challenges_per_year=2)
    _kent_visit_in(datetime.date(2027, 1, 11), peer)
    _kent_visit_in(datetime.date(2027, 6, 7), peer)
    _kent_visit_in(datetime.date(2026, 6, 8), peer)  # another year

    assert _soft(visit, peer) == ["Already on 2 teams in 2027, their most is 2 a year"]


def test_soft_over_capacity_not_below_it(adviser, visit):
    peer = _officer("Joe Bloggs", max_challenges_per_year=2)
    _kent_visit_in(datetime.date(2027, 6, 7), peer)
    _kent_visit_in(datetime.date(2026, 6, 8), peer)

    assert _soft(visit, peer) == []


def test_soft_unavailable(adviser, visit):
    peer = _officer("Kate Moss")
    UnavailabilityFactory(peer=peer, start_date=datetime.date(2027, 3, 10), end_date=datetime.date(2027, 3, 19), reason="Annual leave")
    sentence = "Unavailable from 10 March 2027 to 19 March 2027 (Annual leave)"

    assert _soft(visit, peer) == [sentence]
    assert soft_unavailable(*reversed(_facts(visit, peer))) == sentence
    _soft_refused_and_accepted(adviser, visit, peer, [sentence])


def test_soft_unavailable_without_a_reason(adviser, visit):
    peer = _officer("Kate Moss")
    UnavailabilityFactory(peer=peer, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 8), reason="")

    assert _soft(visit, peer) == ["Unavailable from 1 March 2027 to 8 March 2027"]


def test_soft_unavailable_not_the_week_before(adviser, visit):
    peer = _officer("Kate Moss")
    UnavailabilityFactory(peer=peer, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 7))

    assert _soft(visit, peer) == []


def test_soft_conflicts_every_one_at_once(adviser, visit):
    peer = _officer("Dev Patel", home="gloucestershire", max_challenges_per_year=1)
    _past_avon_challenge(datetime.date(2027, 1, 11), peer)
    TrainingRecordFactory(peer=peer, expires_on=datetime.date(2026, 12, 31))
    UnavailabilityFactory(peer=peer, start_date=datetime.date(2027, 3, 11), end_date=datetime.date(2027, 3, 11), reason="Court")
    sentences = [
        "From the same region as the authority (South West)",
        "Took part in a challenge of Avon in the last 3 years (11 January 2027)",
        "Training expired on 31 December 2026",
        "Already on 1 team in 2027, their most is 1 a year",
        "Unavailable from 11 March 2027 to 11 March 2027 (Court)",
    ]

    assert _hard(visit, peer) == []
    assert _soft(visit, peer) == sentences
    assert _soft(visit, peer, whole_pool=True) == sentences
    _soft_refused_and_accepted(adviser, visit, peer, sentences)


def test_soft_conflict_reason_not_kept_without_a_conflict(adviser, visit):
    place = team_member_add(by=adviser, challenge=visit, peer=_officer(), role=OFFICER, soft_conflict_reason="Just in case")

    place.refresh_from_db()
    assert (place.soft_conflicts, place.soft_conflict_reason) == ("", "")


def test_hard_conflict_refused_even_with_a_reason(adviser, visit):
    peer = _officer("Tom Clarke", home="avon")

    assert _add_refused(adviser, visit, peer, soft_conflict_reason="They are the best") == {
        "peer": ["Tom Clarke belongs to Avon, the authority challenged"]
    }
