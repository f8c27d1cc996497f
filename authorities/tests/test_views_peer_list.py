"""The peer list costs the same number of queries whatever the size of the pool."""

import datetime

import pytest
from django.utils import timezone

from authorities.models import Authority, Specialism
from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory
from peersupport.tests.html import visible_text

from .factories import PeerFactory, PeerTagFactory, UnavailabilityFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def grow_pool(lga_admin):
    """Adds peers until the pool has `size`: officers and member peers from Avon, each with
    specialisms, a tag, a challenge this year and one last year, and leave in March 2027."""
    year = timezone.localdate().year
    this_year = ChallengeFactory(start_date=datetime.date(year, 1, 12), end_date=datetime.date(year, 1, 15), booked_by=lga_admin)
    last_year = ChallengeFactory(start_date=datetime.date(year - 1, 6, 1), end_date=datetime.date(year - 1, 6, 4), booked_by=lga_admin)
    specialisms = list(Specialism.objects.filter(code__in=["prevention", "response", "governance"]))
    fleet = PeerTagFactory(name="fleet")
    avon = Authority.objects.get(slug="avon")
    pool = []

    def grow_pool(size):
        while len(pool) < size:
            member = len(pool) % 2 == 1
            peer = PeerFactory(
                peer_type="member" if member else "officer", political_group="labour" if member else "",
                home_authority=avon, can_lead=True,
            )
            peer.specialisms.set(specialisms)
            peer.tags.set([fleet])
            for challenge in (this_year, last_year):
                TeamMembershipFactory(challenge=challenge, peer=peer, added_by=lga_admin)
            UnavailabilityFactory(peer=peer, start_date=datetime.date(2027, 3, 1), end_date=datetime.date(2027, 3, 12))
            pool.append(peer)

    return grow_pool


@pytest.mark.parametrize(
    ("query", "queries", "found"),
    [
        ("", 9, {5: 5, 60: 60}),
        ("?page=2", 9, {60: 60}),
        ("?peer_type=officer&specialism=prevention", 10, {5: 3, 60: 30}),
        ("?free_from_0=1&free_from_1=4&free_from_2=2027&free_to_0=5&free_to_1=4&free_to_2=2027", 9, {5: 5, 60: 60}),
        ("?free_from_0=10&free_from_1=3&free_from_2=2027&free_to_0=20&free_to_1=3&free_to_2=2027", 6, {5: 0, 60: 0}),
        ("?peer_type=officer&specialism=response&free_from_0=1&free_from_1=4&free_from_2=2027&free_to_0=5&free_to_1=4&free_to_2=2027&can_lead=on&region=south_west", 10,
         {5: 3, 60: 30}),
        ("?q=fleet&status=all", 9, {5: 5, 60: 60}),
        ("?political_group=labour&peer_type=member&status=active", 9, {5: 2, 60: 30}),
    ],
)
def test_peer_list_queries_same_for_5_and_60_peers(client, sign_in, grow_pool, django_assert_num_queries, query, queries, found):
    sign_in("adviser")

    for size, expected in found.items():
        grow_pool(size)
        with django_assert_num_queries(queries):
            response = client.get(f"/peers/{query}")

        assert response.status_code == 200
        assert f"{expected} peer{'s' if expected != 1 else ''} found" in visible_text(response)


def test_peer_list_second_page_shows_the_rest(client, sign_in, grow_pool):
    grow_pool(60)
    sign_in("lga_admin")

    response = client.get("/peers/?page=2")

    peers = response.context["peers"]
    assert [(peer["load_this_year"], len(peer["specialism_names"].split("; "))) for peer in peers] == [(1, 3)] * 10
    assert "60 peers found" in visible_text(response)


@pytest.mark.parametrize(("asked", "status", "shown"), [("last", 200, 10), ("3", 404, 0), ("0", 404, 0), ("two", 404, 0)])
def test_peer_list_last_page_by_name_and_pages_that_do_not_exist(client, sign_in, grow_pool, asked, status, shown):
    grow_pool(60)
    sign_in("lga_admin")

    response = client.get(f"/peers/?page={asked}")

    shown_rows = len(response.context["peers"]) if response.status_code == 200 else 0
    assert (response.status_code, shown_rows) == (status, shown)
