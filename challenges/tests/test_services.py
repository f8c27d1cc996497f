import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from authorities.choices import PeerType
from authorities.models import Authority
from authorities.tests.factories import PeerFactory
from challenges.choices import ChallengeStatus, ChallengeType, TeamRole
from challenges.models import Challenge, TeamMembership
from challenges.services.challenge import challenge_book
from challenges.services.team import team_member_add
from peersupport.tests.forms import long_date

from .factories import ChallengeFactory
from .journeys import monday_in

pytestmark = pytest.mark.integration

# A Monday to Thursday visit some months ahead, in the future whenever the tests run.
MARCH_8 = monday_in(14)
MARCH_11 = MARCH_8 + datetime.timedelta(days=3)


def _book(user, slug="avon", start=MARCH_8, end=MARCH_11):
    return challenge_book(
        by=user,
        authority=Authority.objects.get(slug=slug),
        challenge_type=ChallengeType.LEADERSHIP_GOVERNANCE,
        start_date=start,
        end_date=end,
    )


# challenge_book


def test_challenge_book_adviser_books_in_their_region(adviser):
    challenge = _book(adviser, "devon-and-somerset")

    assert Challenge.objects.get() == challenge
    assert (challenge.authority.slug, challenge.challenge_type, challenge.start_date, challenge.end_date) == (
        "devon-and-somerset",
        ChallengeType.LEADERSHIP_GOVERNANCE,
        MARCH_8,
        MARCH_11,
    )
    assert (challenge.status, challenge.booked_by) == (ChallengeStatus.CONFIRMED, adviser)


def test_challenge_book_adviser_refused_outside_their_region(adviser):
    with pytest.raises(PermissionDenied, match="^You cannot book a challenge for this authority.$"):
        _book(adviser, "kent")

    assert Challenge.objects.count() == 0


def test_challenge_book_lga_admin_books_in_any_region(lga_admin):
    assert [_book(lga_admin, slug).authority.region for slug in ("kent", "cleveland")] == ["south_east", "north_east"]


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
@pytest.mark.parametrize("slug", ["dorset", "wiltshire"])
def test_challenge_book_abolished_authority_refused(user_for, role, slug):
    with pytest.raises(PermissionDenied):
        _book(user_for(role), slug)

    assert Challenge.objects.count() == 0


@pytest.mark.parametrize("role", ["lead_peer", "fra_contact", "anonymous"])
def test_challenge_book_anyone_else_refused(db, user_for, role):
    with pytest.raises(PermissionDenied):
        _book(user_for(role))

    assert Challenge.objects.count() == 0


def test_challenge_book_end_before_start_refused(adviser):
    with pytest.raises(ValidationError):
        _book(adviser, start=MARCH_11, end=MARCH_8)

    assert Challenge.objects.count() == 0


def test_challenge_book_one_day_on_site_accepted(adviser):
    assert _book(adviser, start=MARCH_8, end=MARCH_8).end_date == MARCH_8


# team_member_add


def _peer(**fields):
    return PeerFactory(home_authority=Authority.objects.get(slug=fields.pop("home", "merseyside")), **fields)


def _add_refused(by, challenge, peer, role):
    with pytest.raises(ValidationError) as error:
        team_member_add(by=by, challenge=challenge, peer=peer, role=role)
    return error.value.message_dict


def test_team_member_add_adviser_adds_a_peer(adviser, challenge):
    peer = _peer(full_name="Halima Begum", home="west-yorkshire")

    membership = team_member_add(by=adviser, challenge=challenge, peer=peer, role=TeamRole.OFFICER_PEER)

    assert TeamMembership.objects.get(peer=peer) == membership
    assert (membership.challenge, membership.role, membership.added_by) == (challenge, TeamRole.OFFICER_PEER, adviser)


def test_team_member_add_own_authority_peer_refused(adviser, challenge):
    peer = _peer(full_name="Tom Clarke", home="avon")

    errors = _add_refused(adviser, challenge, peer, TeamRole.OFFICER_PEER)

    assert errors == {"peer": ["Tom Clarke belongs to Avon, the authority challenged"]}
    assert challenge.team.filter(peer=peer).count() == 0


def test_team_member_add_lead_not_accredited_refused(adviser, avon):
    challenge = ChallengeFactory(authority=avon)
    peer = _peer(full_name="Halima Begum", can_lead=False)

    errors = _add_refused(adviser, challenge, peer, TeamRole.LEAD_PEER)

    assert errors == {"peer": ["Halima Begum is not accredited to lead a team"]}
    assert challenge.team.count() == 0


def test_team_member_add_second_lead_refused(adviser, challenge):
    peer = _peer(full_name="Ravi Shah", can_lead=True)

    errors = _add_refused(adviser, challenge, peer, TeamRole.LEAD_PEER)

    assert errors == {"peer": ["This team already has a lead peer"]}
    assert challenge.team.filter(role=TeamRole.LEAD_PEER).count() == 1


def test_team_member_add_accredited_peer_can_join_as_ordinary_peer_when_team_has_a_lead(adviser, challenge):
    peer = _peer(can_lead=True)

    assert team_member_add(by=adviser, challenge=challenge, peer=peer, role=TeamRole.OFFICER_PEER).role == TeamRole.OFFICER_PEER


def test_team_member_add_peer_already_on_team_refused(adviser, challenge, lead_peer):
    errors = _add_refused(adviser, challenge, lead_peer, TeamRole.OFFICER_PEER)

    assert errors == {"peer": [f"{lead_peer.full_name} is already on this team as lead peer"]}
    assert challenge.team.filter(peer=lead_peer).count() == 1


def test_team_member_add_inactive_peer_refused(adviser, challenge):
    peer = _peer(full_name="Susan Ward", is_active=False, retired_reason="Retired from the service in 2025")

    errors = _add_refused(adviser, challenge, peer, TeamRole.OFFICER_PEER)

    assert errors == {"peer": ["Susan Ward is no longer active in the peer pool (Retired from the service in 2025)"]}


def test_team_member_add_every_broken_rule_reported_at_once(adviser, challenge):
    peer = _peer(full_name="Tom Clarke", home="avon", can_lead=False, is_active=False, retired_reason="Retired")

    errors = _add_refused(adviser, challenge, peer, TeamRole.LEAD_PEER)

    assert errors == {
        "peer": [
            "Tom Clarke is no longer active in the peer pool (Retired)",
            "Tom Clarke belongs to Avon, the authority challenged",
            "Tom Clarke is not accredited to lead a team",
            "This team already has a lead peer",
        ]
    }


def test_team_member_add_challenge_manager_from_the_lga(lga_admin, challenge):
    manager = PeerFactory(peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None)

    membership = team_member_add(by=lga_admin, challenge=challenge, peer=manager, role=TeamRole.CHALLENGE_MANAGER)

    assert membership.get_role_display() == "LGA challenge manager"


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact", "anonymous"])
def test_team_member_add_refused_to_anyone_who_does_not_manage_the_challenge(challenge, user_for, role):
    with pytest.raises(PermissionDenied, match="^You cannot change this challenge.$"):
        team_member_add(by=user_for(role), challenge=challenge, peer=_peer(), role=TeamRole.OFFICER_PEER)

    assert challenge.team.count() == 1


# A peer on two teams on site at once


@pytest.fixture
def overlapping(avon, lead_peer):
    """The lead peer on Kent's team, on site the same week as an Avon challenge."""
    from .factories import TeamMembershipFactory

    kent_week = ChallengeFactory(authority=Authority.objects.get(slug="cornwall"), start_date=MARCH_8, end_date=MARCH_11)
    TeamMembershipFactory(challenge=kent_week, peer=lead_peer, role=TeamRole.LEAD_PEER, holds_visit=True)
    return ChallengeFactory(authority=avon, start_date=MARCH_8 + datetime.timedelta(days=2), end_date=MARCH_11 + datetime.timedelta(days=2))


def test_team_member_add_peer_on_another_team_on_site_at_the_same_time_refused(adviser, overlapping, lead_peer):
    with pytest.raises(ValidationError) as refused:
        team_member_add(by=adviser, challenge=overlapping, peer=lead_peer, role=TeamRole.LEAD_PEER)

    assert refused.value.message_dict == {"peer": [
        f"{lead_peer} is on the team of Cornwall, on site from {long_date(MARCH_8)} to {long_date(MARCH_11)}, at the same time"
    ]}


def test_team_member_add_peer_on_a_cancelled_team_allowed(adviser, overlapping, lead_peer):
    Challenge.objects.exclude(pk=overlapping.pk).update(status=ChallengeStatus.CANCELLED, status_reason="Stopped")
    TeamMembership.objects.update(on_site_from=None, on_site_to=None)  # as cancelling through the service leaves them

    assert team_member_add(by=adviser, challenge=overlapping, peer=lead_peer, role=TeamRole.LEAD_PEER).peer == lead_peer


def test_team_suggestions_never_offer_a_hard_conflict(overlapping, lead_peer):
    from authorities.tests.factories import PeerFactory
    from challenges.selectors.team import team_suggestions

    free = PeerFactory(home_authority=Authority.objects.get(slug="kent"))
    own = PeerFactory(home_authority=overlapping.authority)
    inactive = PeerFactory(is_active=False, retired_reason="Retired")

    offered = {c.peer.id for c in team_suggestions(challenge=overlapping, role=TeamRole.OFFICER_PEER)["candidates"]}

    assert free.pk in offered
    assert {lead_peer.pk, own.pk, inactive.pk} & offered == set()


def test_reschedule_onto_a_week_a_team_peer_is_elsewhere_refused(adviser, avon, lead_peer):
    from challenges.services.challenge import challenge_reschedule

    from .factories import TeamMembershipFactory

    elsewhere = ChallengeFactory(authority=Authority.objects.get(slug="cornwall"), start_date=MARCH_8 + datetime.timedelta(days=28),
                                 end_date=MARCH_11 + datetime.timedelta(days=28))
    TeamMembershipFactory(challenge=elsewhere, peer=lead_peer, holds_visit=True)
    challenge = ChallengeFactory(authority=avon, start_date=MARCH_8, end_date=MARCH_11)
    TeamMembershipFactory(challenge=challenge, peer=lead_peer, role=TeamRole.LEAD_PEER, holds_visit=True)

    with pytest.raises(ValidationError) as refused:
        challenge_reschedule(by=adviser, challenge=challenge, reason="Later", start_date=elsewhere.start_date, end_date=elsewhere.end_date)

    assert refused.value.message_dict == {"start_date": [
        f"{lead_peer} on this team is on the team of Cornwall, on site from {long_date(elsewhere.start_date)} to "
        f"{long_date(elsewhere.end_date)}: choose other dates or change the team"
    ]}
