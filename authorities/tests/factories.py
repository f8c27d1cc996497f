import factory

from authorities.choices import AuthorityStatus, Governance, PeerType, Region, Role
from authorities.models import Authority, Peer, User


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
