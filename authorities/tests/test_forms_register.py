"""The register's forms on their own: what they offer, how they clean, and GOV.UK errors
(one a field), plus the "time since" wording the register shows."""

import datetime

import pytest

from authorities.choices import GradeScale, InspectionGrade, InspectionQuestion
from authorities.forms.authority import AuthorityContactForm, AuthorityForm
from authorities.forms.inspection import InspectionForm
from authorities.models import Authority
from authorities.templatetags.authority_tags import last_challenge
from peersupport.formats import date_range, months_between, time_since
from peersupport.forms import ConfirmForm

from .factories import InspectionFactory, InspectionResultFactory


def _errors(form):
    return {name: list(messages) for name, messages in form.errors.items()}


# AuthorityForm


@pytest.mark.integration
def test_authority_form_offers_successor_by_slug_without_itself(db):
    dorset = Authority.objects.get(slug="dorset")

    form = AuthorityForm(instance=dorset)

    choices = [value for value, _ in form.fields["succeeded_by"].choices]
    assert (form.initial["succeeded_by"], choices[0], "dorset" in [str(v) for v in choices], len(choices)) == (
        "dorset-and-wiltshire", "", False, 45,
    )


@pytest.mark.integration
def test_authority_form_errors_on_several_fields_at_once(avon):
    data = {
        "name": "x" * 201, "short_name": "Kent", "ons_code": "E3100000X", "region": "atlantis", "governance": "county_council",
        "status": "abolished", "ended_on_0": "", "ended_on_1": "", "ended_on_2": "",
    }

    form = AuthorityForm(data=data, instance=avon)

    assert _errors(form) == {
        "name": ["Full name must be 200 characters or fewer"],
        "short_name": ["Another authority already has this short name"],
        "ons_code": ["Enter an ONS code in the correct format: E and 8 digits, like E31000001"],
        "region": ["Choose a region from the list"],
        "ended_on": ["Enter the date the authority was abolished"],
    }


# AuthorityContactForm


@pytest.mark.unit
def test_authority_contact_form_one_error_a_field():
    form = AuthorityContactForm(data={"name": "Jo", "email": "<" * 300})

    assert _errors(form) == {"email": ["Enter an email address in the correct format, like name@example.com"]}


@pytest.mark.unit
def test_authority_contact_form_trims_what_is_typed():
    form = AuthorityContactForm(data={"name": "  Jo Bennett ", "email": " jo@example.org "})

    assert (form.is_valid(), form.cleaned_data) == (True, {"name": "Jo Bennett", "email": "jo@example.org"})


# InspectionForm


@pytest.mark.integration
def test_inspection_form_shows_the_recorded_grades(avon):
    inspection = InspectionFactory(authority=avon)
    InspectionResultFactory(inspection=inspection, question=InspectionQuestion.RIGHT_PEOPLE, grade=InspectionGrade.OUTSTANDING)

    form = InspectionForm(instance=inspection)

    assert {q: form.fields[q].initial for q in InspectionQuestion.values if form.fields[q].initial} == {"right_people": "outstanding"}


@pytest.mark.integration
def test_inspection_form_splits_grades_from_inspection_fields(avon):
    data = {
        "round_name": " Round 1 (2018 to 2019) ", "grade_scale": GradeScale.FOUR_GRADE,
        "started_on_0": "9", "started_on_1": "7", "started_on_2": "2018",
        "ended_on_0": "20", "ended_on_1": "7", "ended_on_2": "2018",
        "report_published_on_0": "", "report_published_on_1": "", "report_published_on_2": "",
        "causes_of_concern": "", InspectionQuestion.AFFORDABLE: InspectionGrade.REQUIRES_IMPROVEMENT,
    }

    form = InspectionForm(data=data, instance=InspectionFactory.build(authority=avon))

    assert form.is_valid(), form.errors
    assert form.inspection_fields == {
        "round_name": "Round 1 (2018 to 2019)", "grade_scale": "four_grade", "started_on": datetime.date(2018, 7, 9),
        "ended_on": datetime.date(2018, 7, 20), "report_published_on": None, "causes_of_concern": "",
    }
    assert form.grades == {question: ("requires_improvement" if question == "affordable" else "") for question in InspectionQuestion.values}


@pytest.mark.integration
def test_inspection_form_every_off_scale_grade_named(avon):
    data = {"round_name": "Round 2", "grade_scale": GradeScale.FOUR_GRADE, **{q: InspectionGrade.ADEQUATE for q in InspectionQuestion.values}}

    form = InspectionForm(data=data, instance=InspectionFactory.build(authority=avon))

    assert [messages[0] for name, messages in _errors(form).items() if name in InspectionQuestion.values] == [
        f"Choose a grade on the four-grade scale for {label[0].lower()}{label[1:]}: ‘adequate’ is not one of its grades"
        for label in InspectionQuestion.labels
    ]


# ConfirmForm


@pytest.mark.unit
def test_confirm_form_is_a_warning_button():
    form = ConfirmForm(button="Remove contact")

    assert (form.is_bound, list(form.fields), form.helper.layout[0].value, form.helper.layout[0].field_classes) == (
        False, [], "Remove contact", "govuk-button govuk-button--warning",
    )


# Time since, as the register words it


@pytest.mark.unit
@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (datetime.date(2024, 8, 15), datetime.date(2026, 11, 15), 27),
        (datetime.date(2024, 8, 15), datetime.date(2026, 11, 14), 26),
        (datetime.date(2026, 1, 31), datetime.date(2026, 2, 28), 0),
        (datetime.date(2026, 11, 25), datetime.date(2026, 11, 25), 0),
        (datetime.date(2027, 3, 1), datetime.date(2026, 11, 25), 0),
    ],
)
def test_months_between_counts_whole_calendar_months(earlier, later, months):
    assert months_between(earlier, later) == months


@pytest.mark.unit
@pytest.mark.parametrize(
    ("earlier", "expected"),
    [
        (datetime.date(2024, 8, 1), "2 years, 3 months ago"),
        (datetime.date(2025, 10, 1), "1 year, 1 month ago"),
        (datetime.date(2024, 11, 25), "2 years ago"),
        (datetime.date(2026, 6, 25), "5 months ago"),
        (datetime.date(2026, 11, 3), "less than a month ago"),
    ],
)
def test_time_since_in_years_and_months(earlier, expected):
    assert time_since(earlier, datetime.date(2026, 11, 25)) == expected


@pytest.mark.unit
def test_last_challenge_without_a_date_says_none_yet():
    assert last_challenge(None) == "No challenge yet"


@pytest.mark.unit
def test_date_range_names_both_days():
    assert date_range(datetime.date(2024, 2, 5), datetime.date(2024, 2, 16)) == "5 February 2024 to 16 February 2024"
