import datetime

import factory

from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory, PeerFactory
from challenges.choices import ChallengeType, FindingArea, FindingKind, TeamRole
from challenges.models import Challenge, Finding, TeamMembership


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    authority = factory.LazyFunction(lambda: Authority.objects.get(slug="avon"))
    challenge_type = ChallengeType.OPERATIONAL_ASSESSMENT
    start_date = datetime.date(2027, 3, 8)
    end_date = datetime.date(2027, 3, 11)
    booked_by = factory.SubFactory(LgaAdminFactory)


class TeamMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMembership

    challenge = factory.SubFactory(ChallengeFactory)
    peer = factory.SubFactory(PeerFactory)
    role = TeamRole.PEER
    added_by = factory.SubFactory(LgaAdminFactory)


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Finding

    challenge = factory.SubFactory(ChallengeFactory)
    kind = FindingKind.STRENGTH
    area = FindingArea.PREVENTION
    text = factory.Sequence(lambda n: f"Finding number {n} about prevention work.")
    recorded_by = factory.SubFactory(LgaAdminFactory)
