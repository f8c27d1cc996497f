"""On PostgreSQL, two people saving one finding at the same moment, both from the version they
read: the service takes turns on the finding's row (select_for_update), so exactly one save
wins and the other is refused with FindingEditConflict naming the winner's words. SQLite
locks the whole database instead; test_services_finding.py holds the rule there."""

import threading

import pytest
from django.db import connection

from authorities.models import Authority
from authorities.tests.factories import PeerFactory, PeerUserFactory
from challenges.choices import TeamRole
from challenges.models import Finding
from challenges.services.finding import FindingEditConflict, finding_edit

from .factories import ChallengeFactory, FindingFactory, TeamMembershipFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: its row locks (select_for_update) are what this test races; "
        "run with DATABASE_URL=postgres://... (CI does)",
    ),
    # The threads commit, each on its own connection, so the test cannot run inside one
    # transaction; the reference data the migrations loaded is restored afterwards.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_saves_of_one_finding_at_once_exactly_one_wins():
    challenge = ChallengeFactory(authority=Authority.objects.get(slug="avon"))
    writers = []
    for role in (TeamRole.LEAD_PEER, TeamRole.CHALLENGE_MANAGER):
        peer = PeerFactory(user=PeerUserFactory())
        TeamMembershipFactory(challenge=challenge, peer=peer, role=role)
        writers.append(peer.user)
    finding = FindingFactory(challenge=challenge, recorded_by=writers[0], text="As first written.")
    ready = threading.Barrier(len(writers))
    outcomes = {}

    def save(user, text):
        try:
            ready.wait(timeout=30)
            finding_edit(by=user, finding=finding, version=1, text=text)
            outcomes[text] = "saved"
        except FindingEditConflict as conflict:
            outcomes[text] = conflict.current.text
        except Exception as error:  # noqa: BLE001 - anything else fails the test, below
            outcomes[text] = repr(error)
        finally:
            connection.close()

    racers = [threading.Thread(target=save, args=(user, f"Words of writer {n}.")) for n, user in enumerate(writers)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=60)

    assert not any(racer.is_alive() for racer in racers)
    winners = [text for text, outcome in outcomes.items() if outcome == "saved"]
    assert len(winners) == 1, outcomes
    (loser,) = set(outcomes) - set(winners)
    # The one refused was shown the winner's words, and those are what the finding holds.
    assert outcomes[loser] == winners[0]
    stored = Finding.objects.get(pk=finding.pk)
    assert (stored.text, stored.version) == (winners[0], 2)
