"""On PostgreSQL, the authority commenting on a finding at the moment the lead peer deletes it,
and a double press of "Delete": the services lock the challenge before the finding, so they
take turns (no deadlock, no foreign key failing at commit, no finding missing), and the one
that comes second is refused with a sentence or finds nothing left to do. SQLite locks the
whole database instead, so these races cannot happen there."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from authorities.models import Authority
from authorities.tests.factories import FraContactFactory, PeerFactory, PeerUserFactory
from challenges.choices import TeamRole
from challenges.models import Challenge, FactualCheckComment, Finding
from challenges.services.factual_check import factual_check_comment_add
from challenges.services.finding import finding_delete

from .factories import ChallengeFactory, FactualCheckFactory, FindingFactory, TeamMembershipFactory

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="PostgreSQL only: its row locks (select_for_update) are what this test races; "
        "run with DATABASE_URL=postgres://... (CI does)",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _racing(challenge):
    lead = PeerFactory(user=PeerUserFactory())
    TeamMembershipFactory(challenge=challenge, peer=lead, role=TeamRole.LEAD_PEER)
    return lead.user, FindingFactory(challenge=challenge, recorded_by=lead.user), FactualCheckFactory(challenge=challenge)


def test_comment_and_deletion_of_its_finding_at_once_take_turns_without_deadlock():
    challenge = ChallengeFactory(authority=Authority.objects.get(slug="avon"), status="factual_check")
    lead, finding, check = _racing(challenge)
    fra_contact = FraContactFactory()
    commenting = threading.Event()
    outcomes = {}

    def comment():
        try:
            with transaction.atomic():
                # The comment under way holds the challenge (the check's lock takes it) when
                # the lead presses "Delete".
                Challenge.objects.select_for_update().get(pk=challenge.pk)
                commenting.set()
                time.sleep(1)
                factual_check_comment_add(by=fra_contact, factual_check=check, finding=finding, comment="Not so")
            outcomes["comment"] = "saved"
        except Exception as error:  # noqa: BLE001 - anything else fails the test, below
            outcomes["comment"] = repr(error)
        finally:
            commenting.set()
            connection.close()

    def delete():
        try:
            commenting.wait(timeout=30)
            finding_delete(by=lead, finding=finding)
            outcomes["delete"] = "deleted"
        except ValidationError as error:
            outcomes["delete"] = error.messages
        except Exception as error:  # noqa: BLE001
            outcomes["delete"] = repr(error)
        finally:
            connection.close()

    racers = [threading.Thread(target=comment), threading.Thread(target=delete)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=60)

    assert not any(racer.is_alive() for racer in racers)
    assert outcomes == {
        "comment": "saved",
        "delete": [
            "The authority has commented on this finding in its factual accuracy check, so it cannot be deleted: "
            "answer the comment, or edit the finding"
        ],
    }
    assert (Finding.objects.filter(pk=finding.pk).exists(), FactualCheckComment.objects.count()) == (True, 1)


def test_deleting_a_finding_twice_at_once_deletes_it_once():
    challenge = ChallengeFactory(authority=Authority.objects.get(slug="avon"), status="report_drafting")
    lead, finding, _ = _racing(challenge)
    ready = threading.Barrier(2)
    outcomes = []

    def delete():
        try:
            ready.wait(timeout=30)
            finding_delete(by=lead, finding=finding)
            outcomes.append("deleted")
        except Exception as error:  # noqa: BLE001
            outcomes.append(repr(error))
        finally:
            connection.close()

    racers = [threading.Thread(target=delete) for _ in range(2)]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=60)

    assert outcomes == ["deleted", "deleted"]
    assert (Finding.objects.filter(pk=finding.pk).exists(), Finding.history.filter(id=finding.pk, history_type="-").count()) == (False, 1)
