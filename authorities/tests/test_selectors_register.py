"""Reads of the authorities register: who may correct or manage which authority (and that the
predicates showing actions agree), contacts, inspections and the history of changes."""

import datetime

import pytest
import rules

from authorities.choices import ContactRole, GradeScale, InspectionGrade, InspectionQuestion, Region
from authorities.models import Authority
from authorities.selectors.authority import (
    authorities_correctable_by,
    authorities_managed_by,
    authorities_with_details,
    authority_contact_for_role,
    authority_contacts,
)
from authorities.selectors.history import FieldChange, authority_history
from authorities.selectors.inspection import inspections_for_authority
from authorities.services.authority import authority_contact_remove, authority_contact_save, authority_update
from authorities.services.inspection import inspection_save
from challenges.tests.factories import ChallengeFactory
from peersupport.tests.records import slugs

from .factories import AuthorityContactFactory, InspectionFactory, InspectionResultFactory

pytestmark = pytest.mark.integration

ROLES = ["lga_admin", "adviser", "other_adviser", "lead_peer", "fra_contact", "other_fra_contact", "anonymous"]
SOUTH_WEST = ["avon", "cornwall", "devon-and-somerset", "dorset", "dorset-and-wiltshire", "gloucestershire", "isles-of-scilly", "wiltshire"]


# Who may correct and manage which authority


@pytest.mark.parametrize(("role", "count"), [("lga_admin", 48)] + [(role, 0) for role in ROLES[1:]])
def test_authorities_correctable_by_lga_admin_only(db, user_for, role, count):
    assert authorities_correctable_by(user=user_for(role)).count() == count


def test_authorities_managed_by_lga_admin_every_authority(lga_admin):
    assert authorities_managed_by(user=lga_admin).count() == 48


def test_authorities_managed_by_adviser_their_regions_current_and_abolished(adviser):
    assert slugs(authorities_managed_by(user=adviser)) == SOUTH_WEST


@pytest.mark.parametrize("role", ["lead_peer", "fra_contact", "other_fra_contact", "anonymous"])
def test_authorities_managed_by_anyone_else_none(db, user_for, role):
    assert authorities_managed_by(user=user_for(role)).count() == 0


@pytest.mark.parametrize("role", ROLES)
def test_permissions_agree_with_the_selectors_for_every_authority(db, user_for, role):
    user = user_for(role)
    correctable, managed = set(authorities_correctable_by(user=user)), set(authorities_managed_by(user=user))

    for authority in Authority.objects.all():
        correct, manage = (rules.has_perm(f"authorities.{action}_authority", user, authority) for action in ("correct", "manage"))
        assert (authority.slug, correct, manage) == (
            authority.slug, authority in correctable, authority in managed,
        )


# authorities_with_details


def test_authorities_with_details_for_fra_contact_only_their_own(fra_contact):
    assert slugs(authorities_with_details(user=fra_contact)) == ["avon"]


def test_authorities_with_details_last_challenge_and_successor_in_one_query(lga_admin, avon, django_assert_num_queries):
    ChallengeFactory(authority=avon, start_date=datetime.date(2025, 5, 12), end_date=datetime.date(2025, 5, 15))
    ChallengeFactory(authority=avon, start_date=datetime.date(2027, 5, 10), end_date=datetime.date(2027, 5, 13))

    with django_assert_num_queries(1):
        rows = {
            a.slug: (a.last_challenge_on, a.succeeded_by.slug if a.succeeded_by else None)
            for a in authorities_with_details(user=lga_admin, today=datetime.date(2026, 11, 25))
        }

    assert (rows["avon"], rows["kent"], rows["dorset"]) == (
        (datetime.date(2025, 5, 12), None), (None, None), (None, "dorset-and-wiltshire"),
    )


# Contacts and inspections


def test_authority_contacts_every_role_in_order_with_none_for_missing(avon):
    chair = AuthorityContactFactory(authority=avon, role=ContactRole.AUTHORITY_CHAIR)
    AuthorityContactFactory(authority=Authority.objects.get(slug="kent"), role=ContactRole.CHIEF_FIRE_OFFICER)

    assert authority_contacts(authority=avon) == [
        (ContactRole.CHIEF_FIRE_OFFICER, None),
        (ContactRole.AUTHORITY_CHAIR, chair),
        (ContactRole.IMPROVEMENT_LEAD, None),
    ]
    assert authority_contact_for_role(authority=avon, role=ContactRole.AUTHORITY_CHAIR) == chair
    assert authority_contact_for_role(authority=avon, role=ContactRole.IMPROVEMENT_LEAD) is None


def test_inspections_for_authority_latest_first_with_grades_in_two_queries(avon, django_assert_num_queries):
    older = InspectionFactory(authority=avon, started_on=datetime.date(2019, 6, 3), ended_on=datetime.date(2019, 6, 14))
    latest = InspectionFactory(authority=avon, started_on=datetime.date(2024, 2, 5), ended_on=datetime.date(2024, 2, 16))
    InspectionFactory(authority=Authority.objects.get(slug="kent"))
    InspectionResultFactory(inspection=latest, question=InspectionQuestion.AFFORDABLE, grade=InspectionGrade.INADEQUATE)

    with django_assert_num_queries(2):
        inspections = list(inspections_for_authority(authority=avon))
        grades = [[(question, result and result.grade) for question, result in inspection.grades] for inspection in inspections]

    assert inspections == [latest, older]
    assert grades[0][6] == ("Making the service affordable now and in future", "inadequate")
    assert [question for question, _ in grades[0]] == InspectionQuestion.labels
    assert {grade for _, grade in grades[1]} == {None}


# authority_history


def test_authority_history_of_the_reference_data_only_the_load(avon):
    entries = authority_history(authority=avon)

    assert [(e.title, e.who, e.reason, e.changes) for e in entries] == [
        ("Authority record added", "Not recorded", "Loaded from the reference data", []),
    ]


def test_authority_history_field_changes_with_readable_values(lga_admin):
    wiltshire = Authority.objects.get(slug="wiltshire")

    authority_update(
        by=lga_admin, authority=wiltshire, region=Region.SOUTH_EAST, ended_on=datetime.date(2016, 3, 31),
        succeeded_by=Authority.objects.get(slug="kent"), needs_verification=False,
    )

    latest = authority_history(authority=wiltshire)[0]
    assert (latest.title, latest.who) == ("Authority record changed", lga_admin.full_name)
    assert latest.changes == [
        FieldChange("End date", "1 April 2016", "31 March 2016"),
        FieldChange("Needs verification", "Yes", "No"),
        FieldChange("Region", "South West", "South East"),
        FieldChange("Successor", "Dorset and Wiltshire Fire and Rescue Authority", "Kent and Medway Fire and Rescue Authority"),
    ]


def test_authority_history_contacts_added_changed_and_removed(adviser, avon):
    authority_contact_save(by=adviser, authority=avon, role=ContactRole.AUTHORITY_CHAIR, name="Cllr Helen Price", email="helen@example.org")
    contact = authority_contact_save(by=adviser, authority=avon, role=ContactRole.AUTHORITY_CHAIR, name="Cllr Helen Price-Ward", email="helen@example.org")
    authority_contact_remove(by=adviser, contact=contact)

    entries = authority_history(authority=avon)

    assert [(e.title, e.who, e.changes) for e in entries[:3]] == [
        ("Authority chair removed", adviser.full_name, []),
        ("Authority chair changed", adviser.full_name, [FieldChange("Name", "Cllr Helen Price", "Cllr Helen Price-Ward")]),
        (
            "Authority chair added",
            adviser.full_name,
            [FieldChange("Name", "Not recorded", "Cllr Helen Price"), FieldChange("Email address", "Not recorded", "helen@example.org")],
        ),
    ]


def test_authority_history_grade_changes_join_their_inspection_save(lga_admin, avon):
    fields = {
        "round_name": "Round 2 (2021 to 2022)", "grade_scale": GradeScale.FOUR_GRADE, "started_on": datetime.date(2021, 10, 4),
        "ended_on": datetime.date(2021, 10, 15), "report_published_on": None, "causes_of_concern": "",
    }
    inspection = inspection_save(by=lga_admin, authority=avon, grades={InspectionQuestion.AFFORDABLE: InspectionGrade.GOOD}, **fields)
    inspection_save(
        by=lga_admin, authority=avon, inspection=inspection, grades={InspectionQuestion.RIGHT_PEOPLE: InspectionGrade.INADEQUATE},
        **{**fields, "report_published_on": datetime.date(2022, 1, 27)},
    )

    changed, added = authority_history(authority=avon)[:2]

    assert (changed.title, changed.changes) == (
        "Inspection Round 2 (2021 to 2022) changed",
        [
            FieldChange("Report publication date", "Not recorded", "27 January 2022"),
            FieldChange("Grade: Making the service affordable now and in future", "Good", "Not graded"),
            FieldChange("Grade: Getting the right people with the right skills", "Not graded", "Inadequate"),
        ],
    )
    assert (added.title, added.changes[-1]) == (
        "Inspection Round 2 (2021 to 2022) added",
        FieldChange("Grade: Making the service affordable now and in future", "Not graded", "Good"),
    )


def test_authority_history_leaves_out_other_authorities(lga_admin, avon):
    kent = Authority.objects.get(slug="kent")
    authority_contact_save(by=lga_admin, authority=kent, role=ContactRole.AUTHORITY_CHAIR, name="Jo", email="jo@example.org")
    InspectionResultFactory(inspection=InspectionFactory(authority=kent))

    assert [entry.title for entry in authority_history(authority=avon)] == ["Authority record added"]


def test_authority_history_queries_do_not_grow_with_history(lga_admin, avon, django_assert_num_queries):
    with django_assert_num_queries(5):
        authority_history(authority=avon)

    for number in range(4):
        authority_update(by=lga_admin, authority=avon, short_name=f"Avon {number}")
        authority_contact_save(by=lga_admin, authority=avon, role=ContactRole.IMPROVEMENT_LEAD, name=f"Lead {number}", email="lead@example.org")
        inspection = InspectionFactory(authority=avon)
        InspectionResultFactory(inspection=inspection)
    with django_assert_num_queries(5):
        entries = authority_history(authority=avon)

    assert len(entries) == 1 + 4 + 4 + 4
