"""The programme import pages: upload, check, confirm. LGA administrators only."""

import datetime
import re

import pytest
from django.db.models import F
from django.utils import timezone

from authorities.tests.factories import PrincipalAdviserFactory
from challenges import programme_csv
from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from challenges.tests.data import SAMPLE, SAMPLE_ADVISER, csv_text, csv_upload, many_rows, row
from challenges.tests.factories import ChallengeFactory
from challenges.views.programme_csv import IMPORT_SESSION_KEY
from peersupport.tests.html import error_summary, error_summary_links, inline_code, notifications, page, visible_text

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

NOT_ADMINS = ["adviser", "other_adviser", "lead_peer", "other_peer_user", "fra_contact"]
PAGES = [
    ("get", "/challenges/import/"), ("post", "/challenges/import/"), ("get", "/challenges/import/check/"),
    ("post", "/challenges/import/confirm/"),
]


def _upload(client, *rows, **kwargs):
    return client.post("/challenges/import/", {"file": csv_upload(*rows, **kwargs)})


def _confirm_hash(response):
    return re.search(r'name="sha256" value="([0-9a-f]{64})"', page(response)).group(1)


def _checked(client, *rows, **kwargs):
    """Upload the rows and open the check page."""
    _upload(client, *rows, **kwargs)
    return client.get("/challenges/import/check/")


# Who may use it


def test_import_page_lga_admin_sees_the_upload(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/challenges/import/")

    assert response.status_code == 200
    assert "<title>Import the programme's history from CSV – Fire peer support</title>" in page(response)
    assert 'enctype="multipart/form-data"' in page(response)
    assert "Saved as ‘CSV UTF-8’, smaller than 5MB, with at most 5,000 challenges" in visible_text(response)


@pytest.mark.parametrize("role", NOT_ADMINS)
@pytest.mark.parametrize(("method", "path"), PAGES)
def test_import_pages_not_found_for_anyone_but_lga_administrators(client, sign_in, role, method, path):
    sign_in(role)
    data = {"file": csv_upload(row())} if (method, path) == ("post", "/challenges/import/") else {"sha256": "0" * 64}

    response = getattr(client, method)(path, data)

    assert response.status_code == 404
    assert (Challenge.objects.count(), IMPORT_SESSION_KEY in client.session) == (0, False)


def test_import_confirm_by_an_adviser_with_a_checked_file_in_the_session_changes_nothing(client, sign_in):
    """An administrator checked a file; the same browser, signed in as an adviser, cannot import it."""
    sign_in("lga_admin")
    sha256 = _confirm_hash(_checked(client, row()))
    sign_in("adviser")
    session = client.session
    session[IMPORT_SESSION_KEY] = {"name": "programme.csv", "text": csv_text(row())}
    session.save()

    response = client.post("/challenges/import/confirm/", {"sha256": sha256})

    assert (response.status_code, Challenge.objects.count()) == (404, 0)


@pytest.mark.parametrize(("method", "path"), PAGES)
def test_import_pages_anonymous_redirected_to_sign_in(client, method, path):
    response = getattr(client, method)(path)

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")


def test_import_page_lists_the_columns_types_and_statuses(client, sign_in):
    sign_in("lga_admin")

    text = visible_text(client.get("/challenges/import/"))

    assert "reason For a postponed or cancelled challenge, and only then" in text
    assert "deep_dive Deep-dive themed peer challenge" in text
    assert "factual_check Factual accuracy check" in text


# Upload: whole-file errors in the GOV.UK error summary


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        ({}, "Select a CSV file"),
        ({"file": csv_upload(row(), name="programme.xlsx")}, "The selected file must be a CSV"),
        ({"file": csv_upload(data=b"")}, "The selected file is empty"),
        ({"file": csv_upload(data=b"x" * (5 * 1024 * 1024 + 1))}, "The selected file must be smaller than 5MB"),
        ({"file": csv_upload(data=b"\x89PNG\r\n\x1a\n\x00\x00")}, "The selected file must be a CSV"),
        ({"file": csv_upload(header=["authority", "status"])},
         "The header row must include the columns challenge_type, start_date, end_date, second_start_date, "
         "second_end_date, principal_adviser, requested_on, report_url"),
        ({"file": csv_upload(header=[*programme_csv.COLUMNS, "notes"])},
         "The header row has a column the import does not recognise: notes"),
        ({"file": csv_upload()}, "The selected file must have at least one challenge below the header row"),
    ],
)
def test_import_upload_file_errors_shown_in_error_summary(client, sign_in, upload, error):
    sign_in("lga_admin")

    response = client.post("/challenges/import/", upload)

    assert response.status_code == 200
    assert error_summary_links(response) == [("id_file", error)]
    assert "<title>Error: Import the programme's history from CSV – Fire peer support</title>" in page(response)
    assert IMPORT_SESSION_KEY not in client.session


def test_import_upload_valid_file_goes_to_the_check_page_saving_nothing(client, sign_in):
    sign_in("lga_admin")

    response = _upload(client, row())

    assert (response.status_code, response.url) == (302, "/challenges/import/check/")
    assert client.session[IMPORT_SESSION_KEY]["name"] == "programme.csv"
    assert Challenge.objects.count() == 0


# Check page


def test_import_check_without_a_file_goes_to_upload(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/challenges/import/check/")

    assert (response.status_code, response.url) == (302, "/challenges/import/")


def test_import_check_shows_every_row_new_or_updating(client, sign_in, avon):
    ChallengeFactory(authority=avon, start_date=datetime.date(2019, 3, 4), end_date=datetime.date(2019, 3, 7),
                     status=ChallengeStatus.FEEDBACK_GIVEN, requested_on=datetime.date(2018, 10, 1))
    sign_in("lga_admin")

    response = _checked(client, row(), row(authority="Kent", second_start_date="2019-04-01", second_end_date="2019-04-02"))

    assert response.status_code == 200
    assert error_summary(response) == []
    text = visible_text(response)
    assert ("File programme.csv Challenges in the file 2 New challenges 1 Existing challenges updated 1 "
            "Existing challenges unchanged 0") in text
    assert "Nothing has been saved yet." in text
    assert "2 Avon operational_assessment 2019-03-04 to 2019-03-07 closed Updates existing Changes status, report_url" in text
    assert "3 Kent operational_assessment 2019-03-04 to 2019-03-07 and 2019-04-01 to 2019-04-02 closed New" in text
    assert 'data-testid="import-confirm">Import 2 challenges</button>' in page(response)


def test_import_check_lists_every_bad_row_with_row_and_column_and_no_import_button(client, sign_in, avon):
    ChallengeFactory(authority=avon, challenge_type="deep_dive", start_date=datetime.date(2019, 6, 4),
                     end_date=datetime.date(2019, 6, 6), status=ChallengeStatus.CLOSED)
    sign_in("lga_admin")
    start, end = ((timezone.localdate() + datetime.timedelta(days=days)).isoformat() for days in (40, 41))

    response = _checked(
        client,
        row(authority="Atlantis"),
        row(challenge_type="peer review"),
        row(start_date="4 March 2019"),
        row(end_date="2019-03-01"),
        row(end_date="2019-03-18"),
        row(authority="Kent"),
        row(authority="Kent", challenge_type="targeted", start_date="2019-03-06", end_date="2019-03-06", report_url=""),
        row(start_date="2019-06-03", end_date="2019-06-04", report_url=""),
        row(principal_adviser="nobody@example.org"),
        row(status="finished"),
        row(status="postponed"),
        row(report_url="www.local.gov.uk/report"),
        row(status="closed", start_date=start, end_date=end, requested_on=""),
    )

    assert error_summary_links(response) == [
        ("row-2", "Row 2, authority: ‘Atlantis’ is not a fire and rescue authority: use its ONS code or short name"),
        ("row-3", "Row 3, challenge_type: ‘peer review’ is not a type of challenge: use one of operational_assessment, "
                  "deep_dive, pre_inspection, leadership_governance, targeted"),
        ("row-4", "Row 4, start_date: Enter a real date in the format YYYY-MM-DD, like 2019-03-04"),
        ("row-5", "Row 5, end_date: The on-site end date must be the same as or after the start date"),
        ("row-6", "Row 6, end_date: A visit lasts at most 10 working days: bring the end date forward or split it into two phases"),
        ("row-8", "Row 8, start_date: This visit overlaps the one in row 7: an authority has one challenge on site at a time"),
        ("row-9", "Row 9, start_date: Avon already has a challenge on site from 4 June 2019 to 6 June 2019, which this visit overlaps"),
        ("row-10", "Row 10, principal_adviser: ‘nobody@example.org’ is not the email address of a principal adviser in the service"),
        ("row-11", "Row 11, status: ‘finished’ is not a status: use one of requested, scoping, confirmed, on_site, "
                   "feedback_given, report_drafting, factual_check, published, progress_review, closed, postponed, cancelled"),
        ("row-12", "Row 12, reason: Enter why the challenge was postponed"),
        ("row-13", "Row 13, report_url: Enter the link to the published report as a web address starting with https://, "
                   "like https://www.local.gov.uk/peer-challenge-report"),
        ("row-14", "Row 14, start_date: The on-site start date must be today or in the past, as the challenge is ‘Closed’"),
    ]
    assert "<title>Error: Check the challenges before importing – Fire peer support</title>" in page(response)
    text = visible_text(response)
    assert "Challenges in the file 13 Rows with errors 12" in text
    assert "Nothing has been saved. Correct the rows with errors and upload the file again." in text
    assert "import-confirm" not in page(response)
    assert 'href="/challenges/import/" role="button"' in page(response)
    assert Challenge.objects.count() == 1


def test_import_check_error_summary_lists_the_first_100_errors(client, sign_in):
    sign_in("lga_admin")

    response = _checked(client, *many_rows(120, status="finished"))

    assert len(error_summary(response)) == 100
    assert "And 20 more errors: every error is shown in the table below." in visible_text(response)
    assert page(response).count('<p class="govuk-error-message') == 120


def test_import_check_escapes_hostile_cells(client, sign_in):
    sign_in("lga_admin")

    response = _checked(client, row(authority="<script>alert(1)</script>", status='=HYPERLINK("http://evil.example","x")'))

    assert "<script>alert(1)</script>" not in page(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(response)
    assert error_summary(response)[0] == (
        "Row 2, authority: ‘<script>alert(1)</script>’ is not a fire and rescue authority: use its ONS code or short name"
    )
    assert inline_code(response) == []


def test_import_check_file_no_longer_readable_goes_back_to_upload(client, sign_in, monkeypatch):
    sign_in("lga_admin")
    _upload(client, *many_rows(3))
    monkeypatch.setattr(programme_csv, "MAX_ROWS", 2)

    response = client.get("/challenges/import/check/", follow=True)

    assert response.redirect_chain == [("/challenges/import/", 302)]
    assert notifications(response) == ["The selected file must have 2 challenges or fewer"]
    assert IMPORT_SESSION_KEY not in client.session


# Confirm


def test_import_confirm_saves_every_challenge_with_history_and_says_what_changed(client, sign_in):
    PrincipalAdviserFactory(email=SAMPLE_ADVISER, region="north_east")
    admin = sign_in("lga_admin")
    _upload(client, data=SAMPLE.read_bytes())
    check = client.get("/challenges/import/check/")

    response = client.post("/challenges/import/confirm/", {"sha256": _confirm_hash(check)}, follow=True)

    assert response.redirect_chain == [("/challenges/", 302)]
    assert notifications(response) == ["Challenges imported: 5 added, 0 updated, 0 unchanged"]
    assert list(Challenge.objects.order_by("authority__short_name", F("start_date").asc(nulls_first=True)).values_list("authority__short_name", "start_date")) == [
        ("Avon", None), ("Avon", datetime.date(2019, 3, 4)), ("Cleveland", datetime.date(2023, 1, 16)),
        ("Dorset", datetime.date(2012, 11, 12)), ("Kent", datetime.date(2021, 6, 7)),
    ]
    assert {(c.booked_by, c.history.get().history_user, c.history.get().history_type) for c in Challenge.objects.all()} == {
        (admin, admin, "+")
    }
    assert IMPORT_SESSION_KEY not in client.session


def test_import_confirm_twice_imports_once(client, sign_in):
    sign_in("lga_admin")
    sha256 = _confirm_hash(_checked(client, row()))
    client.post("/challenges/import/confirm/", {"sha256": sha256}, follow=True)

    response = client.post("/challenges/import/confirm/", {"sha256": sha256}, follow=True)

    assert response.redirect_chain == [("/challenges/import/", 302)]
    assert notifications(response) == ["There is no file waiting to be imported: upload it again"]
    assert Challenge.objects.count() == 1


@pytest.mark.parametrize(
    ("sha256", "redirect", "message"),
    [
        ("", "/challenges/import/", "There is no file waiting to be imported: upload it again"),
        ("0" * 64, "/challenges/import/check/", "The file has changed since you checked it: check the challenges again"),
    ],
)
def test_import_confirm_with_a_hash_not_of_the_checked_file_saves_nothing(client, sign_in, sha256, redirect, message):
    sign_in("lga_admin")
    _checked(client, row())

    response = client.post("/challenges/import/confirm/", {"sha256": sha256}, follow=True)

    assert (response.redirect_chain[0], notifications(response)) == ((redirect, 302), [message])
    assert Challenge.objects.count() == 0


def test_import_confirm_when_the_programme_changed_shows_the_new_errors(client, sign_in, avon):
    sign_in("lga_admin")
    sha256 = _confirm_hash(_checked(client, row(), row(authority="Kent")))
    ChallengeFactory(authority=avon, challenge_type="targeted", start_date=datetime.date(2019, 3, 7),
                     end_date=datetime.date(2019, 3, 8), status=ChallengeStatus.CLOSED)

    response = client.post("/challenges/import/confirm/", {"sha256": sha256}, follow=True)

    assert response.redirect_chain == [("/challenges/import/check/", 302)]
    assert notifications(response) == ["Nothing has been imported: 1 row now has errors. Correct the file and upload it again"]
    assert error_summary(response) == [
        "Row 2, start_date: Avon already has a challenge on site from 7 March 2019 to 8 March 2019, which this visit overlaps"
    ]
    assert Challenge.objects.count() == 1


def test_import_confirm_get_not_allowed(client, sign_in):
    sign_in("lga_admin")

    assert client.get("/challenges/import/confirm/").status_code == 405


def test_import_pages_have_no_inline_script_or_style(client, sign_in):
    sign_in("lga_admin")
    pages = [client.get("/challenges/import/"), _checked(client, row(), row(status="bad"))]
    pages.append(_checked(client, row()))

    assert [(response.status_code, inline_code(response)) for response in pages] == [(200, [])] * 3
