import datetime

import pytest
import rules

from authorities.models import Authority
from authorities.tests.factories import PeerFactory
from challenges.choices import TeamRole
from challenges.selectors.challenge import (
    authorities_bookable_by,
    challenges_for_authority,
    challenges_managed_by,
    challenges_reported_by,
    challenges_visible_to,
)
from challenges.selectors.team import team_for_challenge
from peersupport.tests.records import pks, slugs

from .factories import ChallengeFactory, TeamMembershipFactory

pytestmark = pytest.mark.integration

SOUTH_WEST_CURRENT = ["avon", "cornwall", "devon-and-somerset", "dorset-and-wiltshire", "gloucestershire", "isles-of-scilly"]


@pytest.fixture
def kent_challenge(db):
    """A South East challenge: outside the South West adviser's region, no team."""
    return ChallengeFactory(authority=Authority.objects.get(slug="kent"))


# challenges_visible_to


def test_challenges_visible_to_lga_admin_every_challenge(lga_admin, challenge, kent_challenge):
    assert pks(challenges_visible_to(user=lga_admin)) == sorted([challenge.pk, kent_challenge.pk])


def test_challenges_visible_to_adviser_only_their_region(adviser, challenge, kent_challenge):
    cornwall = ChallengeFactory(authority=Authority.objects.get(slug="cornwall"))

    assert pks(challenges_visible_to(user=adviser)) == sorted([challenge.pk, cornwall.pk])


def test_challenges_visible_to_other_region_adviser_none_of_these(other_adviser, challenge, kent_challenge):
    assert pks(challenges_visible_to(user=other_adviser)) == []


def test_challenges_visible_to_peer_only_the_teams_they_are_on(lead_peer, challenge, kent_challenge):
    assert pks(challenges_visible_to(user=lead_peer.user)) == [challenge.pk]


def test_challenges_visible_to_peer_each_challenge_once_however_big_the_team(team_peer, challenge):
    TeamMembershipFactory.create_batch(3, challenge=challenge)

    assert pks(challenges_visible_to(user=team_peer.user)) == [challenge.pk]


def test_challenges_visible_to_peer_not_on_any_team_none(other_peer_user, challenge):
    assert pks(challenges_visible_to(user=other_peer_user)) == []


def test_challenges_visible_to_fra_contact_their_own_authoritys_only(fra_contact, challenge):
    ChallengeFactory(authority=Authority.objects.get(slug="kent"))

    assert pks(challenges_visible_to(user=fra_contact)) == [challenge.pk]


def test_challenges_visible_to_anonymous_none(user_for, challenge):
    assert pks(challenges_visible_to(user=user_for("anonymous"))) == []


# challenges_managed_by, challenges_reported_by


@pytest.mark.parametrize(
    ("role", "expected"),
    [("lga_admin", ["avon", "kent"]), ("adviser", ["avon"]), ("other_adviser", []), ("lead_peer", []), ("fra_contact", []), ("anonymous", [])],
)
def test_challenges_managed_by_each_role(user_for, challenge, kent_challenge, role, expected):
    managed = challenges_managed_by(user=user_for(role))

    assert sorted(c.authority.slug for c in managed) == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("lead_peer", ["avon"]), ("team_peer", []), ("lga_admin", []), ("adviser", []), ("fra_contact", []), ("anonymous", [])],
)
def test_challenges_reported_by_only_lead_peer_and_challenge_manager(user_for, challenge, kent_challenge, role, expected):
    reported = challenges_reported_by(user=user_for(role))

    assert sorted(c.authority.slug for c in reported) == expected


def test_challenges_reported_by_challenge_manager_on_the_team(challenge, challenge_manager):
    assert list(challenges_reported_by(user=challenge_manager.user)) == [challenge]


def test_challenges_reported_by_lead_of_one_ordinary_peer_of_another(lead_peer, challenge, kent_challenge):
    TeamMembershipFactory(challenge=kent_challenge, peer=lead_peer, role=TeamRole.OFFICER_PEER)

    assert list(challenges_reported_by(user=lead_peer.user)) == [challenge]
    assert pks(challenges_visible_to(user=lead_peer.user)) == sorted([challenge.pk, kent_challenge.pk])


def test_challenge_permissions_record_findings_and_manage(challenge, lead_peer, adviser, team_peer):
    def answers(user):
        return (rules.has_perm("challenges.record_findings", user, challenge), rules.has_perm("challenges.manage_challenge", user, challenge))

    assert answers(lead_peer.user) == (True, False)
    assert answers(adviser) == (False, True)
    assert answers(team_peer.user) == (False, False)


# Reads for one challenge or authority


def test_challenges_for_authority_latest_first_that_authority_only(avon, kent_challenge):
    older = ChallengeFactory(authority=avon, start_date=datetime.date(2024, 5, 6), end_date=datetime.date(2024, 5, 9))
    newer = ChallengeFactory(authority=avon, start_date=datetime.date(2027, 5, 3), end_date=datetime.date(2027, 5, 6))

    assert list(challenges_for_authority(authority=avon)) == [newer, older]


def test_team_for_challenge_orders_by_role_then_name(challenge, lead_peer):
    zara = TeamMembershipFactory(challenge=challenge, peer=PeerFactory(full_name="Zara Ali"), role=TeamRole.OFFICER_PEER)
    adam = TeamMembershipFactory(challenge=challenge, peer=PeerFactory(full_name="Adam Bell"), role=TeamRole.OFFICER_PEER)

    assert [m.peer.full_name for m in team_for_challenge(challenge=challenge)] == [lead_peer.full_name, "Adam Bell", "Zara Ali"]
    assert {zara.pk, adam.pk} < {m.pk for m in team_for_challenge(challenge=challenge)}


# authorities_bookable_by


def test_authorities_bookable_by_lga_admin_every_current_authority(lga_admin):
    bookable = authorities_bookable_by(user=lga_admin)

    assert bookable.count() == 44
    assert bookable.filter(slug__in=["dorset", "wiltshire", "hampshire", "isle-of-wight"]).count() == 0


def test_authorities_bookable_by_adviser_only_current_authorities_of_their_region(adviser):
    assert slugs(authorities_bookable_by(user=adviser)) == SOUTH_WEST_CURRENT


@pytest.mark.parametrize("role", ["lead_peer", "fra_contact", "anonymous"])
def test_authorities_bookable_by_anyone_else_none(db, user_for, role):
    assert authorities_bookable_by(user=user_for(role)).count() == 0
