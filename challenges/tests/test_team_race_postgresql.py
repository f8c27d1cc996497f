"""On PostgreSQL, two requests at once cannot put one peer on two teams whose visits overlap: the
service takes turns on the peer's row, and the exclusion constraint of migration 0006
(team_place_peer_not_twice_at_once, btree_gist over the visit's date range) refuses what slips
past it. SQLite locks the whole database instead, and has no such constraint: the service's
checks (test_teams_conflicts.py) are what hold there."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory, PeerFactory
from challenges.choices import PlaceState, TeamRole
from challenges.models import TeamMembership
from challenges.services.team import team_member_add
from peersupport.formats import date_range

from .factories import ChallengeFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: its row locks and the exclusion constraint team_place_peer_not_twice_at_once "
        "(btree_gist) are what these tests race; run with DATABASE_URL=postgres://... (CI does)",
    ),
    # The threads commit, each on its own connection, so the test cannot run inside one
    # transaction; the reference data the migrations loaded is restored afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RACERS = 20
START = datetime.date(2027, 3, 8)


def _twenty_overlapping_visits():
    """Twenty authorities' challenges, each visit overlapping every other (the first starts on
    Monday 8 March 2027, each later one a day later or the same day, all lasting a week)."""
    authorities = Authority.objects.exclude(slug="merseyside").filter(status="current").order_by("name")[:RACERS]
    assert len(authorities) == RACERS
    return [
        ChallengeFactory(
            authority=authority, start_date=START + datetime.timedelta(days=n % 4),
            end_date=START + datetime.timedelta(days=n % 4 + 6),
        )
        for n, authority in enumerate(authorities)
    ]


def _race(challenges, admin, peer):
    """Twenty requests, released at once, each proposing the peer for a different challenge:
    what each got, by challenge (the place's id, or the ValidationError)."""
    ready = threading.Barrier(RACERS)
    outcomes = {}

    def ask(challenge):
        try:
            ready.wait(timeout=30)
            place = team_member_add(
                by=admin, challenge=challenge, peer=peer, role=TeamRole.OFFICER_PEER, soft_conflict_reason="Needed at once"
            )
            outcomes[challenge.pk] = place.pk
        except ValidationError as error:
            outcomes[challenge.pk] = error
        except Exception as error:  # noqa: BLE001 - anything else fails the test, below
            outcomes[challenge.pk] = repr(error)
        finally:
            connection.close()

    racers = [threading.Thread(target=ask, args=(challenge,)) for challenge in challenges]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=60)

    assert not any(racer.is_alive() for racer in racers)
    assert len(outcomes) == RACERS
    return outcomes


def _one_won(outcomes):
    """Exactly one request won and every other was refused with a ValidationError on "peer"."""
    won = {challenge_id: outcome for challenge_id, outcome in outcomes.items() if isinstance(outcome, int)}
    refused = [outcome for outcome in outcomes.values() if isinstance(outcome, ValidationError)]
    others = [outcome for outcome in outcomes.values() if not isinstance(outcome, (int, ValidationError))]
    assert (len(won), len(refused), others) == (1, RACERS - 1, [])
    (winner_id,) = won
    return winner_id, [error.message_dict["peer"] for error in refused]


def test_twenty_requests_at_once_put_a_peer_on_one_team_only():
    admin = LgaAdminFactory()
    peer = PeerFactory(full_name="Priya Shah")  # from Merseyside, challenged by none of them
    challenges = _twenty_overlapping_visits()

    winner_id, refusals = _one_won(_race(challenges, admin, peer))

    winner = next(c for c in challenges if c.pk == winner_id)
    # The requests took turns on the peer's row: each after the first saw the winner's place.
    assert refusals == [[
        f"Priya Shah is on the team of {winner.authority.short_name}, on site from "
        f"{date_range(winner.start_date, winner.end_date)}, at the same time"
    ]] * (RACERS - 1)
    place = TeamMembership.objects.get(peer=peer)
    assert (place.challenge_id, place.state, place.on_site_from, place.on_site_to) == (
        winner_id, PlaceState.PROPOSED, winner.start_date, winner.end_date
    )


def test_twenty_requests_at_once_the_database_alone_lets_one_win(monkeypatch):
    """With the service's checks and its lock on the peer out of the way, the exclusion
    constraint still lets one request win, and the service turns its refusal into a clear one."""
    monkeypatch.setattr("challenges.services.team._judge", lambda **kwargs: ([], []))
    admin = LgaAdminFactory()
    peer = PeerFactory(full_name="Priya Shah")
    challenges = _twenty_overlapping_visits()

    winner_id, refusals = _one_won(_race(challenges, admin, peer))

    assert refusals == [["Priya Shah is on another team whose visit overlaps this one"]] * (RACERS - 1)
    assert list(TeamMembership.objects.filter(peer=peer).values_list("challenge_id", flat=True)) == [winner_id]


def _place(challenge, peer, admin, **fields):
    return TeamMembership.objects.create(
        challenge=challenge, peer=peer, role=TeamRole.OFFICER_PEER, state=PlaceState.ACCEPTED, added_by=admin,
        on_site_from=challenge.start_date, on_site_to=challenge.end_date, **fields,
    )


def test_database_refuses_two_overlapping_active_places_of_one_peer():
    admin = LgaAdminFactory()
    peer = PeerFactory()
    kent = ChallengeFactory(authority=Authority.objects.get(slug="kent"), start_date=START, end_date=START + datetime.timedelta(days=3))
    essex = ChallengeFactory(
        authority=Authority.objects.get(slug="essex"), start_date=START + datetime.timedelta(days=3),
        end_date=START + datetime.timedelta(days=6),
    )
    _place(kent, peer, admin)

    with pytest.raises(IntegrityError, match="team_place_peer_not_twice_at_once"), transaction.atomic():
        _place(essex, peer, admin)

    assert list(TeamMembership.objects.values_list("challenge_id", flat=True)) == [kent.pk]


def test_database_takes_places_that_do_not_overlap_or_hold_no_visit():
    """The constraint reads the visit's range, first and last day included, and only for places
    that hold one: the week after, another peer, or a declined place are all taken."""
    admin = LgaAdminFactory()
    peer, other = PeerFactory(), PeerFactory()
    kent = ChallengeFactory(authority=Authority.objects.get(slug="kent"), start_date=START, end_date=START + datetime.timedelta(days=3))
    essex = ChallengeFactory(
        authority=Authority.objects.get(slug="essex"), start_date=START + datetime.timedelta(days=4),
        end_date=START + datetime.timedelta(days=7),
    )
    surrey = ChallengeFactory(authority=Authority.objects.get(slug="surrey"), start_date=START, end_date=START + datetime.timedelta(days=3))
    _place(kent, peer, admin)

    _place(essex, peer, admin)
    _place(surrey, other, admin)
    TeamMembership.objects.create(
        challenge=surrey, peer=peer, role=TeamRole.OFFICER_PEER, state=PlaceState.DECLINED, decline_reason="Busy", added_by=admin,
    )

    assert TeamMembership.objects.count() == 4
