"""The authorities register pages: the list, an authority's page, correcting the record, its
history, contacts and inspections. Every page for every role; exact content and errors."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from authorities.choices import AuthorityStatus, ContactRole, GradeScale, InspectionGrade, InspectionQuestion
from authorities.models import Authority, AuthorityContact, Inspection
from challenges.tests.factories import ChallengeFactory
from peersupport.tests.forms import date_fields
from peersupport.tests.html import error_summary, notifications, page, visible_text
from reports.tests.factories import FeedbackReportFactory

from .factories import AuthorityContactFactory, InspectionFactory, InspectionResultFactory

pytestmark = pytest.mark.integration

ROLES = ["lga_admin", "adviser", "other_adviser", "lead_peer", "fra_contact", "other_fra_contact", "anonymous"]

HOSTILE_TEXTS = [
    pytest.param("<script>alert(1)</script>", id="html"),
    pytest.param("'; DROP TABLE authorities_authority; --", id="sql"),
    pytest.param("Zoë Ørsted 💧", id="unicode"),
    pytest.param("{{ request.user.password }} {% debug %}", id="template-syntax"),
]
TOO_LARGE_NUMBER = "99999999999999999999999999"


def _months_ago(months):
    """The first day of the month `months` before this one: exactly that many whole months ago."""
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return datetime.date(year, month + 1, 1)


def _challenge(authority, start):
    return ChallengeFactory(authority=authority, start_date=start, end_date=start + datetime.timedelta(days=3))


def _table_slugs(response):
    """The authorities linked from the register table, in order."""
    table = page(response).split('data-testid="authority-table"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'href="/authorities/([a-z0-9-]+)/"', table)


def _authority_form(authority, **overrides):
    data = {
        "name": authority.name,
        "short_name": authority.short_name,
        "ons_code": authority.ons_code,
        "region": authority.region,
        "governance": authority.governance,
        "status": authority.status,
        **date_fields("ended_on", authority.ended_on),
        "succeeded_by": authority.succeeded_by.slug if authority.succeeded_by else "",
    }
    if authority.needs_verification:
        data["needs_verification"] = "on"
    data.update(overrides)
    return data


ROUND_3_GRADES = {question: "" for question in InspectionQuestion.values} | {
    InspectionQuestion.UNDERSTANDING_RISK: InspectionGrade.GOOD,
    InspectionQuestion.PREVENTING_FIRES: InspectionGrade.ADEQUATE,
    InspectionQuestion.FAIRNESS_AND_DIVERSITY: InspectionGrade.INADEQUATE,
}


def _inspection_form(**overrides):
    data = {
        "round_name": "Round 3 (2023 to 2025)",
        "grade_scale": GradeScale.FIVE_GRADE,
        **date_fields("started_on", datetime.date(2024, 2, 5)),
        **date_fields("ended_on", datetime.date(2024, 2, 16)),
        **date_fields("report_published_on", datetime.date(2024, 7, 3)),
        "causes_of_concern": "",
        **ROUND_3_GRADES,
    }
    data.update(overrides)
    return data


@pytest.fixture
def chief(avon):
    return AuthorityContactFactory(
        authority=avon, role=ContactRole.CHIEF_FIRE_OFFICER, name="Morgan Reid", email="morgan.reid@example.org"
    )


@pytest.fixture
def inspection(avon):
    inspection = InspectionFactory(authority=avon, round_name="Round 3 (2023 to 2025)", grade_scale=GradeScale.FIVE_GRADE)
    InspectionResultFactory(inspection=inspection, question=InspectionQuestion.UNDERSTANDING_RISK, grade=InspectionGrade.ADEQUATE)
    return inspection


# Access: every page, every role


ACCESS = {
    # path: the roles that may open it; every other signed-in role gets a 404
    "/authorities/": {"lga_admin", "adviser", "other_adviser"},
    "/authorities/avon/": {"lga_admin", "adviser", "other_adviser", "fra_contact"},
    "/authorities/avon/edit/": {"lga_admin"},
    "/authorities/avon/history/": {"lga_admin", "adviser", "other_adviser"},
    "/authorities/avon/contacts/chief-fire-officer/": {"lga_admin", "adviser"},
    "/authorities/avon/contacts/chief-fire-officer/remove/": {"lga_admin", "adviser"},
    "/authorities/avon/inspections/add/": {"lga_admin", "adviser"},
    "/authorities/avon/inspections/{inspection}/edit/": {"lga_admin", "adviser"},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", ACCESS)
def test_register_page_get_by_role(client, sign_in, chief, inspection, path, role):
    sign_in(role)
    path = path.format(inspection=inspection.pk)

    response = client.get(path)

    if role == "anonymous":
        assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")
    else:
        assert response.status_code == (200 if role in ACCESS[path.replace(str(inspection.pk), "{inspection}")] else 404)


POSTS = {
    "/authorities/avon/edit/": lambda: _authority_form(Authority.objects.get(slug="avon"), name="Changed by a stranger"),
    "/authorities/avon/contacts/chief-fire-officer/": lambda: {"name": "Changed by a stranger", "email": "x@example.org"},
    "/authorities/avon/contacts/chief-fire-officer/remove/": dict,
    "/authorities/avon/inspections/add/": lambda: _inspection_form(round_name="Changed by a stranger"),
    "/authorities/avon/inspections/{inspection}/edit/": lambda: _inspection_form(round_name="Changed by a stranger"),
}


@pytest.mark.parametrize("role", ["other_adviser", "lead_peer", "fra_contact", "other_fra_contact", "anonymous"])
@pytest.mark.parametrize("path", POSTS)
def test_register_form_post_by_role_without_access_changes_nothing(client, sign_in, chief, inspection, path, role):
    if path == "/authorities/avon/edit/" and role == "other_adviser":
        role = "adviser"  # correcting the record is for LGA administrators alone
    sign_in(role)

    response = client.post(path.format(inspection=inspection.pk), POSTS[path]())

    assert response.status_code == (302 if role == "anonymous" else 404)
    assert Authority.objects.get(slug="avon").name == "Avon Fire Authority"
    assert list(AuthorityContact.objects.values_list("name", flat=True)) == ["Morgan Reid"]
    assert list(Inspection.objects.values_list("round_name", flat=True)) == ["Round 3 (2023 to 2025)"]


def test_register_pages_unknown_authority_not_found(client, sign_in):
    sign_in("lga_admin")

    assert [
        client.get(path).status_code
        for path in ["/authorities/atlantis/edit/", "/authorities/atlantis/history/", "/authorities/atlantis/inspections/add/"]
    ] == [404, 404, 404]


@pytest.mark.parametrize(
    "path",
    [
        "/authorities/avon/contacts/mayor/",
        "/authorities/avon/contacts/chief_fire_officer/",
        f"/authorities/avon/inspections/{TOO_LARGE_NUMBER}/edit/",
    ],
)
def test_register_pages_unknown_role_or_inspection_not_found(client, sign_in, path):
    sign_in("lga_admin")

    assert client.get(path).status_code == 404


def test_inspection_update_of_another_authority_not_found(client, sign_in):
    other = InspectionFactory(authority=Authority.objects.get(slug="kent"))
    sign_in("lga_admin")

    assert client.get(f"/authorities/avon/inspections/{other.pk}/edit/").status_code == 404


def test_contact_delete_without_a_contact_not_found(client, sign_in, avon):
    sign_in("lga_admin")

    assert client.get("/authorities/avon/contacts/authority-chair/remove/").status_code == 404


@pytest.mark.parametrize(("role", "shown"), [("lga_admin", True), ("adviser", True), ("fra_contact", False), ("lead_peer", False)])
def test_service_navigation_links_authorities_for_lga_staff(client, sign_in, role, shown):
    sign_in(role)

    response = client.get("/")

    assert ('href="/authorities/">Authorities</a>' in page(response)) is shown


@pytest.mark.parametrize(
    "path",
    [
        "/authorities/",
        "/authorities/avon/",
        "/authorities/avon/edit/",
        "/authorities/avon/history/",
        "/authorities/avon/contacts/chief-fire-officer/",
        "/authorities/avon/contacts/chief-fire-officer/remove/",
        "/authorities/avon/inspections/add/",
        "/authorities/avon/inspections/{inspection}/edit/",
    ],
)
def test_register_pages_have_no_inline_script_or_style(client, sign_in, chief, inspection, path):
    sign_in("lga_admin")

    html_text = page(client.get(path.format(inspection=inspection.pk)))

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html_text) == []
    assert re.findall(r"<style|\sstyle=|\son[a-z]+=", html_text) == []


@pytest.mark.parametrize(
    "path",
    [
        "/authorities/avon/edit/",
        "/authorities/avon/contacts/chief-fire-officer/",
        "/authorities/avon/contacts/chief-fire-officer/remove/",
        "/authorities/avon/inspections/add/",
    ],
)
def test_register_forms_leave_checking_to_the_server(client, sign_in, chief, path):
    # The browser's own messages would stand in for the GOV.UK error summary.
    sign_in("lga_admin")

    forms = re.findall(r"<form[^>]*>", page(client.get(path)))

    assert [tag for tag in forms if 'method="post"' in tag and "/sign-out/" not in tag] == [
        '<form  novalidate method="post" >'
    ]


# The list of authorities


def test_authority_list_shows_current_authorities_by_name(client, sign_in):
    sign_in("adviser")

    response = client.get("/authorities/")

    assert visible_text(response).count("44 authorities") == 1
    slugs = _table_slugs(response)
    assert (len(slugs), slugs[:3], slugs[-1]) == (44, ["avon", "bedfordshire", "buckinghamshire"], "north-yorkshire")
    assert "<title>Authorities – Fire peer support</title>" in page(response)


def test_authority_list_row_shows_last_challenge_and_time_since(client, sign_in, avon):
    start = _months_ago(27)
    _challenge(avon, start)
    _challenge(avon, _months_ago(-2))  # booked for the future: not yet the last challenge
    sign_in("lga_admin")

    response = client.get("/authorities/?region=south_west")

    text = visible_text(response)
    assert f"Avon Fire Authority South West Combined fire authority Current {start:%-d %B %Y} 2 years, 3 months ago" in text
    assert "Devon and Somerset Fire and Rescue Service South West Combined fire authority Current Never" in text


def test_authority_list_filters_by_region(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/authorities/?region=south_west")

    assert _table_slugs(response) == ["avon", "cornwall", "isles-of-scilly", "devon-and-somerset", "dorset-and-wiltshire", "gloucestershire"]
    assert "6 authorities" in visible_text(response)


def test_authority_list_filters_by_governance_model(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/authorities/?governance=london_fire_commissioner")

    assert _table_slugs(response) == ["london"]
    assert "1 authority" in visible_text(response)


def test_authority_list_abolished_shows_end_date_and_successor(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/authorities/?status=abolished&region=south_west")

    assert _table_slugs(response) == ["dorset", "wiltshire"]
    assert "Dorset Fire Authority South West Combined fire authority Abolished 1 April 2016, now Dorset & Wiltshire Never" in visible_text(response)


def test_authority_list_current_and_abolished_together(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/authorities/?status=all")

    assert len(_table_slugs(response)) == 48


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("longest", ["isles-of-scilly", "devon-and-somerset", "dorset-and-wiltshire", "gloucestershire", "avon", "cornwall"]),
        ("shortest", ["cornwall", "avon", "isles-of-scilly", "devon-and-somerset", "dorset-and-wiltshire", "gloucestershire"]),
        ("name", ["avon", "cornwall", "isles-of-scilly", "devon-and-somerset", "dorset-and-wiltshire", "gloucestershire"]),
    ],
)
def test_authority_list_sorts_by_time_since_last_challenge(client, sign_in, avon, sort, expected):
    _challenge(avon, _months_ago(40))
    _challenge(Authority.objects.get(slug="cornwall"), _months_ago(2))
    sign_in("lga_admin")

    response = client.get(f"/authorities/?region=south_west&sort={sort}")

    assert _table_slugs(response) == expected


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("region=%27%3B+DROP+TABLE+authorities_authority%3B+--", "Choose a region from the list"),
        ("governance=%3Cscript%3Ealert(1)%3C/script%3E", "Choose a governance model from the list"),
        ("status=Zo%C3%AB+%C3%98rsted+%F0%9F%92%A7", "Choose a status from the list"),
        (f"sort={TOO_LARGE_NUMBER}", "Choose a sort order from the list"),
        ("region=" + "x" * 10_000, "Choose a region from the list"),
    ],
)
def test_authority_list_hostile_filter_shows_error_and_no_authorities(client, sign_in, query, message):
    sign_in("lga_admin")

    response = client.get(f"/authorities/?{query}")

    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert "0 authorities" in visible_text(response)
    assert "<script>alert(1)</script>" not in page(response)


def test_authority_list_queries_do_not_grow_with_authorities_or_challenges(client, sign_in, django_assert_num_queries):
    sign_in("lga_admin")
    _challenge(Authority.objects.get(slug="avon"), _months_ago(5))
    with django_assert_num_queries(5):
        small = client.get("/authorities/?region=south_west&sort=longest")

    for authority in Authority.objects.all():
        for months in (3, 15, 30):
            _challenge(authority, _months_ago(months))
    with django_assert_num_queries(5):
        large = client.get("/authorities/?status=all&sort=longest")

    assert (len(_table_slugs(small)), len(_table_slugs(large))) == (6, 48)


# The authority page


def test_authority_page_shows_details_and_last_challenge(client, sign_in, avon):
    start = _months_ago(14)
    _challenge(avon, start)
    sign_in("lga_admin")

    response = client.get("/authorities/avon/")

    text = visible_text(response)
    assert (
        "Short name Avon ONS code E31000001 Governance model Combined fire authority Status Current "
        f"Last challenge {start:%-d %B %Y} (1 year, 2 months ago) Contacts"
    ) in text


def test_authority_page_without_challenge_says_so(client, sign_in):
    sign_in("fra_contact")

    response = client.get("/authorities/avon/")

    assert "Last challenge No challenge yet" in visible_text(response)
    assert "No challenges have been booked." in visible_text(response)


def test_authority_page_abolished_links_successor_for_lga_staff(client, sign_in):
    sign_in("adviser")

    response = client.get("/authorities/wiltshire/")

    assert "Status Abolished End date 1 April 2016 Successor Dorset and Wiltshire Fire and Rescue Authority" in visible_text(response)
    assert 'href="/authorities/dorset-and-wiltshire/">Dorset and Wiltshire Fire and Rescue Authority</a>' in page(response)


def test_authority_page_successor_names_its_predecessors(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/authorities/hampshire-and-isle-of-wight/")

    assert (
        "Status Current Formed from Hampshire Fire and Rescue Authority "
        "Formed from Isle of Wight Fire and Rescue Authority (Isle of Wight Council; ABOLISHED 1 Apr 2021) Last challenge"
    ) in visible_text(response)
    assert 'href="/authorities/isle-of-wight/"' in page(response)


@pytest.mark.parametrize(("role", "shown"), [("lga_admin", True), ("other_adviser", True), ("fra_contact", False)])
def test_authority_page_needs_verification_warns_lga_staff_only(client, sign_in, avon, role, shown):
    Authority.objects.filter(pk=avon.pk).update(needs_verification=True)
    sign_in(role)

    response = client.get("/authorities/avon/")

    assert ("Warning This record rests on secondary sources and needs checking." in visible_text(response)) is shown


def test_authority_page_without_needs_verification_has_no_warning(client, sign_in):
    sign_in("lga_admin")

    assert "govuk-warning-text" not in page(client.get("/authorities/avon/"))


def test_authority_page_contacts_for_fra_contact_read_only(client, sign_in, chief):
    sign_in("fra_contact")

    response = client.get("/authorities/avon/")

    assert (
        "Contacts Chief fire officer Morgan Reid morgan.reid@example.org Authority chair Not recorded "
        "Clerk or improvement lead Not recorded HMICFRS inspection"
    ) in visible_text(response)
    assert 'href="mailto:morgan.reid@example.org"' in page(response)
    assert "/contacts/" not in page(response)


def test_authority_page_contacts_with_actions_for_the_regions_adviser(client, sign_in, chief):
    sign_in("adviser")

    response = client.get("/authorities/avon/")

    assert (
        "Chief fire officer Morgan Reid morgan.reid@example.org Change chief fire officer Remove chief fire officer "
        "Authority chair Not recorded Add authority chair"
    ) in visible_text(response)
    assert 'href="/authorities/avon/contacts/chief-fire-officer/remove/"' in page(response)


@pytest.mark.parametrize(("role", "actions"), [("lga_admin", True), ("adviser", True), ("other_adviser", False), ("fra_contact", False)])
def test_authority_page_actions_by_role(client, sign_in, inspection, role, actions):
    sign_in(role)

    html_text = page(client.get("/authorities/avon/"))

    assert [
        "/contacts/chief-fire-officer/" in html_text,
        "/inspections/add/" in html_text,
        f"/inspections/{inspection.pk}/edit/" in html_text,
        "/authorities/avon/edit/" in html_text,
    ] == [actions, actions, actions, role == "lga_admin"]


def test_authority_page_shows_latest_inspection_grades_and_earlier_inspections(client, sign_in, avon):
    latest = InspectionFactory(
        authority=avon, round_name="Round 3 (2023 to 2025)", grade_scale=GradeScale.FIVE_GRADE,
        started_on=datetime.date(2024, 2, 5), ended_on=datetime.date(2024, 2, 16), report_published_on=datetime.date(2024, 7, 3),
        causes_of_concern="Equality, diversity and inclusion\nOn-call availability",
    )
    InspectionResultFactory(inspection=latest, question=InspectionQuestion.UNDERSTANDING_RISK, grade=InspectionGrade.ADEQUATE)
    InspectionResultFactory(inspection=latest, question=InspectionQuestion.FAIRNESS_AND_DIVERSITY, grade=InspectionGrade.INADEQUATE)
    earlier = InspectionFactory(
        authority=avon, round_name="Round 2 (2021 to 2022)", grade_scale=GradeScale.FOUR_GRADE,
        started_on=datetime.date(2021, 10, 4), ended_on=datetime.date(2021, 10, 15),
    )
    InspectionResultFactory(inspection=earlier, question=InspectionQuestion.UNDERSTANDING_RISK, grade=InspectionGrade.GOOD)
    sign_in("fra_contact")

    response = client.get("/authorities/avon/")

    text = visible_text(response)
    assert (
        "HMICFRS inspection Inspection round Round 3 (2023 to 2025) Inspection dates 5 February 2024 to 16 February 2024 "
        "Report published 3 July 2024 Grade scale Five grades (from 2023) Grades, Round 3 (2023 to 2025) Question Grade "
        "Understanding risk Adequate Preventing fires and other risks Not graded"
    ) in text
    assert (
        "Ensuring fairness and promoting diversity Inadequate Managing performance and developing leaders Not graded "
        "Causes of concern Equality, diversity and inclusion On-call availability Earlier inspections Round 2 (2021 to 2022) "
        "Inspection round Round 2 (2021 to 2022) Inspection dates 4 October 2021 to 15 October 2021 Report published Not recorded "
        "Grade scale Four grades (rounds before 2023)"
    ) in text
    assert "Understanding risk Good Preventing fires" in text.split("Earlier inspections")[1]
    assert '<strong class="govuk-tag govuk-tag--red">Inadequate</strong>' in page(response)
    assert "Causes of concern None recorded." in text


def test_authority_page_without_inspection_says_so(client, sign_in):
    sign_in("fra_contact")

    assert "HMICFRS inspection No inspection has been recorded. Challenges" in visible_text(client.get("/authorities/avon/"))


@pytest.mark.parametrize(("role", "linked"), [("lga_admin", True), ("adviser", True), ("other_adviser", False), ("fra_contact", True)])
def test_authority_page_challenges_link_to_challenge_page_for_who_can_open_it(client, sign_in, avon, role, linked):
    challenge = _challenge(avon, datetime.date(2027, 3, 8))
    sign_in(role)

    response = client.get("/authorities/avon/")

    assert "Operational Assessment and fire peer challenge 8 Mar 2027 to 11 Mar 2027 Confirmed The team goes on site" in visible_text(response)
    assert (f'href="/challenges/{challenge.pk}/"' in page(response)) is linked


def test_authority_page_links_published_reports(client, sign_in, avon, media_root):
    report = FeedbackReportFactory(published=True, challenge=_challenge(avon, datetime.date(2026, 3, 9)))
    sign_in("fra_contact")

    response = client.get("/authorities/avon/")

    assert f'href="/reports/{report.pk}/download/"' in page(response)


def test_authority_page_queries_do_not_grow_with_contacts_inspections_or_challenges(client, sign_in, avon, django_assert_num_queries):
    sign_in("lga_admin")
    AuthorityContactFactory(authority=avon, role=ContactRole.CHIEF_FIRE_OFFICER)
    InspectionResultFactory(inspection=InspectionFactory(authority=avon))
    _challenge(avon, _months_ago(3))
    with django_assert_num_queries(12):
        client.get("/authorities/avon/")

    AuthorityContactFactory(authority=avon, role=ContactRole.AUTHORITY_CHAIR)
    for year in (2019, 2021, 2023):
        earlier = InspectionFactory(authority=avon, started_on=datetime.date(year, 5, 1), ended_on=datetime.date(year, 5, 9))
        InspectionResultFactory(inspection=earlier, question=InspectionQuestion.AFFORDABLE)
        InspectionResultFactory(inspection=earlier, question=InspectionQuestion.RIGHT_PEOPLE)
    for months in (10, 20, 30, 40):
        _challenge(avon, _months_ago(months))
    with django_assert_num_queries(12):
        client.get("/authorities/avon/")


# Correcting the record


def test_authority_update_page_shows_the_record(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/authorities/dorset/edit/")

    html_text = page(response)
    assert 'value="Dorset Fire Authority"' in html_text
    assert 'value="E31000012"' in html_text
    assert '<option value="dorset-and-wiltshire" selected>Dorset and Wiltshire Fire and Rescue Authority</option>' in html_text
    assert '<option value="dorset"' not in html_text  # not its own successor
    assert "Correct the record" in visible_text(response)
    assert error_summary(response) == []


def test_authority_update_saves_and_records_who_changed_what(client, sign_in, avon):
    admin = sign_in("lga_admin")

    response = client.post("/authorities/avon/edit/", _authority_form(avon, name="Avon Fire and Rescue Authority", needs_verification="on"))

    assert (response.status_code, response.url) == (302, "/authorities/avon/")
    avon.refresh_from_db()
    assert (avon.name, avon.needs_verification) == ("Avon Fire and Rescue Authority", True)
    latest = avon.history.first()
    assert (latest.history_type, latest.history_user) == ("~", admin)
    assert notifications(client.get(response.url)) == ["Avon Fire and Rescue Authority saved"]


def test_authority_update_abolishes_with_end_date_and_successor(client, sign_in, avon):
    sign_in("lga_admin")

    response = client.post(
        "/authorities/avon/edit/",
        _authority_form(avon, status=AuthorityStatus.ABOLISHED, succeeded_by="devon-and-somerset", **date_fields("ended_on", datetime.date(2027, 4, 1))),
    )

    assert error_summary(response) == []
    avon.refresh_from_db()
    assert (avon.status, avon.ended_on, avon.succeeded_by.slug) == ("abolished", datetime.date(2027, 4, 1), "devon-and-somerset")


def test_authority_update_ons_code_in_lower_case_saved_in_capitals(client, sign_in, avon):
    sign_in("lga_admin")

    client.post("/authorities/avon/edit/", _authority_form(avon, ons_code=" e31000001 "))

    assert Authority.objects.get(slug="avon").ons_code == "E31000001"


def test_authority_update_empty_form_shows_every_error(client, sign_in, avon):
    sign_in("lga_admin")

    response = client.post("/authorities/avon/edit/", {})

    assert response.status_code == 200
    assert error_summary(response) == [
        "Enter the authority's full name",
        "Enter the short name",
        "Enter the ONS code",
        "Choose the region",
        "Choose the governance model",
        "Choose the status",
    ]
    assert "<title>Error: Correct the record of Avon Fire Authority – Fire peer support</title>" in page(response)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"name": "x" * 201}, "Full name must be 200 characters or fewer", id="name-too-long"),
        pytest.param({"name": "x" * 10_000}, "Full name must be 200 characters or fewer", id="name-10000"),
        pytest.param({"short_name": "x" * 10_000}, "Short name must be 100 characters or fewer", id="short-name-10000"),
        pytest.param({"ons_code": "E310000011"}, "ONS code must be 9 characters or fewer", id="ons-too-long"),
        pytest.param({"ons_code": "W31000001"}, "Enter an ONS code in the correct format: E and 8 digits, like E31000001", id="ons-format"),
        pytest.param({"ons_code": "E3100000١"}, "Enter an ONS code in the correct format: E and 8 digits, like E31000001", id="ons-arabic-digit"),
        pytest.param({"ons_code": "E31000002"}, "Another authority already has this ONS code", id="ons-taken"),
        pytest.param({"short_name": "Kent"}, "Another authority already has this short name", id="short-name-taken"),
        pytest.param({"region": "'; DROP TABLE authorities_authority; --"}, "Choose a region from the list", id="region-sql"),
        pytest.param({"governance": "<script>alert(1)</script>"}, "Choose a governance model from the list", id="governance-html"),
        pytest.param({"status": "Zoë Ørsted 💧"}, "Choose a status from the list", id="status-unicode"),
        pytest.param({"succeeded_by": TOO_LARGE_NUMBER}, "Choose a successor from the list", id="successor-number"),
        pytest.param({"succeeded_by": "avon"}, "Choose a successor from the list", id="successor-itself"),
        pytest.param({"name": "Avon\x00"}, "Full name must not include null characters", id="name-null"),
        pytest.param(date_fields("ended_on", datetime.date(2027, 4, 1)) | {"ended_on_0": "31", "ended_on_1": "2"}, "The end date must be a real date", id="end-31-feb"),
        pytest.param({"ended_on_0": "1", "ended_on_1": "4", "ended_on_2": TOO_LARGE_NUMBER}, "The end date must be a real date", id="end-year-huge"),
        pytest.param({"ended_on_0": "1", "ended_on_1": "", "ended_on_2": "2027"}, "The end date must include a day, month and year", id="end-incomplete"),
        pytest.param(date_fields("ended_on", datetime.date(2027, 4, 1)), "Only an abolished authority has an end date: remove the date or change the status", id="current-with-end"),
        pytest.param({"status": "abolished"}, "Enter the date the authority was abolished", id="abolished-without-end"),
        pytest.param({"succeeded_by": "devon-and-somerset"}, "Only an abolished authority has a successor", id="current-with-successor"),
    ],
)
def test_authority_update_invalid_input_refused_with_one_message(client, sign_in, avon, overrides, message):
    sign_in("lga_admin")

    response = client.post("/authorities/avon/edit/", _authority_form(avon, **overrides))

    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert "<script>alert(1)</script>" not in page(response)
    assert Authority.objects.get(slug="avon").history.count() == 1


def test_authority_update_errors_keep_the_saved_name_in_the_caption(client, sign_in, avon):
    sign_in("lga_admin")

    response = client.post("/authorities/avon/edit/", _authority_form(avon, name="Renamed", short_name=""))

    assert '<span class="govuk-caption-l">Avon Fire Authority</span>' in page(response)
    assert 'value="Renamed"' in page(response)


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_authority_update_hostile_name_saved_as_typed_and_escaped(client, sign_in, avon, text):
    sign_in("lga_admin")

    client.post("/authorities/avon/edit/", _authority_form(avon, name=text))
    response = client.get("/authorities/avon/")

    assert Authority.objects.get(slug="avon").name == text
    assert f'<h1 class="govuk-heading-l">{html.escape(text)}</h1>' in page(response)


# History


def test_authority_history_shows_who_changed_what(client, sign_in, avon):
    admin = sign_in("lga_admin")
    client.post("/authorities/avon/edit/", _authority_form(avon, name="Avon Fire and Rescue Authority", needs_verification="on"))

    response = client.get("/authorities/avon/history/")

    text = visible_text(response)
    assert (
        "History of changes Changes to the authority’s record, contacts and inspections, latest first. Authority record changed "
    ) in text
    assert (
        f"by {admin.full_name} Authority record changed: what changed Field Before After "
        "Name Avon Fire Authority Avon Fire and Rescue Authority Needs verification No Yes Authority record added"
    ) in text
    assert text.endswith("by Not recorded. Loaded from the reference data Support links Published reports Fire peer support is run by the Local Government Association with the National Fire Chiefs Council. © Local Government Association")


def test_authority_history_shows_contacts_and_inspection_grades(client, sign_in, avon):
    adviser = sign_in("adviser")
    client.post("/authorities/avon/contacts/chief-fire-officer/", {"name": "Morgan Reid", "email": "morgan@example.org"})
    client.post("/authorities/avon/contacts/chief-fire-officer/", {"name": "Morgan Reid", "email": "m.reid@example.org"})
    client.post("/authorities/avon/contacts/chief-fire-officer/remove/")
    client.post("/authorities/avon/inspections/add/", _inspection_form())
    inspection = Inspection.objects.get()
    client.post(
        f"/authorities/avon/inspections/{inspection.pk}/edit/",
        _inspection_form(**{InspectionQuestion.PREVENTING_FIRES: InspectionGrade.GOOD, InspectionQuestion.UNDERSTANDING_RISK: ""}),
    )

    response = client.get("/authorities/avon/history/")

    titles = re.findall(r'<h2 class="govuk-heading-s govuk-!-margin-bottom-1">(.*?)</h2>', page(response))
    assert titles == [
        "Inspection Round 3 (2023 to 2025) changed",
        "Inspection Round 3 (2023 to 2025) added",
        "Chief fire officer removed",
        "Chief fire officer changed",
        "Chief fire officer added",
        "Authority record added",
    ]
    text = visible_text(response)
    when = re.search(r"Inspection Round 3 \(2023 to 2025\) changed (.*?) by ", text).group(1)
    assert re.fullmatch(rf"{timezone.localtime():%-d %B %Y} at \d{{1,2}}:\d\d(am|pm)", when), when
    assert (
        f"by {adviser.full_name} Inspection Round 3 (2023 to 2025) changed: what changed Field Before After "
        "Grade: Understanding risk Good Not graded "
        "Grade: Preventing fires and other risks Adequate Good Inspection Round 3 (2023 to 2025) added"
    ) in text
    assert (
        "Field Before After Inspection round Not recorded Round 3 (2023 to 2025) Grade scale Not recorded Five grades (from 2023) "
        "Inspection start date Not recorded 5 February 2024 Inspection end date Not recorded 16 February 2024 "
        "Report publication date Not recorded 3 July 2024 Grade: Understanding risk Not graded Good "
        "Grade: Preventing fires and other risks Not graded Adequate "
        "Grade: Ensuring fairness and promoting diversity Not graded Inadequate Chief fire officer removed"
    ) in text
    assert "Chief fire officer changed" in text
    assert (
        "what changed Field Before After Email address morgan@example.org m.reid@example.org Chief fire officer added"
    ) in text
    assert "what changed Field Before After Name Not recorded Morgan Reid Email address Not recorded morgan@example.org" in text


def test_authority_history_queries_do_not_grow_with_changes(client, sign_in, avon, django_assert_num_queries):
    sign_in("lga_admin")
    client.post("/authorities/avon/contacts/authority-chair/", {"name": "Cllr Helen Price", "email": "helen@example.org"})
    with django_assert_num_queries(10):
        client.get("/authorities/avon/history/")

    for number in range(3):
        client.post("/authorities/avon/edit/", _authority_form(Authority.objects.get(slug="avon"), name=f"Avon {number}"))
        client.post("/authorities/avon/inspections/add/", _inspection_form(round_name=f"Round {number}"))
    with django_assert_num_queries(10):
        client.get("/authorities/avon/history/")


# Contacts


def test_contact_update_page_for_a_role_without_contact_asks_to_add(client, sign_in):
    sign_in("adviser")

    response = client.get("/authorities/avon/contacts/authority-chair/")

    assert "<title>Add the authority chair – Avon – Fire peer support</title>" in page(response)
    assert 'name="name"' in page(response)


def test_contact_update_adds_contact_and_records_who(client, sign_in, avon):
    adviser = sign_in("adviser")

    response = client.post("/authorities/avon/contacts/authority-chair/", {"name": " Cllr Helen Price ", "email": "Helen.Price@Example.org"})

    assert (response.status_code, response.url) == (302, "/authorities/avon/")
    contact = avon.contacts.get()
    assert (contact.role, contact.name, contact.email) == ("authority_chair", "Cllr Helen Price", "helen.price@example.org")
    assert contact.history.get().history_user == adviser
    assert notifications(client.get(response.url)) == ["Authority chair saved"]


def test_contact_update_changes_the_contact_for_the_role(client, sign_in, chief):
    sign_in("lga_admin")

    get = client.get("/authorities/avon/contacts/chief-fire-officer/")
    client.post("/authorities/avon/contacts/chief-fire-officer/", {"name": "Morgan Reid-Hale", "email": "morgan.reid@example.org"})

    assert "<title>Change the chief fire officer – Avon – Fire peer support</title>" in page(get)
    assert 'value="Morgan Reid"' in page(get)
    assert list(AuthorityContact.objects.values_list("name", flat=True)) == ["Morgan Reid-Hale"]


def test_contact_delete_asks_then_removes(client, sign_in, chief):
    admin = sign_in("lga_admin")

    ask = client.get("/authorities/avon/contacts/chief-fire-officer/remove/")
    response = client.post("/authorities/avon/contacts/chief-fire-officer/remove/")

    assert "Remove Morgan Reid as chief fire officer?" in visible_text(ask)
    assert (response.status_code, response.url) == (302, "/authorities/avon/")
    assert AuthorityContact.objects.count() == 0
    assert AuthorityContact.history.first().history_type == "-"
    assert AuthorityContact.history.first().history_user == admin
    assert notifications(client.get(response.url)) == ["Morgan Reid removed as chief fire officer"]


@pytest.mark.parametrize(
    ("data", "messages"),
    [
        pytest.param({"name": "", "email": ""}, ["Enter the contact's full name", "Enter an email address"], id="empty"),
        pytest.param({"name": "   ", "email": "   "}, ["Enter the contact's full name", "Enter an email address"], id="spaces"),
        pytest.param({"name": "x" * 151, "email": "a@example.org"}, ["Full name must be 150 characters or fewer"], id="name-too-long"),
        pytest.param({"name": "Jo", "email": "a" * 250 + "@example.org"}, ["Email address must be 254 characters or fewer"], id="email-too-long"),
        pytest.param({"name": "x" * 10_000, "email": "x" * 10_000}, ["Full name must be 150 characters or fewer", "Enter an email address in the correct format, like name@example.com"], id="10000"),
        pytest.param({"name": "Jo", "email": "jo.example.org"}, ["Enter an email address in the correct format, like name@example.com"], id="email-no-at"),
        pytest.param({"name": "Jo", "email": "<script>alert(1)</script>@example.org"}, ["Enter an email address in the correct format, like name@example.com"], id="email-html"),
        pytest.param({"name": "Jo", "email": "'; DROP TABLE authorities_authority; --"}, ["Enter an email address in the correct format, like name@example.com"], id="email-sql"),
        pytest.param({"name": "Jo", "email": "zoë@ørsted.💧"}, ["Enter an email address in the correct format, like name@example.com"], id="email-unicode"),
        pytest.param({"name": "Jo\x00", "email": "jo@example.org"}, ["Full name must not include null characters"], id="name-null"),
    ],
)
def test_contact_update_invalid_input_refused(client, sign_in, avon, data, messages):
    sign_in("lga_admin")

    response = client.post("/authorities/avon/contacts/chief-fire-officer/", data)

    assert response.status_code == 200
    assert error_summary(response) == messages
    assert "<script>alert(1)</script>" not in page(response)
    assert AuthorityContact.objects.count() == 0


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_contact_update_hostile_name_saved_as_typed_and_escaped(client, sign_in, avon, text):
    sign_in("lga_admin")

    client.post("/authorities/avon/contacts/improvement-lead/", {"name": text, "email": "lead@example.org"})
    response = client.get("/authorities/avon/")

    assert AuthorityContact.objects.get().name == text
    assert f"Clerk or improvement lead {text} lead@example.org" in visible_text(response)
    assert html.escape(text) in page(response)


# Inspections


def test_inspection_create_page_offers_a_grade_per_question(client, sign_in):
    sign_in("adviser")

    response = client.get("/authorities/avon/inspections/add/")

    html_text = page(response)
    assert html_text.count('<option value="" selected>Not graded</option>') == 11
    grades = "Not graded Outstanding Good Adequate Requires improvement Inadequate"
    assert f"Grades {' '.join(f'{label} {grades}' for label in InspectionQuestion.labels)} Causes of concern (optional)" in visible_text(response)
    assert "<title>Add an inspection – Avon – Fire peer support</title>" in html_text


def test_inspection_create_saves_inspection_and_grades(client, sign_in, avon):
    adviser = sign_in("adviser")

    response = client.post(
        "/authorities/avon/inspections/add/",
        _inspection_form(causes_of_concern="  Equality, diversity and inclusion \r\n\r\n On-call availability "),
    )

    assert (response.status_code, response.url) == (302, "/authorities/avon/")
    inspection = avon.inspections.get()
    assert (
        inspection.round_name, inspection.grade_scale, inspection.started_on, inspection.ended_on,
        inspection.report_published_on, inspection.causes_of_concern, inspection.recorded_by,
    ) == (
        "Round 3 (2023 to 2025)", "five_grade", datetime.date(2024, 2, 5), datetime.date(2024, 2, 16),
        datetime.date(2024, 7, 3), "Equality, diversity and inclusion\nOn-call availability", adviser,
    )
    assert sorted(inspection.results.values_list("question", "grade")) == [
        ("fairness_and_diversity", "inadequate"),
        ("preventing_fires", "adequate"),
        ("understanding_risk", "good"),
    ]
    assert {h.history_user for h in Inspection.history.all()} == {adviser}
    assert notifications(client.get(response.url)) == ["Inspection Round 3 (2023 to 2025) saved"]


def test_inspection_create_without_publication_date_or_grades_saved(client, sign_in, avon):
    sign_in("lga_admin")

    client.post(
        "/authorities/avon/inspections/add/",
        _inspection_form(**date_fields("report_published_on", None), **{question: "" for question in InspectionQuestion.values}),
    )

    inspection = avon.inspections.get()
    assert (inspection.report_published_on, inspection.results.count()) == (None, 0)


def test_inspection_update_shows_and_changes_grades(client, sign_in, inspection):
    sign_in("lga_admin")

    get = client.get(f"/authorities/avon/inspections/{inspection.pk}/edit/")
    client.post(
        f"/authorities/avon/inspections/{inspection.pk}/edit/",
        _inspection_form(grade_scale=GradeScale.FOUR_GRADE, **{InspectionQuestion.PREVENTING_FIRES: ""}),
    )

    assert '<option value="adequate" selected>Adequate</option>' in page(get)
    assert "Change the inspection Round 3 (2023 to 2025)" in visible_text(get)
    inspection.refresh_from_db()
    assert inspection.grade_scale == "four_grade"
    assert sorted(inspection.results.values_list("question", "grade")) == [
        ("fairness_and_diversity", "inadequate"),
        ("understanding_risk", "good"),
    ]


def test_inspection_four_grade_scale_refuses_adequate(client, sign_in, avon):
    sign_in("lga_admin")

    response = client.post("/authorities/avon/inspections/add/", _inspection_form(grade_scale=GradeScale.FOUR_GRADE))

    assert error_summary(response) == [
        "Choose a grade on the four-grade scale for preventing fires and other risks: ‘adequate’ is not one of its grades"
    ]
    assert Inspection.objects.count() == 0


def test_inspection_empty_form_shows_every_error(client, sign_in, avon):
    sign_in("lga_admin")

    response = client.post("/authorities/avon/inspections/add/", {})

    assert error_summary(response) == [
        "Enter the inspection round",
        "Choose the grade scale",
        "Enter the inspection start date",
        "Enter the inspection end date",
    ]
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        pytest.param({"round_name": "x" * 61}, "Inspection round must be 60 characters or fewer", id="round-too-long"),
        pytest.param({"round_name": "x" * 10_000}, "Inspection round must be 60 characters or fewer", id="round-10000"),
        pytest.param({"causes_of_concern": "x" * 5001}, "Causes of concern must be 5,000 characters or fewer", id="causes-too-long"),
        pytest.param({"causes_of_concern": "x\n" * 10_000}, "Causes of concern must be 5,000 characters or fewer", id="causes-10000-lines"),
        pytest.param({"grade_scale": "<script>alert(1)</script>"}, "Choose a grade scale from the list", id="scale-html"),
        pytest.param({InspectionQuestion.AFFORDABLE: "'; DROP TABLE authorities_authority; --"}, "Choose a grade for making the service affordable now and in future from the list", id="grade-sql"),
        pytest.param({InspectionQuestion.RIGHT_PEOPLE: "Zoë Ørsted 💧"}, "Choose a grade for getting the right people with the right skills from the list", id="grade-unicode"),
        pytest.param(date_fields("ended_on", datetime.date(2024, 2, 4)), "The inspection end date must be the same as or after the start date", id="end-before-start"),
        pytest.param(date_fields("report_published_on", datetime.date(2024, 1, 31)), "The report publication date must be the same as or after the inspection start date", id="published-before-start"),
        pytest.param({"started_on_2": TOO_LARGE_NUMBER}, "The inspection start date must be a real date", id="start-year-huge"),
        pytest.param({"started_on_0": TOO_LARGE_NUMBER}, "The inspection start date must be a real date", id="start-day-huge"),
        pytest.param({"ended_on_1": "13"}, "The inspection end date must be a real date", id="end-month-13"),
        pytest.param({"report_published_on_0": "<b>3</b>"}, "The report publication date must be a real date", id="published-html"),
        pytest.param({"round_name": "Round\x00 3"}, "Inspection round must not include null characters", id="round-null"),
    ],
)
def test_inspection_invalid_input_refused_with_one_message(client, sign_in, avon, overrides, message):
    sign_in("lga_admin")

    response = client.post("/authorities/avon/inspections/add/", _inspection_form(**overrides))

    assert response.status_code == 200
    assert error_summary(response) == [message]
    assert "<script>alert(1)</script>" not in page(response)
    assert Inspection.objects.count() == 0


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_inspection_hostile_text_saved_as_typed_and_escaped(client, sign_in, avon, text):
    sign_in("lga_admin")

    client.post("/authorities/avon/inspections/add/", _inspection_form(round_name=text[:60], causes_of_concern=f"{text}\nSecond"))
    response = client.get("/authorities/avon/")

    inspection = Inspection.objects.get()
    assert (inspection.round_name, inspection.causes_of_concern_list) == (text[:60], [text, "Second"])
    assert f"<li>{html.escape(text)}</li><li>Second</li>" in page(response)


# The Django admin


def test_admin_contact_change_refused_the_service_keeps_contacts(client, avon, chief):
    """Contacts change only through the service's pages (its rules and history): the Django
    admin shows them and changes nothing, even for a superuser."""
    from .factories import LgaAdminFactory

    client.force_login(LgaAdminFactory(is_staff=True, is_superuser=True))

    response = client.post(
        f"/admin/authorities/authoritycontact/{chief.pk}/change/",
        {"authority": avon.pk, "role": "chief_fire_officer", "name": "Morgan Reid-Hale", "email": "morgan.reid@example.org"},
    )

    assert response.status_code == 403
    chief.refresh_from_db()
    assert (chief.name, chief.history.count()) == ("Morgan Reid", 1)


def test_admin_inspection_change_page_shows_grades_inline(client, inspection):
    from .factories import LgaAdminFactory

    client.force_login(LgaAdminFactory(is_staff=True, is_superuser=True))

    response = client.get(f"/admin/authorities/inspection/{inspection.pk}/change/")

    assert response.status_code == 200
    assert ("View inspection" in page(response), 'name="results-0-grade"' in page(response)) == (True, False)
    assert "Understanding risk" in visible_text(response)
    assert client.get(f"/admin/authorities/inspection/{inspection.pk}/history/").status_code == 200
