import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory, PeerFactory
from challenges.choices import ChallengeStatus, ChallengeType, FindingKind, TeamRole
from challenges.models import Challenge, TeamMembership

from .factories import ChallengeFactory, FindingFactory, TeamMembershipFactory

MARCH_8, MARCH_11 = datetime.date(2027, 3, 8), datetime.date(2027, 3, 11)


def _challenge_fields(**overrides):
    return {
        "authority": Authority.objects.get(slug="avon"),
        "challenge_type": ChallengeType.DEEP_DIVE,
        "start_date": MARCH_11,
        "end_date": MARCH_8,
        "booked_by": LgaAdminFactory(),
        **overrides,
    }


# Challenge


@pytest.mark.integration
def test_challenge_end_before_start_refused_by_database_on_create(db):
    fields = _challenge_fields()

    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.create(**fields)

    assert Challenge.objects.count() == 0


@pytest.mark.integration
def test_challenge_end_before_start_refused_by_database_on_bulk_create(db):
    fields = _challenge_fields()

    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.bulk_create([Challenge(**_challenge_fields(start_date=MARCH_8, end_date=MARCH_11)), Challenge(**fields)])

    assert Challenge.objects.count() == 0


@pytest.mark.integration
def test_challenge_end_before_start_refused_by_database_on_update(db):
    challenge = ChallengeFactory(start_date=MARCH_8, end_date=MARCH_11)

    with pytest.raises(IntegrityError), transaction.atomic():
        Challenge.objects.filter(pk=challenge.pk).update(end_date=datetime.date(2027, 3, 7))

    challenge.refresh_from_db()
    assert challenge.end_date == MARCH_11


@pytest.mark.integration
def test_challenge_end_before_start_refused_by_full_clean(db):
    challenge = Challenge(**_challenge_fields())

    with pytest.raises(ValidationError) as error:
        challenge.full_clean()

    assert error.value.message_dict == {"end_date": ["The on-site end date must be the same as or after the start date"]}


@pytest.mark.integration
def test_challenge_one_day_on_site_accepted(db):
    challenge = Challenge.objects.create(**_challenge_fields(start_date=MARCH_8, end_date=MARCH_8))

    assert challenge.status == ChallengeStatus.CONFIRMED


@pytest.mark.integration
def test_challenge_str_names_type_authority_and_month(db):
    challenge = ChallengeFactory(challenge_type=ChallengeType.PRE_INSPECTION, start_date=MARCH_8, end_date=MARCH_11)

    assert str(challenge) == "Pre-inspection peer support: Avon, March 2027"


@pytest.mark.integration
def test_challenge_absolute_url_is_its_page(db):
    challenge = ChallengeFactory()

    assert challenge.get_absolute_url() == f"/challenges/{challenge.pk}/"


@pytest.mark.unit
@pytest.mark.parametrize(
    ("status", "colour"),
    [(ChallengeStatus.CONFIRMED, "blue"), (ChallengeStatus.REPORT_DRAFTING, "yellow"), (ChallengeStatus.PUBLISHED, "green")],
)
def test_challenge_status_colour_by_status(status, colour):
    assert Challenge(status=status).status_colour == colour


@pytest.mark.integration
def test_challenge_list_ordering_latest_start_first(db):
    older = ChallengeFactory(start_date=datetime.date(2026, 1, 5), end_date=datetime.date(2026, 1, 8))
    newer = ChallengeFactory(start_date=datetime.date(2027, 1, 4), end_date=datetime.date(2027, 1, 7))

    assert list(Challenge.objects.all()) == [newer, older]


# Team


@pytest.mark.integration
def test_team_second_lead_peer_refused_by_database(challenge):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembershipFactory(challenge=challenge, peer=PeerFactory(can_lead=True), role=TeamRole.LEAD_PEER)

    assert challenge.team.filter(role=TeamRole.LEAD_PEER).count() == 1


@pytest.mark.integration
def test_team_leads_of_different_challenges_accepted(challenge, lead_peer):
    other = ChallengeFactory()

    TeamMembershipFactory(challenge=other, peer=lead_peer, role=TeamRole.LEAD_PEER)

    assert TeamMembership.objects.filter(role=TeamRole.LEAD_PEER).count() == 2


@pytest.mark.integration
def test_team_several_ordinary_peers_accepted(challenge):
    TeamMembershipFactory.create_batch(3, challenge=challenge, role=TeamRole.OFFICER_PEER)

    assert challenge.team.count() == 4


@pytest.mark.integration
def test_team_same_peer_twice_refused_by_database(challenge, lead_peer):
    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembershipFactory(challenge=challenge, peer=lead_peer, role=TeamRole.OFFICER_PEER)

    assert challenge.team.filter(peer=lead_peer).count() == 1


@pytest.mark.integration
def test_team_same_peer_twice_refused_on_bulk_create(challenge):
    peer = PeerFactory()
    admin = LgaAdminFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        TeamMembership.objects.bulk_create(
            [TeamMembership(challenge=challenge, peer=peer, role=TeamRole.OFFICER_PEER, added_by=admin) for _ in range(2)]
        )


@pytest.mark.integration
def test_team_membership_str_names_peer_and_role(db):
    membership = TeamMembershipFactory(peer=PeerFactory(full_name="Ravi Shah"), role=TeamRole.LEAD_PEER)

    assert str(membership) == "Ravi Shah (Lead peer)"


# Findings


@pytest.mark.integration
def test_finding_str_names_kind_and_first_60_characters(db):
    finding = FindingFactory(kind=FindingKind.RECOMMENDATION, text="Review the " + "x" * 100)

    assert str(finding) == "Recommendation: Review the " + "x" * 49


@pytest.mark.integration
def test_findings_in_the_order_recorded(challenge):
    first, second = FindingFactory(challenge=challenge), FindingFactory(challenge=challenge)

    assert list(challenge.findings.all()) == [first, second]
