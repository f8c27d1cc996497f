"""The peers' section (challenges/insight/peers.py): places given by each authority's officers
and members against challenges received, peers' load over the last 12 months, the busiest
peers and the invitations declined, checked against figures worked out by hand."""

import datetime

import pytest

from authorities.choices import PeerType, PoliticalGroup, Region
from authorities.models import Authority
from authorities.tests.factories import PeerFactory
from challenges.choices import ChallengeStatus, ChallengeType, PlaceState, TeamRole
from challenges.insight.peers import peers_section
from challenges.insight.period import InsightPeriod, YearKind
from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory

pytestmark = pytest.mark.integration

# The financial year 2026 to 2027 is running: the load is taken over the 12 months from
# 1 December 2025 to today.
TODAY = datetime.date(2026, 11, 30)
PERIOD = InsightPeriod(year=2026)
KENT = "Kent and Medway Fire and Rescue Authority"
AVON = "Avon Fire Authority"
DORSET = "Dorset Fire Authority"
CLEVELAND = "Cleveland Fire Authority"


def _authority(slug):
    return Authority.objects.get(slug=slug)


def _challenge(slug, first, last, status, **kwargs):
    return ChallengeFactory(authority=_authority(slug), status=status, start_date=first, end_date=last, **kwargs)


def _place(challenge, peer, role=TeamRole.OFFICER_PEER, state=PlaceState.ACCEPTED, **kwargs):
    return TeamMembershipFactory(challenge=challenge, peer=peer, role=role, state=state, **kwargs)


def _declined(challenge, peer, reason, answered_at, role=TeamRole.OFFICER_PEER):
    return _place(challenge, peer, role=role, state=PlaceState.DECLINED, decline_reason=reason, answered_at=answered_at)


def _utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.UTC)


@pytest.fixture
def peers(db):
    return {
        "ann": PeerFactory(full_name="Ann Archer", home_authority=_authority("kent"), max_challenges_per_year=2),
        "ben": PeerFactory(full_name="Ben Brook", home_authority=_authority("kent"), peer_type=PeerType.MEMBER,
                           political_group=PoliticalGroup.LABOUR, max_challenges_per_year=2),
        "cal": PeerFactory(full_name="Cal Cole", home_authority=_authority("avon"), max_challenges_per_year=1, can_lead=True),
        "dee": PeerFactory(full_name="Dee Dale", peer_type=PeerType.BEYOND_SECTOR, home_authority=None,
                           home_organisation="Local Government Ombudsman"),
        "eve": PeerFactory(full_name="Eve Eden", peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None,
                           max_challenges_per_year=3),
        "fay": PeerFactory(full_name="Fay Fox", home_authority=_authority("kent"), is_active=False, retired_reason="Retired"),
        "gus": PeerFactory(full_name="Gus Gray", home_authority=_authority("cumbria")),
        # A peer still on the books of an authority abolished in 2016.
        "hal": PeerFactory(full_name="Hal Hill", home_authority=_authority("dorset")),
    }


@pytest.fixture
def programme(peers):
    """Worked out by hand for the financial year 2026 to 2027, as of 30 November 2026.

    Challenges counted in the year and neither postponed nor cancelled: Avon's of May 2026
    (published: delivered) with Ann, Ben, Dee and Eve accepted (Fay withdrawn, Gus declined on
    10 March 2026); Kent's of October 2026 (confirmed) with Cal leading, Eve and Hal accepted
    (Gus only proposed); Cumbria's in two phases, March and April 2026 (fed back: delivered,
    counted by its second phase) with Ann, Ben and Eve; Kent's being scoped, undated, requested
    in September 2026, with Ann accepted (Cal declined, no answer date on record); Avon's of
    December 2026 (confirmed) with Ann and Ben.
    Not counting: Cleveland's cancelled July visit (Ann accepted; Cal declined on 20 May) and
    postponed September visit (Ben accepted; Gus declined late on 1 August 2026, UTC: 2 August
    in the UK); Avon's of March 2026 and Merseyside's two of November and December 2025
    (counted in 2025 to 2026).

    Places given: Kent's officers 4 (Ann), members 3 (Ben); Avon's officers 1 (Cal); Dorset's
    (abolished) officers 1 (Hal); Dee and Eve have no home authority. 13 places filled in all
    (6 by officers, 3 by members), by 6 peers. Challenges received, of the same challenges: Avon
    2, Cumbria 1, Kent 2.

    Load, last day on site from 1 December 2025 to 30 November 2026, live challenges: Avon's
    May (Ann, Ben, Dee, Eve), Kent's October (Cal, Eve, Hal), Cumbria's (Ann, Ben, Eve), Avon's
    March (Ann, Eve; Fay retired) and Merseyside's of 1 December 2025 (Cal); not Merseyside's
    of 30 November 2025 (Ann) nor Avon's December 2026 visit. Ann 3 (limit 2: over), Ben 2
    (limit 2), Cal 2 (limit 1: over), Dee 1, Eve 4 (limit 3: over), Gus 0, Hal 1: 7 active
    peers, bands None 1, 1: 2, 2: 2, 3: 1, 4 or more: 1; 3 over their limit."""
    ann, ben, cal, dee, eve, fay, gus, hal = (peers[name] for name in ("ann", "ben", "cal", "dee", "eve", "fay", "gus", "hal"))
    avon_may = _challenge("avon", datetime.date(2026, 5, 4), datetime.date(2026, 5, 7), ChallengeStatus.PUBLISHED)
    for peer, role in ((ann, TeamRole.OFFICER_PEER), (ben, TeamRole.MEMBER_PEER), (dee, TeamRole.BEYOND_SECTOR),
                       (eve, TeamRole.CHALLENGE_MANAGER)):
        _place(avon_may, peer, role)
    _place(avon_may, fay, state=PlaceState.WITHDRAWN)
    _declined(avon_may, gus, "On leave that week", _utc(2026, 3, 10, 12))

    kent_october = _challenge("kent", datetime.date(2026, 10, 5), datetime.date(2026, 10, 8), ChallengeStatus.CONFIRMED)
    _place(kent_october, cal, TeamRole.LEAD_PEER)
    _place(kent_october, eve, TeamRole.CHALLENGE_MANAGER)
    _place(kent_october, hal)
    _place(kent_october, gus, state=PlaceState.PROPOSED)

    cumbria = _challenge(
        "cumbria", datetime.date(2026, 3, 2), datetime.date(2026, 3, 5), ChallengeStatus.FEEDBACK_GIVEN,
        second_start_date=datetime.date(2026, 4, 13), second_end_date=datetime.date(2026, 4, 16),
    )
    _place(cumbria, ann)
    _place(cumbria, ben, TeamRole.MEMBER_PEER)
    _place(cumbria, eve, TeamRole.CHALLENGE_MANAGER)

    kent_scoping = ChallengeFactory(
        authority=_authority("kent"), status=ChallengeStatus.SCOPING, requested_on=datetime.date(2026, 9, 1),
        start_date=None, end_date=None, challenge_type=ChallengeType.LEADERSHIP_GOVERNANCE,
    )
    _place(kent_scoping, ann)
    _declined(kent_scoping, cal, "Not free in the autumn", None)

    avon_december = _challenge("avon", datetime.date(2026, 12, 7), datetime.date(2026, 12, 10), ChallengeStatus.CONFIRMED)
    _place(avon_december, ann)
    _place(avon_december, ben, TeamRole.MEMBER_PEER)

    cleveland_cancelled = _challenge(
        "cleveland", datetime.date(2026, 7, 6), datetime.date(2026, 7, 9), ChallengeStatus.CANCELLED,
        status_reason="Chose another kind of support", challenge_type=ChallengeType.TARGETED,
    )
    _place(cleveland_cancelled, ann)
    _declined(cleveland_cancelled, cal, "Budget setting that week", _utc(2026, 5, 20, 9))
    cleveland_postponed = _challenge(
        "cleveland", datetime.date(2026, 9, 7), datetime.date(2026, 9, 10), ChallengeStatus.POSTPONED,
        status_reason="Moved for the inspection",
    )
    _place(cleveland_postponed, ben, TeamRole.MEMBER_PEER)
    _declined(cleveland_postponed, gus, "Training course", _utc(2026, 8, 1, 23, 30))

    avon_march = _challenge("avon", datetime.date(2026, 3, 9), datetime.date(2026, 3, 12), ChallengeStatus.CLOSED)
    _place(avon_march, ann)
    _place(avon_march, eve, TeamRole.CHALLENGE_MANAGER)
    _place(avon_march, fay)
    _declined(avon_march, ben, "Council meeting", _utc(2026, 1, 15, 10), role=TeamRole.MEMBER_PEER)

    merseyside_november = _challenge("merseyside", datetime.date(2025, 11, 25), datetime.date(2025, 11, 30), ChallengeStatus.PUBLISHED)
    _place(merseyside_november, ann)
    merseyside_december = _challenge("merseyside", datetime.date(2025, 12, 1), datetime.date(2025, 12, 1), ChallengeStatus.PUBLISHED)
    _place(merseyside_december, cal)


def _give_and_take_row(authority, region, officers, members, received):
    return {
        "authority": authority, "region": region, "officer_places": officers, "member_places": members,
        "places_given": officers + members, "challenges_received": received,
    }


def test_give_and_take_sets_each_authoritys_places_against_its_challenges(programme):
    table = peers_section(PERIOD, today=TODAY).table("give-and-take")
    rows = {row["authority"]: row for row in table.rows}

    assert rows[KENT] == _give_and_take_row(KENT, "South East", 4, 3, 2)
    assert rows[AVON] == _give_and_take_row(AVON, "South West", 1, 0, 2)
    assert rows["Cumbria Police, Fire and Crime Commissioner"] == _give_and_take_row(
        "Cumbria Police, Fire and Crime Commissioner", "North West", 0, 0, 1
    )
    assert rows[DORSET] == _give_and_take_row(DORSET, "South West", 1, 0, 0)
    assert rows[CLEVELAND] == _give_and_take_row(CLEVELAND, "North East", 0, 0, 0)
    assert rows["Merseyside Fire and Rescue Authority"]["challenges_received"] == 0  # counted the year before
    # The 44 current authorities and Dorset, abolished but with a peer who gave a place; not the
    # other abolished ones, with nothing to count.
    assert len(rows) == 45 and "Wiltshire and Swindon Fire Authority" not in rows
    assert list(rows) == sorted(rows)
    # Every officer's and member's place is some authority's: Dee and Eve's are nobody's.
    assert sum(row["places_given"] for row in table.rows) == 9


def test_peers_figures_match_the_hand_count(programme):
    assert peers_section(PERIOD, today=TODAY).figures == {
        "places_filled": 13, "officer_places": 6, "member_places": 3, "peers_taking_part": 6,
        "active_peers": 7, "declined": 3 + 1, "over_limit": 3,
    }


def test_peer_load_counts_each_active_peers_places_in_the_12_months_by_band(programme):
    table = peers_section(PERIOD, today=TODAY).table("peer-load")

    assert table.rows == [
        {"band": "None", "peers": 1}, {"band": "1", "peers": 2}, {"band": "2", "peers": 2},
        {"band": "3", "peers": 1}, {"band": "4 or more", "peers": 1},
    ]
    assert (table.chart.label, table.chart.values) == ("band", ("peers",))
    assert table.description == (
        "Active peers in England, by the places they accepted on challenges not postponed or cancelled whose last "
        "day on site was from 1 December 2025 to 30 November 2026."
    )


def test_busiest_peers_most_places_first_with_their_limits(programme):
    assert peers_section(PERIOD, today=TODAY).table("busiest-peers").rows == [
        {"peer": "Eve Eden", "type": "LGA challenge manager", "home_authority": None, "places": 4, "limit": 3, "over_limit": True},
        {"peer": "Ann Archer", "type": "Officer peer", "home_authority": KENT, "places": 3, "limit": 2, "over_limit": True},
        {"peer": "Ben Brook", "type": "Member peer", "home_authority": KENT, "places": 2, "limit": 2, "over_limit": False},
        {"peer": "Cal Cole", "type": "Officer peer", "home_authority": AVON, "places": 2, "limit": 1, "over_limit": True},
        {"peer": "Dee Dale", "type": "Peer from beyond the sector", "home_authority": "Local Government Ombudsman",
         "places": 1, "limit": 2, "over_limit": False},
        {"peer": "Hal Hill", "type": "Officer peer", "home_authority": DORSET, "places": 1, "limit": 2, "over_limit": False},
    ]


def test_busiest_peers_stops_at_twenty(db):
    challenge = _challenge("avon", datetime.date(2026, 6, 1), datetime.date(2026, 6, 4), ChallengeStatus.PUBLISHED)
    for number in range(22):
        _place(challenge, PeerFactory(full_name=f"Peer {number:02d}"))

    rows = peers_section(PERIOD, today=TODAY).table("busiest-peers").rows

    assert [row["peer"] for row in rows] == [f"Peer {number:02d}" for number in range(20)]


def test_declined_invitations_newest_answer_first_with_reasons(programme):
    table = peers_section(PERIOD, today=TODAY).table("declined-invitations")

    assert table.rows == [
        {"authority": CLEVELAND, "type": "Operational Assessment and fire peer challenge", "peer": "Gus Gray",
         "role": "Officer peer", "answered": datetime.date(2026, 8, 2), "reason": "Training course"},
        {"authority": CLEVELAND, "type": "Targeted peer support", "peer": "Cal Cole",
         "role": "Officer peer", "answered": datetime.date(2026, 5, 20), "reason": "Budget setting that week"},
        {"authority": AVON, "type": "Operational Assessment and fire peer challenge", "peer": "Gus Gray",
         "role": "Officer peer", "answered": datetime.date(2026, 3, 10), "reason": "On leave that week"},
        {"authority": KENT, "type": "Leadership and governance peer challenge", "peer": "Cal Cole",
         "role": "Officer peer", "answered": None, "reason": "Not free in the autumn"},
    ]


def test_declined_invitations_csv_rows_are_exact(programme):
    table = peers_section(PERIOD, today=TODAY).table("declined-invitations")

    assert table.csv_header() == ["Authority", "Type of challenge", "Peer", "Place", "Declined on", "Reason"]
    assert list(table.csv_rows()) == [
        [CLEVELAND, "Operational Assessment and fire peer challenge", "Gus Gray", "Officer peer", "2026-08-02", "Training course"],
        [CLEVELAND, "Targeted peer support", "Cal Cole", "Officer peer", "2026-05-20", "Budget setting that week"],
        [AVON, "Operational Assessment and fire peer challenge", "Gus Gray", "Officer peer", "2026-03-10", "On leave that week"],
        [KENT, "Leadership and governance peer challenge", "Cal Cole", "Officer peer", "", "Not free in the autumn"],
    ]


def test_peers_of_the_year_before_count_its_challenges(programme):
    """2025 to 2026: Avon's March challenge (Ann, Eve; Fay retired but her place stands) and
    Merseyside's two (Ann; Cal): Kent's officers 3, Avon's 1. Ben's decline of Avon's March
    visit is that year's. The load is taken on 31 March 2026, from 1 April 2025: Ann 2 (at her
    limit, not over), Cal 1 (at his), Eve 1, the rest none; Cumbria's second phase ends after
    31 March."""
    section = peers_section(InsightPeriod(year=2025), today=TODAY)
    rows = {row["authority"]: row for row in section.table("give-and-take").rows}

    assert rows[KENT] == _give_and_take_row(KENT, "South East", 3, 0, 0)
    assert rows[AVON] == _give_and_take_row(AVON, "South West", 1, 0, 1)
    assert rows["Merseyside Fire and Rescue Authority"]["challenges_received"] == 2
    assert section.figures == {
        "places_filled": 5, "officer_places": 4, "member_places": 0, "peers_taking_part": 4,
        "active_peers": 7, "declined": 1, "over_limit": 0,
    }
    assert [row["reason"] for row in section.table("declined-invitations").rows] == ["Council meeting"]
    assert [row["peers"] for row in section.table("peer-load").rows] == [4, 2, 1, 0, 0]


def test_peers_of_a_region_are_those_whose_home_authority_is_in_it(programme):
    section = peers_section(InsightPeriod(year=2026, region=Region.SOUTH_EAST), today=TODAY)

    give_and_take = section.table("give-and-take").rows
    assert [row["authority"] for row in give_and_take] == [
        "Buckinghamshire and Milton Keynes Fire Authority", "East Sussex Fire and Rescue Service",
        "Hampshire and Isle of Wight Fire and Rescue Authority", KENT, "Oxfordshire County Council",
        "Royal Berkshire Fire Authority", "Surrey County Council", "West Sussex County Council",
    ]
    assert section.figures == {
        "places_filled": 7, "officer_places": 4, "member_places": 3, "peers_taking_part": 2,
        "active_peers": 2, "declined": 1, "over_limit": 1,
    }
    # Declined on the region's authorities' challenges: Kent's being scoped.
    assert [row["peer"] for row in section.table("declined-invitations").rows] == ["Cal Cole"]
    assert [row["peers"] for row in section.table("peer-load").rows] == [0, 0, 1, 1, 0]
    assert [row["peer"] for row in section.table("busiest-peers").rows] == ["Ann Archer", "Ben Brook"]
    assert section.table("peer-load").description.startswith("Active peers whose home authority is in South East,")


def test_declined_invitations_of_a_region_are_those_of_its_authorities_challenges(programme):
    north_east = peers_section(InsightPeriod(year=2026, year_kind=YearKind.CALENDAR, region=Region.NORTH_EAST), today=TODAY)
    south_west = peers_section(InsightPeriod(year=2026, region=Region.SOUTH_WEST), today=TODAY)

    assert [row["reason"] for row in north_east.table("declined-invitations").rows] == ["Training course", "Budget setting that week"]
    assert [row["reason"] for row in south_west.table("declined-invitations").rows] == ["On leave that week"]
    # The South West's give and take: Avon's officer's place in Kent, Dorset's (abolished) in Kent.
    assert (south_west.figures["places_filled"], south_west.figures["officer_places"]) == (2, 2)


def test_peers_section_with_nothing_recorded(db):
    section = peers_section(PERIOD, today=TODAY)

    assert section.figures == {
        "places_filled": 0, "officer_places": 0, "member_places": 0, "peers_taking_part": 0,
        "active_peers": 0, "declined": 0, "over_limit": 0,
    }
    assert len(section.table("give-and-take").rows) == 44
    assert section.table("busiest-peers").rows == section.table("declined-invitations").rows == []
    assert [row["peers"] for row in section.table("peer-load").rows] == [0, 0, 0, 0, 0]


def _team(challenge, number):
    for role, peer_type in ((TeamRole.OFFICER_PEER, PeerType.OFFICER), (TeamRole.MEMBER_PEER, PeerType.MEMBER)):
        _place(challenge, PeerFactory(
            peer_type=peer_type, political_group=PoliticalGroup.GREEN if peer_type == PeerType.MEMBER else "",
            home_authority=_authority(("kent", "cumbria", "norfolk")[number % 3]),
        ), role)
    _declined(challenge, PeerFactory(), "Away", _utc(2026, 4, 1 + number % 28, 9))


def test_peers_section_takes_seven_queries_however_many_challenges(db, django_assert_num_queries):
    for number in range(2):
        _team(_challenge("avon", datetime.date(2026, 5, 4), datetime.date(2026, 5, 7), ChallengeStatus.PUBLISHED), number)
    with django_assert_num_queries(7):
        section = peers_section(PERIOD, today=TODAY)
    assert section.figures["places_filled"] == 4

    for number in range(2, 20):
        day = datetime.date(2026, 6, 1) + datetime.timedelta(weeks=number)
        _team(_challenge(("avon", "lancashire", "london")[number % 3], day, day, ChallengeStatus.CONFIRMED), number)
    with django_assert_num_queries(7):
        section = peers_section(PERIOD, today=TODAY)
    assert (section.figures["places_filled"], section.figures["declined"], section.figures["active_peers"]) == (40, 20, 60)

