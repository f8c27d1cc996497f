import datetime

import factory

from authorities.choices import (
    AuthorityStatus,
    ContactRole,
    Governance,
    InspectionGrade,
    InspectionQuestion,
    PeerType,
    Region,
    Role,
    SpecialismGroup,
)
from authorities.models import (
    Authority,
    AuthorityContact,
    Inspection,
    InspectionResult,
    Peer,
    PeerTag,
    Specialism,
    TrainingRecord,
    Unavailability,
    User,
)


class AuthorityFactory(factory.django.DjangoModelFactory):
    """A made-up authority; the 48 real ones are loaded by a migration."""

    class Meta:
        model = Authority

    ons_code = factory.Sequence(lambda n: f"E3190{n:04d}")
    name = factory.Sequence(lambda n: f"Testshire {n} Fire Authority")
    short_name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.Sequence(lambda n: f"testshire-{n}")
    region = Region.SOUTH_WEST
    governance = Governance.COMBINED_FIRE_AUTHORITY
    status = AuthorityStatus.CURRENT


PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.django.Password(PASSWORD)


class LgaAdminFactory(UserFactory):
    role = Role.LGA_ADMIN


class PrincipalAdviserFactory(UserFactory):
    role = Role.PRINCIPAL_ADVISER
    region = Region.SOUTH_WEST


class PeerUserFactory(UserFactory):
    role = Role.PEER


class FraContactFactory(UserFactory):
    role = Role.FRA_CONTACT
    authority = factory.LazyFunction(lambda: Authority.objects.get(slug="avon"))


class PeerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Peer

    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"peer{n}@example.org")
    peer_type = PeerType.OFFICER
    home_authority = factory.LazyFunction(lambda: Authority.objects.get(slug="merseyside"))
    can_lead = False


class AuthorityContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorityContact

    authority = factory.LazyFunction(lambda: Authority.objects.get(slug="avon"))
    role = ContactRole.CHIEF_FIRE_OFFICER
    name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"contact{n}@example.org")


class InspectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Inspection

    authority = factory.LazyFunction(lambda: Authority.objects.get(slug="avon"))
    round_name = "Round 3 (2023 to 2025)"
    started_on = datetime.date(2024, 2, 5)
    ended_on = datetime.date(2024, 2, 16)
    recorded_by = factory.SubFactory(LgaAdminFactory)


class InspectionResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspectionResult

    inspection = factory.SubFactory(InspectionFactory)
    question = InspectionQuestion.UNDERSTANDING_RISK
    grade = InspectionGrade.GOOD


class SpecialismFactory(factory.django.DjangoModelFactory):
    """A made-up specialism; the framework's own are loaded by a migration."""

    class Meta:
        model = Specialism

    code = factory.Sequence(lambda n: f"test-specialism-{n}")
    name = factory.Sequence(lambda n: f"Test specialism {n}")
    group = SpecialismGroup.THEME


class PeerTagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeerTag

    name = factory.Sequence(lambda n: f"tag {n}")


class TrainingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrainingRecord

    peer = factory.SubFactory(PeerFactory)
    course = "LGA peer challenge induction"
    completed_on = datetime.date(2025, 10, 6)
    expires_on = datetime.date(2028, 10, 6)


class UnavailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unavailability

    peer = factory.SubFactory(PeerFactory)
    start_date = datetime.date(2027, 3, 1)
    end_date = datetime.date(2027, 3, 12)
    reason = "Leave"
