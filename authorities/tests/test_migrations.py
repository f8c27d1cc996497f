"""The reference data the migrations load, and the rules the migrated schema holds."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from authorities.choices import AuthorityStatus, Region, Role
from authorities.models import Authority, Specialism

from .factories import UserFactory

pytestmark = pytest.mark.integration


def test_reference_data_loads_48_authorities(db):
    assert Authority.objects.count() == 48


def test_reference_data_44_current_and_4_abolished(db):
    assert Authority.objects.filter(status=AuthorityStatus.CURRENT).count() == 44
    assert sorted(Authority.objects.filter(status=AuthorityStatus.ABOLISHED).values_list("slug", flat=True)) == [
        "dorset",
        "hampshire",
        "isle-of-wight",
        "wiltshire",
    ]


def test_reference_data_abolished_authorities_point_to_their_successors(db):
    abolished = Authority.objects.filter(status=AuthorityStatus.ABOLISHED).select_related("succeeded_by")

    assert {a.slug: (a.succeeded_by.slug, a.ended_on) for a in abolished} == {
        "dorset": ("dorset-and-wiltshire", datetime.date(2016, 4, 1)),
        "wiltshire": ("dorset-and-wiltshire", datetime.date(2016, 4, 1)),
        "hampshire": ("hampshire-and-isle-of-wight", datetime.date(2021, 4, 1)),
        "isle-of-wight": ("hampshire-and-isle-of-wight", datetime.date(2021, 4, 1)),
    }


def test_reference_data_successors_are_current_with_their_predecessors(db):
    successors = Authority.objects.filter(slug__in=["dorset-and-wiltshire", "hampshire-and-isle-of-wight"])

    assert {a.slug: (a.status, a.ended_on, sorted(p.slug for p in a.predecessors.all())) for a in successors} == {
        "dorset-and-wiltshire": (AuthorityStatus.CURRENT, None, ["dorset", "wiltshire"]),
        "hampshire-and-isle-of-wight": (AuthorityStatus.CURRENT, None, ["hampshire", "isle-of-wight"]),
    }


def test_reference_data_only_abolished_authorities_have_successors(db):
    assert Authority.objects.filter(status=AuthorityStatus.CURRENT, succeeded_by__isnull=False).count() == 0


@pytest.mark.parametrize(
    ("slug", "name", "region"),
    [
        ("avon", "Avon Fire Authority", Region.SOUTH_WEST),
        ("kent", "Kent and Medway Fire and Rescue Authority", Region.SOUTH_EAST),
        ("cleveland", "Cleveland Fire Authority", Region.NORTH_EAST),
    ],
)
def test_reference_data_authority_names_and_regions(db, slug, name, region):
    authority = Authority.objects.get(slug=slug)

    assert (authority.name, authority.region) == (name, region)


def test_reference_data_every_region_has_a_current_authority(db):
    regions = set(Authority.objects.filter(status=AuthorityStatus.CURRENT).values_list("region", flat=True))

    assert regions == set(Region.values)


def test_reference_data_loads_the_framework_specialisms(db):
    assert Specialism.objects.count() == 25
    assert Specialism.objects.filter(group="opa_area").count() == 9


def test_models_have_no_changes_missing_a_migration(db):
    out = StringIO()

    call_command("makemigrations", "--check", "--dry-run", stdout=out)

    assert out.getvalue() == "No changes detected\n"


# The user table's rules hold in the database, whatever code writes to it.


def _with_authority(fields):
    """The fields with an authority slug swapped for the authority."""
    if fields.get("authority"):
        return {**fields, "authority": Authority.objects.get(slug=fields["authority"])}
    return fields


def _refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(**fields)


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"role": Role.PRINCIPAL_ADVISER, "region": ""}, id="adviser-without-region"),
        pytest.param({"role": Role.LGA_ADMIN, "region": Region.LONDON}, id="admin-with-region"),
        pytest.param({"role": Role.PEER, "region": Region.LONDON}, id="peer-with-region"),
        pytest.param({"role": Role.FRA_CONTACT, "authority": None}, id="fra-contact-without-authority"),
        pytest.param({"role": Role.PEER, "authority": "avon"}, id="peer-with-authority"),
        pytest.param({"role": Role.LGA_ADMIN, "authority": "avon"}, id="admin-with-authority"),
        pytest.param(
            {"role": Role.PRINCIPAL_ADVISER, "region": Region.SOUTH_WEST, "authority": "avon"},
            id="adviser-with-authority",
        ),
    ],
)
def test_user_inconsistent_role_refused_by_database(db, fields):
    _refused(**_with_authority(fields))


@pytest.mark.parametrize(
    "fields",
    [
        {"role": Role.LGA_ADMIN},
        {"role": Role.PRINCIPAL_ADVISER, "region": Region.SOUTH_WEST},
        {"role": Role.PEER},
        {"role": Role.FRA_CONTACT, "authority": "avon"},
    ],
)
def test_user_consistent_role_accepted_by_database(db, fields):
    assert UserFactory(**_with_authority(fields)).pk is not None


def test_user_email_unique_in_database(db):
    UserFactory(email="jo@example.org", role=Role.PEER)

    _refused(email="jo@example.org", role=Role.PEER)
