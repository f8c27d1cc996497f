import datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from authorities.models import Authority
from authorities.selectors.authority import authorities_visible_to, authorities_with_last_challenge
from authorities.selectors.peer import (
    peer_assignments,
    peer_load_in_year,
    peers_active,
    peers_for_list,
    peers_free_between,
    peers_visible_to,
    peers_with_specialisms_and_loads,
)
from challenges.choices import ChallengeStatus
from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory
from peersupport.tests.records import slugs

from .factories import PeerFactory, PeerUserFactory, SpecialismFactory, UnavailabilityFactory

pytestmark = pytest.mark.integration

SOUTH_WEST_CURRENT = ["avon", "cornwall", "devon-and-somerset", "dorset-and-wiltshire", "gloucestershire", "isles-of-scilly"]


# authorities_visible_to


@pytest.mark.parametrize("role", ["lga_admin", "adviser", "other_adviser"])
def test_authorities_visible_to_lga_staff_every_authority(request, db, role):
    user = request.getfixturevalue(role)

    assert authorities_visible_to(user=user).count() == 48


def test_authorities_visible_to_fra_contact_only_their_own(fra_contact):
    assert slugs(authorities_visible_to(user=fra_contact)) == ["avon"]


def test_authorities_visible_to_peer_none(lead_peer):
    assert authorities_visible_to(user=lead_peer.user).count() == 0


def test_authorities_visible_to_anonymous_none(db):
    assert authorities_visible_to(user=AnonymousUser()).count() == 0


# authorities_with_last_challenge


def test_authorities_with_last_challenge_latest_started_by_today(avon):
    ChallengeFactory(authority=avon, start_date=datetime.date(2023, 5, 1), end_date=datetime.date(2023, 5, 4))
    ChallengeFactory(authority=avon, start_date=datetime.date(2026, 3, 9), end_date=datetime.date(2026, 3, 12))
    ChallengeFactory(authority=avon, start_date=datetime.date(2026, 9, 7), end_date=datetime.date(2026, 9, 10))

    annotated = authorities_with_last_challenge(today=datetime.date(2026, 6, 1))

    assert annotated.get(slug="avon").last_challenge_on == datetime.date(2026, 3, 9)
    assert annotated.get(slug="kent").last_challenge_on is None


def test_authorities_with_last_challenge_counts_a_challenge_starting_today(avon):
    ChallengeFactory(authority=avon, start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 6, 4))

    annotated = authorities_with_last_challenge(queryset=Authority.objects.filter(slug="avon"), today=datetime.date(2026, 6, 1))

    assert [a.last_challenge_on for a in annotated] == [datetime.date(2026, 6, 1)]


@pytest.mark.parametrize(("status", "start", "counted"), [
    (ChallengeStatus.PUBLISHED, datetime.date(2026, 9, 7), True),  # its report is out, whatever its dates say
    (ChallengeStatus.CLOSED, datetime.date(2026, 3, 9), True),
    (ChallengeStatus.ON_SITE, datetime.date(2026, 5, 25), True),
    (ChallengeStatus.CONFIRMED, datetime.date(2026, 5, 25), True),  # begun, before the daily check moved it
    (ChallengeStatus.CONFIRMED, datetime.date(2026, 9, 7), False),
    (ChallengeStatus.CANCELLED, datetime.date(2026, 3, 9), False),
    (ChallengeStatus.SCOPING, datetime.date(2026, 3, 9), False),
])
def test_authorities_with_last_challenge_counts_challenges_that_took_place(avon, status, start, counted):
    ChallengeFactory(authority=avon, status=status, start_date=start, end_date=start + datetime.timedelta(days=3),
                     status_reason="Stopped" if status == ChallengeStatus.CANCELLED else "")

    annotated = authorities_with_last_challenge(queryset=Authority.objects.filter(slug="avon"), today=datetime.date(2026, 6, 1))

    assert [a.last_challenge_on for a in annotated] == [start if counted else None]


# peers_visible_to, peers_active


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
def test_peers_visible_to_lga_staff_every_peer(request, lead_peer, role):
    others = PeerFactory.create_batch(2)

    visible = peers_visible_to(user=request.getfixturevalue(role))

    assert sorted(p.pk for p in visible) == sorted([lead_peer.pk] + [p.pk for p in others])


def test_peers_visible_to_peer_only_themself(lead_peer):
    PeerFactory(user=PeerUserFactory())

    assert list(peers_visible_to(user=lead_peer.user)) == [lead_peer]


def test_peers_visible_to_fra_contact_and_anonymous_none(fra_contact, lead_peer):
    assert peers_visible_to(user=fra_contact).count() == 0
    assert peers_visible_to(user=AnonymousUser()).count() == 0


def test_peers_active_leaves_out_retired_peers(db):
    active = PeerFactory()
    PeerFactory(is_active=False, retired_reason="Retired from the service in 2025")

    assert list(peers_active()) == [active]


# peers_for_list, peers_free_between, assignments and load


def test_peers_for_list_load_counts_only_this_years_challenges(lead_peer):
    for start in (datetime.date(2026, 1, 12), datetime.date(2026, 11, 2), datetime.date(2027, 3, 8)):
        TeamMembershipFactory(peer=lead_peer, challenge=ChallengeFactory(start_date=start, end_date=start))
    lead_peer.specialisms.set([SpecialismFactory(name="Zebra crossings"), SpecialismFactory(name="Arson")])

    listed_peers = list(peers_for_list(queryset=peers_visible_to(user=lead_peer.user)))
    [listed] = peers_with_specialisms_and_loads(peers=listed_peers, year=2026)

    assert listed["load_this_year"] == 2
    assert listed["specialism_names"] == "Arson; Zebra crossings"


def test_peers_for_list_queries_do_not_grow_with_peers(db, django_assert_num_queries):
    for _ in range(5):
        peer = PeerFactory()
        peer.specialisms.set([SpecialismFactory(), SpecialismFactory()])

    with django_assert_num_queries(3):
        peers = peers_with_specialisms_and_loads(peers=list(peers_for_list(queryset=peers_active())))
        rows = [(p["home_authority__short_name"], p["specialism_names"].split("; ")) for p in peers]

    assert [len(names) for _, names in rows] == [2] * 5


def test_peers_free_between_leaves_out_unavailable_and_busy_peers(db):
    free, unavailable, busy = PeerFactory(), PeerFactory(), PeerFactory()
    UnavailabilityFactory(peer=unavailable, start_date=datetime.date(2027, 3, 11), end_date=datetime.date(2027, 3, 20))
    TeamMembershipFactory(
        peer=busy, challenge=ChallengeFactory(start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 8))
    )

    available = peers_free_between(
        queryset=peers_active(), start=datetime.date(2027, 3, 8), end=datetime.date(2027, 3, 11)
    )

    assert list(available) == [free]


def test_peers_free_between_periods_that_only_touch_before_or_after_do_not_count(db):
    peer = PeerFactory()
    UnavailabilityFactory(peer=peer, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 7))
    UnavailabilityFactory(peer=peer, start_date=datetime.date(2027, 3, 12), end_date=datetime.date(2027, 3, 20))

    available = peers_free_between(queryset=peers_active(), start=datetime.date(2027, 3, 8), end=datetime.date(2027, 3, 11))

    assert list(available) == [peer]


def test_peer_assignments_latest_challenge_first(lead_peer):
    older = TeamMembershipFactory(peer=lead_peer, challenge=ChallengeFactory(start_date=datetime.date(2025, 1, 6), end_date=datetime.date(2025, 1, 9)))
    newer = TeamMembershipFactory(peer=lead_peer, challenge=ChallengeFactory(start_date=datetime.date(2027, 1, 4), end_date=datetime.date(2027, 1, 7)))

    assert list(peer_assignments(peer=lead_peer)) == [newer, older]


def test_peer_load_in_year_counts_challenges_starting_in_that_year(lead_peer):
    TeamMembershipFactory(peer=lead_peer, challenge=ChallengeFactory(start_date=datetime.date(2026, 12, 30), end_date=datetime.date(2027, 1, 2)))
    TeamMembershipFactory(peer=lead_peer, challenge=ChallengeFactory(start_date=datetime.date(2027, 5, 3), end_date=datetime.date(2027, 5, 6)))

    assert (peer_load_in_year(peer=lead_peer, year=2026), peer_load_in_year(peer=lead_peer, year=2027)) == (1, 1)
