"""Writes to the authorities register: correcting an authority, contacts and inspections.
Each checks who may write, the rules, and that history names the user outside a request."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from authorities.choices import AuthorityStatus, ContactRole, GradeScale, InspectionGrade, InspectionQuestion
from authorities.models import Authority, AuthorityContact, Inspection, InspectionResult
from authorities.services.authority import authority_contact_remove, authority_contact_save, authority_update
from authorities.services.inspection import inspection_save

from .factories import AuthorityContactFactory, InspectionFactory, InspectionResultFactory

pytestmark = pytest.mark.integration

ROUND_3 = {
    "round_name": "Round 3 (2023 to 2025)",
    "grade_scale": GradeScale.FIVE_GRADE,
    "started_on": datetime.date(2024, 2, 5),
    "ended_on": datetime.date(2024, 2, 16),
    "report_published_on": None,
    "causes_of_concern": "",
}


def _grades(inspection):
    return dict(inspection.results.values_list("question", "grade"))


# authority_update


def test_authority_update_saves_and_names_the_user_in_history(lga_admin, avon):
    authority_update(by=lga_admin, authority=avon, name="Avon Fire and Rescue Authority", needs_verification=True)

    avon.refresh_from_db()
    latest = avon.history.first()
    assert (avon.name, avon.needs_verification) == ("Avon Fire and Rescue Authority", True)
    assert (latest.history_type, latest.history_user, latest.name) == ("~", lga_admin, "Avon Fire and Rescue Authority")


@pytest.mark.parametrize("role", ["adviser", "other_adviser", "lead_peer", "fra_contact", "anonymous"])
def test_authority_update_by_anyone_but_an_lga_admin_refused(user_for, avon, role):
    with pytest.raises(PermissionDenied):
        authority_update(by=user_for(role), authority=avon, name="Changed")

    assert Authority.objects.get(slug="avon").name == "Avon Fire Authority"


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"status": AuthorityStatus.ABOLISHED}, {"ended_on": ["Enter the date the authority was abolished"]}),
        (
            {"ended_on": datetime.date(2027, 4, 1)},
            {"ended_on": ["Only an abolished authority has an end date: remove the date or change the status"]},
        ),
        ({"short_name": "Kent"}, {"short_name": ["Another authority already has this short name"]}),
        ({"ons_code": "E3100001"}, {"ons_code": ["Enter an ONS code in the correct format: E and 8 digits, like E31000001"]}),
        ({"name": "x" * 201}, {"name": ["Ensure this value has at most 200 characters (it has 201)."]}),
    ],
)
def test_authority_update_breaking_a_rule_refused_with_field_errors(lga_admin, avon, fields, errors):
    with pytest.raises(ValidationError) as error:
        authority_update(by=lga_admin, authority=avon, **fields)

    assert error.value.message_dict == errors
    assert avon.history.count() == 1


def test_authority_update_successor_of_current_authority_refused(lga_admin, avon):
    with pytest.raises(ValidationError) as error:
        authority_update(by=lga_admin, authority=avon, succeeded_by=Authority.objects.get(slug="kent"))

    assert error.value.message_dict == {"succeeded_by": ["Only an abolished authority has a successor"]}


def test_authority_update_own_successor_refused(lga_admin):
    dorset = Authority.objects.get(slug="dorset")

    with pytest.raises(ValidationError) as error:
        authority_update(by=lga_admin, authority=dorset, succeeded_by=dorset)

    assert error.value.message_dict == {"succeeded_by": ["An authority cannot succeed itself, directly or through others"]}


def test_authority_update_successor_cycle_refused(lga_admin):
    # Dorset was succeeded by Dorset and Wiltshire; making Dorset its successor in turn (after
    # abolishing it on paper) would send the chain round in a circle.
    merged = Authority.objects.get(slug="dorset-and-wiltshire")
    dorset = Authority.objects.get(slug="dorset")

    with pytest.raises(ValidationError) as error:
        authority_update(by=lga_admin, authority=merged, status="abolished", ended_on=datetime.date(2030, 4, 1), succeeded_by=dorset)

    assert error.value.message_dict == {"succeeded_by": ["An authority cannot succeed itself, directly or through others"]}
    merged.refresh_from_db()
    assert merged.status == "current"


@pytest.mark.parametrize("short_name", ["KENT", "kent", " Kent "])
def test_authority_update_short_name_of_another_in_any_case_refused(lga_admin, avon, short_name):
    with pytest.raises(ValidationError) as error:
        authority_update(by=lga_admin, authority=avon, short_name=short_name.strip())

    assert error.value.message_dict == {"short_name": ["Another authority already has this short name"]}


def test_authority_update_short_name_like_an_ons_code_refused(lga_admin, avon):
    with pytest.raises(ValidationError) as error:
        authority_update(by=lga_admin, authority=avon, short_name="E31000020")

    assert error.value.message_dict == {"short_name": ["A short name cannot look like an ONS code"]}


def test_authority_short_name_unique_in_any_case_held_by_the_database(avon):
    with pytest.raises(IntegrityError), transaction.atomic():
        Authority.objects.filter(pk=avon.pk).update(short_name="KENT")


# authority_contact_save, authority_contact_remove


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
def test_authority_contact_save_adds_contact_with_history(user_for, avon, role):
    user = user_for(role)

    contact = authority_contact_save(
        by=user, authority=avon, role=ContactRole.AUTHORITY_CHAIR, name=" Cllr Helen Price ", email=" Helen@Example.ORG "
    )

    assert (contact.authority, contact.role, contact.name, contact.email) == (avon, "authority_chair", "Cllr Helen Price", "helen@example.org")
    assert [(h.history_type, h.history_user) for h in contact.history.all()] == [("+", user)]


def test_authority_contact_save_replaces_the_contact_for_the_role(lga_admin, avon):
    existing = AuthorityContactFactory(authority=avon, role=ContactRole.CHIEF_FIRE_OFFICER, name="Morgan Reid")

    contact = authority_contact_save(
        by=lga_admin, authority=avon, role=ContactRole.CHIEF_FIRE_OFFICER, name="Sam Okoro", email="sam@example.org"
    )

    assert contact.pk == existing.pk
    assert list(avon.contacts.values_list("role", "name")) == [("chief_fire_officer", "Sam Okoro")]


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact", "anonymous"])
def test_authority_contact_save_by_anyone_else_refused(user_for, avon, role):
    with pytest.raises(PermissionDenied):
        authority_contact_save(by=user_for(role), authority=avon, role=ContactRole.AUTHORITY_CHAIR, name="Jo", email="jo@example.org")

    assert AuthorityContact.objects.count() == 0


def test_authority_contact_save_invalid_email_refused(lga_admin, avon):
    with pytest.raises(ValidationError) as error:
        authority_contact_save(by=lga_admin, authority=avon, role=ContactRole.AUTHORITY_CHAIR, name="Jo", email="not an email")

    assert error.value.message_dict == {"email": ["Enter a valid email address."]}


def test_authority_contact_save_unknown_role_refused(lga_admin, avon):
    with pytest.raises(ValidationError) as error:
        authority_contact_save(by=lga_admin, authority=avon, role="mayor", name="Jo", email="jo@example.org")

    assert list(error.value.message_dict) == ["role"]


def test_authority_contact_remove_keeps_who_removed_them(adviser, avon):
    contact = AuthorityContactFactory(authority=avon, name="Morgan Reid")

    authority_contact_remove(by=adviser, contact=contact)

    removed = AuthorityContact.history.first()
    assert (removed.history_type, removed.name, removed.history_user) == ("-", "Morgan Reid", adviser)
    assert AuthorityContact.objects.count() == 0


def test_authority_contact_remove_by_another_regions_adviser_refused(other_adviser, avon):
    contact = AuthorityContactFactory(authority=avon)

    with pytest.raises(PermissionDenied):
        authority_contact_remove(by=other_adviser, contact=contact)

    assert AuthorityContact.objects.count() == 1


# inspection_save


def test_inspection_save_records_inspection_and_grades_under_the_user(adviser, avon):
    inspection = inspection_save(
        by=adviser, authority=avon, grades={InspectionQuestion.UNDERSTANDING_RISK: InspectionGrade.ADEQUATE, InspectionQuestion.AFFORDABLE: ""},
        **{**ROUND_3, "causes_of_concern": "  First \n\n Second  "},
    )

    assert (inspection.authority, inspection.recorded_by, inspection.causes_of_concern) == (avon, adviser, "First\nSecond")
    assert _grades(inspection) == {"understanding_risk": "adequate"}
    assert {h.history_user for h in Inspection.history.all()} | {h.history_user for h in InspectionResult.history.all()} == {adviser}


def test_inspection_save_changes_adds_and_removes_grades(lga_admin, avon):
    inspection = InspectionFactory(authority=avon)
    kept = InspectionResultFactory(inspection=inspection, question=InspectionQuestion.UNDERSTANDING_RISK, grade=InspectionGrade.GOOD)
    InspectionResultFactory(inspection=inspection, question=InspectionQuestion.AFFORDABLE, grade=InspectionGrade.GOOD)
    InspectionResultFactory(inspection=inspection, question=InspectionQuestion.RIGHT_PEOPLE, grade=InspectionGrade.GOOD)

    inspection_save(
        by=lga_admin, authority=avon, inspection=inspection, **ROUND_3,
        grades={
            InspectionQuestion.UNDERSTANDING_RISK: InspectionGrade.GOOD,
            InspectionQuestion.AFFORDABLE: InspectionGrade.INADEQUATE,
            InspectionQuestion.RIGHT_PEOPLE: "",
            InspectionQuestion.MAJOR_INCIDENTS: InspectionGrade.OUTSTANDING,
        },
    )

    assert _grades(inspection) == {"understanding_risk": "good", "affordable": "inadequate", "major_incidents": "outstanding"}
    assert kept.history.count() == 1  # its creation only: unchanged, so not saved again
    assert sorted(InspectionResult.history.filter(history_user=lga_admin).values_list("question", "history_type", "history_user")) == [
        ("affordable", "~", lga_admin.pk),
        ("major_incidents", "+", lga_admin.pk),
        ("right_people", "-", lga_admin.pk),
    ]


def test_inspection_save_adequate_on_the_four_grade_scale_refused_and_nothing_saved(lga_admin, avon):
    with pytest.raises(ValidationError) as error:
        inspection_save(
            by=lga_admin, authority=avon, **{**ROUND_3, "grade_scale": GradeScale.FOUR_GRADE},
            grades={InspectionQuestion.PREVENTING_FIRES: InspectionGrade.ADEQUATE, InspectionQuestion.AFFORDABLE: InspectionGrade.GOOD},
        )

    assert error.value.message_dict == {
        "preventing_fires": ["Choose a grade on the four-grade scale for preventing fires and other risks: ‘adequate’ is not one of its grades"]
    }
    assert (Inspection.objects.count(), InspectionResult.objects.count()) == (0, 0)


def test_inspection_save_changing_to_the_four_grade_scale_with_adequate_grades_refused(lga_admin, avon):
    inspection = InspectionFactory(authority=avon, grade_scale=GradeScale.FIVE_GRADE)
    InspectionResultFactory(inspection=inspection, question=InspectionQuestion.AFFORDABLE, grade=InspectionGrade.ADEQUATE)

    with pytest.raises(ValidationError):
        inspection_save(
            by=lga_admin, authority=avon, inspection=inspection, **{**ROUND_3, "grade_scale": GradeScale.FOUR_GRADE},
            grades={InspectionQuestion.AFFORDABLE: InspectionGrade.ADEQUATE},
        )

    assert Inspection.objects.get().grade_scale == "five_grade"


def test_inspection_save_date_rules_and_unknown_grade_refused_together(lga_admin, avon):
    with pytest.raises(ValidationError) as error:
        inspection_save(
            by=lga_admin, authority=avon,
            **{**ROUND_3, "ended_on": datetime.date(2024, 2, 1), "report_published_on": datetime.date(2024, 1, 1)},
            grades={InspectionQuestion.AFFORDABLE: "superb"},
        )

    assert error.value.message_dict == {
        "ended_on": ["The inspection end date must be the same as or after the start date"],
        "report_published_on": ["The report publication date must be the same as or after the inspection start date"],
        "affordable": ["Value 'superb' is not a valid choice."],
    }
    assert Inspection.objects.count() == 0


def test_inspection_save_unknown_question_refused(lga_admin, avon):
    with pytest.raises(ValidationError) as error:
        inspection_save(by=lga_admin, authority=avon, **ROUND_3, grades={"morale": InspectionGrade.ADEQUATE})

    assert error.value.message_dict == {"morale": ["Value 'morale' is not a valid choice."]}


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact", "anonymous"])
def test_inspection_save_by_anyone_else_refused(user_for, avon, role):
    with pytest.raises(PermissionDenied):
        inspection_save(by=user_for(role), authority=avon, **ROUND_3, grades={})

    assert Inspection.objects.count() == 0


def test_inspection_save_of_another_authoritys_inspection_refused(lga_admin, avon):
    kent_inspection = InspectionFactory(authority=Authority.objects.get(slug="kent"))

    with pytest.raises(PermissionDenied):
        inspection_save(by=lga_admin, authority=avon, inspection=kent_inspection, **ROUND_3, grades={})


# The grade scale rule, on its own


@pytest.mark.unit
@pytest.mark.parametrize(
    ("grade", "scale", "message"),
    [
        (InspectionGrade.ADEQUATE, GradeScale.FOUR_GRADE, "Choose a grade on the four-grade scale for understanding risk: ‘adequate’ is not one of its grades"),
        (InspectionGrade.ADEQUATE, GradeScale.FIVE_GRADE, None),
        (InspectionGrade.REQUIRES_IMPROVEMENT, GradeScale.FOUR_GRADE, None),
        ("", GradeScale.FOUR_GRADE, None),
        ("superb", GradeScale.FOUR_GRADE, None),
        (InspectionGrade.ADEQUATE, "six_grade", None),
    ],
)
def test_inspection_result_off_scale_message_only_for_adequate_on_four_grades(grade, scale, message):
    assert InspectionResult.off_scale_message(question=InspectionQuestion.UNDERSTANDING_RISK, grade=grade, scale=scale) == message
