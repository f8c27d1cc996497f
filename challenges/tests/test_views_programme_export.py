"""The programme's challenges as CSV: for LGA staff, with the list's filters, safe to open in a
spreadsheet and ready to import again."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from authorities.models import Authority
from authorities.tests.factories import PrincipalAdviserFactory
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.models import Challenge
from challenges.services.programme_import import programme_import_commit, programme_import_preview
from challenges.tests.data import csv_upload
from challenges.tests.factories import ChallengeFactory
from peersupport.tests.html import page
from reports.tests.factories import FeedbackReportFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

D = datetime.date
HEADER = (
    "authority,challenge_type,start_date,end_date,second_start_date,second_end_date,status,principal_adviser,"
    "requested_on,report_url,reason\r\n"
)
SITE = "https://peersupport.example.org"


def _content(response) -> str:
    return b"".join(response.streaming_content).decode()


def _rows(content) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff"))))[1:]


@pytest.fixture
def programme(db, settings, media_root, avon):
    """Three challenges with every kind of value: one with its report published in the
    service, one with a link from before it, one cancelled with a reason a spreadsheet would run."""
    settings.SITE_URL = SITE
    adviser = PrincipalAdviserFactory(email="pa.south.west@example.org")
    closed = ChallengeFactory(
        authority=avon, start_date=D(2019, 3, 4), end_date=D(2019, 3, 7), status=ChallengeStatus.CLOSED,
        principal_adviser=adviser, requested_on=D(2018, 10, 1), report_url="https://www.local.gov.uk/avon-2019",
    )
    published = ChallengeFactory(
        authority=Authority.objects.get(slug="kent"), challenge_type=ChallengeType.DEEP_DIVE, start_date=D(2021, 6, 7),
        end_date=D(2021, 6, 9), second_start_date=D(2021, 7, 5), second_end_date=D(2021, 7, 6),
        status=ChallengeStatus.PUBLISHED, requested_on=D(2021, 1, 11),
    )
    report = FeedbackReportFactory(challenge=published, published=True)
    cancelled = ChallengeFactory(
        authority=avon, challenge_type=ChallengeType.PRE_INSPECTION, start_date=None, end_date=None,
        status=ChallengeStatus.CANCELLED, requested_on=D(2020, 3, 2), status_reason='=HYPERLINK("http://evil.example","Click")',
    )
    return closed, published, report, cancelled


@pytest.mark.parametrize("role", ["lga_admin", "adviser"])
def test_export_lga_staff_download_csv(client, sign_in, programme, role):
    sign_in(role)

    response = client.get("/challenges/export/")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="programme-{timezone.localdate():%Y-%m-%d}.csv"'


@pytest.mark.parametrize("role", ["lead_peer", "other_peer_user", "fra_contact"])
def test_export_not_found_for_others(client, sign_in, programme, role):
    sign_in(role)

    assert client.get("/challenges/export/").status_code == 404


def test_export_anonymous_redirected_to_sign_in(client, db):
    response = client.get("/challenges/export/")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=/challenges/export/")


def test_export_content_exact_with_report_links_and_formulas_escaped(client, sign_in, programme):
    _, _, report, _ = programme
    sign_in("lga_admin")

    response = client.get("/challenges/export/")

    assert _content(response) == (
        "\ufeff" + HEADER
        + "Avon,pre_inspection,,,,,cancelled,,2020-03-02,,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\"\r\n"
        f"Kent,deep_dive,2021-06-07,2021-06-09,2021-07-05,2021-07-06,published,,2021-01-11,{SITE}/reports/{report.pk}/download/,\r\n"
        "Avon,operational_assessment,2019-03-04,2019-03-07,,,closed,pa.south.west@example.org,2018-10-01,"
        "https://www.local.gov.uk/avon-2019,\r\n"
    )


def test_export_applies_the_list_filters_and_sort(client, sign_in, programme):
    sign_in("lga_admin")
    kent = Authority.objects.get(slug="kent")

    assert [r[:3] for r in _rows(_content(client.get("/challenges/export/?status=closed")))] == [
        ["Avon", "operational_assessment", "2019-03-04"]
    ]
    assert [r[0] for r in _rows(_content(client.get(f"/challenges/export/?authority={kent.pk}")))] == ["Kent"]
    assert [r[2] for r in _rows(_content(client.get("/challenges/export/?sort=soonest")))] == ["2019-03-04", "2021-06-07", ""]
    assert _rows(_content(client.get("/challenges/export/?year=2020"))) == []


def test_export_adviser_gets_their_regions_challenges(client, sign_in, programme):
    sign_in("adviser")

    assert [r[:2] for r in _rows(_content(client.get("/challenges/export/")))] == [
        ["Avon", "pre_inspection"], ["Avon", "operational_assessment"],
    ]


def test_export_filters_with_errors_go_back_to_the_list(client, sign_in, programme):
    sign_in("lga_admin")

    response = client.get("/challenges/export/?status=finished&year=2019")

    assert (response.status_code, response.url) == (302, "/challenges/?status=finished&year=2019")


def test_export_queries_do_not_grow_with_challenges(client, sign_in, avon, django_assert_num_queries):
    def add(count):
        for n in range(count):
            start = D(2010, 1, 4) + datetime.timedelta(weeks=n)
            ChallengeFactory(authority=avon, start_date=start, end_date=start + datetime.timedelta(days=2),
                             status=ChallengeStatus.CLOSED, principal_adviser=PrincipalAdviserFactory())

    sign_in("lga_admin")
    add(1)
    with django_assert_num_queries(5):
        lines = _content(client.get("/challenges/export/")).splitlines()
    assert len(lines) == 2

    add(19)
    with django_assert_num_queries(5):
        lines = _content(client.get("/challenges/export/")).splitlines()
    assert len(lines) == 21


def test_export_imports_again_unchanged(client, sign_in, programme, lga_admin):
    sign_in("lga_admin")
    content = _content(client.get("/challenges/export/")).encode()
    history = Challenge.history.count()

    checked = programme_import_preview(by=lga_admin, file=csv_upload(data=content))
    result = programme_import_commit(by=lga_admin, file=csv_upload(data=content), sha256=checked.sha256)

    assert [error.text for error in checked.errors] == []
    assert [(row.is_update, row.changes) for row in checked.rows] == [(True, [])] * 3
    assert (len(result.unchanged_rows), Challenge.objects.count(), Challenge.history.count()) == (3, 3, history)
    assert _content(client.get("/challenges/export/")).encode() == content


def test_export_edited_in_a_spreadsheet_imports_the_edits(client, sign_in, programme, lga_admin):
    closed, *_ = programme
    sign_in("lga_admin")
    content = _content(client.get("/challenges/export/"))
    edited = content.replace("2019-03-07,,,closed,pa.south.west@example.org", "2019-03-06,,,closed,")

    checked = programme_import_preview(by=lga_admin, file=csv_upload(data=edited.encode()))
    programme_import_commit(by=lga_admin, file=csv_upload(data=edited.encode()), sha256=checked.sha256)

    assert [row.changes for row in checked.rows] == [[], [], ["end_date", "principal_adviser"]]
    closed.refresh_from_db()
    assert (closed.end_date, closed.principal_adviser, closed.history.first().history_user) == (D(2019, 3, 6), None, lga_admin)


def test_challenge_list_links_to_the_export_with_its_filters(client, sign_in, programme):
    sign_in("lga_admin")

    response = client.get("/challenges/?status=closed&sort=soonest")

    assert 'href="/challenges/export/?status=closed&amp;sort=soonest" data-testid="csv-download">Download these challenges as CSV' in page(response)
