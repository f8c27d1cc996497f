import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from authorities.choices import (
    AuthorityStatus,
    ContactRole,
    InspectionGrade,
    InspectionQuestion,
    PeerType,
    PoliticalGroup,
    Region,
    Role,
)
from authorities.models import Authority, Inspection, Peer, TrainingRecord, User

from .factories import (
    AuthorityContactFactory,
    AuthorityFactory,
    InspectionFactory,
    InspectionResultFactory,
    PeerFactory,
    TrainingRecordFactory,
    UnavailabilityFactory,
)


def _refused(factory, **fields):
    """The database refuses the row: an IntegrityError, with the test's transaction still usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)


# Authority


@pytest.mark.unit
def test_authority_str_is_its_full_name():
    assert str(Authority(name="Avon Fire Authority", short_name="Avon")) == "Avon Fire Authority"


@pytest.mark.unit
def test_authority_absolute_url_uses_the_slug():
    assert Authority(slug="avon").get_absolute_url() == "/authorities/avon/"


@pytest.mark.unit
@pytest.mark.parametrize(("status", "expected"), [(AuthorityStatus.CURRENT, True), (AuthorityStatus.ABOLISHED, False)])
def test_authority_is_current_follows_status(status, expected):
    assert Authority(status=status).is_current is expected


@pytest.mark.integration
def test_authority_abolished_without_end_date_refused_by_database(db):
    _refused(AuthorityFactory, status=AuthorityStatus.ABOLISHED, ended_on=None)


@pytest.mark.integration
def test_authority_current_with_end_date_refused_by_database(db):
    _refused(AuthorityFactory, status=AuthorityStatus.CURRENT, ended_on=datetime.date(2024, 4, 1))


@pytest.mark.integration
def test_authority_correction_is_kept_in_history(avon):
    avon.needs_verification = True
    avon.save()

    # After the record migration 0006 made of the reference data as loaded.
    assert [(h.history_type, h.needs_verification) for h in avon.history.all()] == [("~", True), ("+", False)]


# User


@pytest.mark.integration
def test_user_create_user_keeps_email_in_lower_case_and_hashes_password(db):
    user = User.objects.create_user("Jo.Bennett@Example.ORG", "a-long-password-1", full_name="Jo Bennett", role=Role.LGA_ADMIN)

    assert user.email == "jo.bennett@example.org"
    assert user.password != "a-long-password-1"
    assert user.check_password("a-long-password-1") is True


@pytest.mark.unit
def test_user_create_user_without_email_refused():
    with pytest.raises(ValueError, match="^A user needs an email address.$"):
        User.objects.create_user("", "a-long-password-1")


@pytest.mark.integration
def test_user_create_superuser_is_an_lga_admin_with_admin_access(db):
    user = User.objects.create_superuser("admin@example.org", "a-long-password-1", full_name="Pat Okafor")

    assert (user.role, user.is_staff, user.is_superuser) == (Role.LGA_ADMIN, True, True)


@pytest.mark.unit
def test_user_str_is_full_name_or_else_email():
    assert str(User(full_name="Sam Whitfield", email="sam@example.org")) == "Sam Whitfield"
    assert str(User(full_name="", email="sam@example.org")) == "sam@example.org"


# Authority contacts, inspections


@pytest.mark.integration
def test_authority_contact_str_names_person_and_role(db):
    contact = AuthorityContactFactory(name="Jo Bennett", role=ContactRole.IMPROVEMENT_LEAD)

    assert str(contact) == "Jo Bennett, clerk or improvement lead"


@pytest.mark.integration
def test_authority_contact_one_per_role_refused_by_database(avon):
    AuthorityContactFactory(authority=avon, role=ContactRole.AUTHORITY_CHAIR)

    _refused(AuthorityContactFactory, authority=avon, role=ContactRole.AUTHORITY_CHAIR)


@pytest.mark.unit
def test_inspection_causes_of_concern_list_one_per_non_blank_line():
    inspection = Inspection(causes_of_concern="  Protection backlog \n\n\nOn-call availability\n   ")

    assert inspection.causes_of_concern_list == ["Protection backlog", "On-call availability"]


@pytest.mark.integration
def test_inspection_str_names_authority_and_round(avon):
    assert str(InspectionFactory(authority=avon, round_name="Round 2 (2021 to 2022)")) == "Avon: Round 2 (2021 to 2022)"


@pytest.mark.integration
def test_inspection_end_before_start_refused_by_database(db):
    _refused(InspectionFactory, started_on=datetime.date(2024, 2, 5), ended_on=datetime.date(2024, 2, 4))


@pytest.mark.integration
def test_inspection_report_before_start_refused_by_database(db):
    _refused(InspectionFactory, started_on=datetime.date(2024, 2, 5), report_published_on=datetime.date(2024, 1, 1))


@pytest.mark.integration
def test_inspection_result_one_per_question_refused_by_database(db):
    result = InspectionResultFactory(question=InspectionQuestion.UNDERSTANDING_RISK, grade=InspectionGrade.ADEQUATE)

    assert str(result) == "Understanding risk: Adequate"
    _refused(InspectionResultFactory, inspection=result.inspection, question=InspectionQuestion.UNDERSTANDING_RISK)


# Peers


@pytest.mark.unit
def test_peer_clean_trims_and_lower_cases_email():
    peer = Peer(email="  Alex.Morgan@Example.ORG ")

    peer.clean()

    assert peer.email == "alex.morgan@example.org"


@pytest.mark.integration
def test_peer_full_clean_refuses_an_email_in_another_case(db):
    PeerFactory(email="alex.morgan@example.org")
    peer = PeerFactory.build(email="Alex.Morgan@Example.org")

    with pytest.raises(ValidationError) as error:
        peer.full_clean()

    assert list(error.value.message_dict) == ["email"]


@pytest.mark.integration
def test_peer_home_display_by_type(db):
    officer = PeerFactory(home_authority=Authority.objects.get(slug="kent"))
    beyond = PeerFactory(peer_type=PeerType.BEYOND_SECTOR, home_authority=None, home_organisation="Care Quality Commission")
    manager = PeerFactory(peer_type=PeerType.CHALLENGE_MANAGER, home_authority=None)

    assert (officer.home_display, beyond.home_display, manager.home_display) == (
        "Kent",
        "Care Quality Commission",
        "Local Government Association",
    )


@pytest.mark.integration
def test_peer_absolute_url_is_their_record(db):
    peer = PeerFactory()

    assert peer.get_absolute_url() == f"/peers/{peer.pk}/"


@pytest.mark.integration
@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"peer_type": PeerType.OFFICER, "political_group": PoliticalGroup.LABOUR}, id="officer-with-political-group"),
        pytest.param({"peer_type": PeerType.MEMBER, "political_group": ""}, id="member-without-political-group"),
        pytest.param({"is_active": False, "retired_reason": ""}, id="retired-without-reason"),
        pytest.param({"is_active": True, "retired_reason": "Moved abroad"}, id="active-with-retired-reason"),
        pytest.param({"peer_type": PeerType.OFFICER, "home_authority": None}, id="officer-without-home-authority"),
        pytest.param({"peer_type": PeerType.BEYOND_SECTOR, "home_organisation": ""}, id="beyond-sector-with-authority"),
        pytest.param(
            {"peer_type": PeerType.CHALLENGE_MANAGER, "home_organisation": "LGA"}, id="challenge-manager-with-authority"
        ),
        pytest.param({"max_challenges_per_year": 13}, id="more-than-12-a-year"),
    ],
)
def test_peer_inconsistent_row_refused_by_database(db, fields):
    _refused(PeerFactory, **fields)


@pytest.mark.integration
def test_peer_member_with_political_group_accepted(db):
    peer = PeerFactory(peer_type=PeerType.MEMBER, political_group=PoliticalGroup.GREEN)

    assert Peer.objects.get(pk=peer.pk).get_political_group_display() == "Green"


@pytest.mark.integration
def test_training_record_expiry_on_completion_day_refused_by_database(db):
    _refused(TrainingRecordFactory, completed_on=datetime.date(2025, 10, 6), expires_on=datetime.date(2025, 10, 6))


@pytest.mark.unit
def test_training_record_str_names_course_and_date():
    record = TrainingRecord(course="LGA peer challenge induction", completed_on=datetime.date(2025, 10, 6))

    assert str(record) == "LGA peer challenge induction (06 October 2025)"


@pytest.mark.integration
def test_unavailability_end_before_start_refused_by_database(db):
    _refused(UnavailabilityFactory, start_date=datetime.date(2027, 3, 2), end_date=datetime.date(2027, 3, 1))


@pytest.mark.integration
def test_unavailability_single_day_accepted(db):
    period = UnavailabilityFactory(start_date=datetime.date(2027, 3, 2), end_date=datetime.date(2027, 3, 2))

    assert str(period) == "02 Mar 2027 to 02 Mar 2027"


@pytest.mark.unit
def test_region_has_the_nine_english_regions():
    assert len(Region.choices) == 9
