"""The peer import pages: upload, check, confirm. LGA staff only."""

import re

import pytest

from authorities import peer_csv
from authorities.models import Peer
from authorities.views.peer_csv import IMPORT_SESSION_KEY
from peersupport.tests.html import error_summary, error_summary_links, inline_code, notifications, page, visible_text

from .csv_files import csv_text, csv_upload, many_rows, peer_row
from .factories import PeerFactory, SpecialismFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

LGA_STAFF = ["lga_admin", "adviser", "other_adviser"]
NOT_LGA_STAFF = ["lead_peer", "other_peer_user", "fra_contact"]


def _upload(client, *rows, **kwargs):
    return client.post("/peers/import/", {"file": csv_upload(*rows, **kwargs)})


def _confirm_hash(response):
    return re.search(r'name="sha256" value="([0-9a-f]{64})"', page(response)).group(1)


def _checked(client, *rows):
    """Upload the rows and open the check page."""
    _upload(client, *rows)
    return client.get("/peers/import/check/")


# Who may use it


@pytest.mark.parametrize("role", LGA_STAFF)
def test_import_page_lga_staff_see_the_upload(client, sign_in, role):
    sign_in(role)

    response = client.get("/peers/import/")

    assert response.status_code == 200
    assert "<title>Import peers from CSV – Fire peer support</title>" in page(response)
    assert 'enctype="multipart/form-data"' in page(response)
    assert '<input type="file" name="file" accept=".csv,text/csv" aria-describedby="id_file_hint" class="govuk-file-upload" id="id_file">' in page(response)


@pytest.mark.parametrize("role", NOT_LGA_STAFF)
@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/peers/import/"), ("post", "/peers/import/"), ("get", "/peers/import/check/"), ("post", "/peers/import/confirm/")],
)
def test_import_pages_not_found_for_others(client, sign_in, role, method, path):
    sign_in(role)

    response = getattr(client, method)(path, {"file": csv_upload(peer_row())} if path == "/peers/import/" and method == "post" else {})

    assert response.status_code == 404
    assert Peer.objects.filter(email="ann@example.org").count() == 0


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/peers/import/"), ("post", "/peers/import/"), ("get", "/peers/import/check/"), ("post", "/peers/import/confirm/")],
)
def test_import_pages_anonymous_redirected_to_sign_in(client, method, path):
    response = getattr(client, method)(path)

    assert (response.status_code, response.url) == (302, f"/sign-in/?next={path}")


def test_import_page_lists_the_columns_and_every_specialism_code(client, sign_in):
    sign_in("lga_admin")

    text = visible_text(client.get("/peers/import/"))

    assert "peer_type Yes officer, member, beyond_sector, challenge_manager" in text
    assert "political_group No, member peers only conservative, labour, liberal_democrat, green, reform_uk, independent, other" in text
    assert "call-management Call management and incident support" in text
    assert "sharing-good-practice Sharing good practice" in text


# Upload: whole-file errors in the GOV.UK error summary


@pytest.mark.parametrize(
    ("upload", "error"),
    [
        ({}, "Select a CSV file"),
        ({"file": csv_upload(peer_row(), name="peers.xlsx")}, "The selected file must be a CSV"),
        ({"file": csv_upload(data=b"", name="peers.csv")}, "The selected file is empty"),
        ({"file": csv_upload(data=b"x" * (5 * 1024 * 1024 + 1))}, "The selected file must be smaller than 5MB"),
        ({"file": csv_upload(data=b"\x89PNG\r\n\x1a\n\x00\x00")}, "The selected file must be a CSV"),
        ({"file": csv_upload(data=csv_text(peer_row(full_name="Zoë")).encode("latin-1"))},
         "The selected file must be saved as UTF-8: in Excel, choose ‘CSV UTF-8 (Comma delimited)’"),
        ({"file": csv_upload(header=["email"])},
         "The header row must include the columns full_name, phone, peer_type, home_authority, home_organisation, "
         "role_title, political_group, specialisms, tags, can_lead, max_challenges_per_year, active, retired_reason, "
         "consented_on"),
        ({"file": csv_upload()}, "The selected file must have at least one peer below the header row"),
    ],
)
def test_import_upload_file_errors_shown_in_error_summary(client, sign_in, upload, error):
    sign_in("lga_admin")

    response = client.post("/peers/import/", upload)

    assert response.status_code == 200
    assert error_summary_links(response) == [("id_file", error)]
    assert "<title>Error: Import peers from CSV – Fire peer support</title>" in page(response)
    assert IMPORT_SESSION_KEY not in client.session


def test_import_upload_wrong_header_lists_every_problem(client, sign_in):
    sign_in("lga_admin")

    response = _upload(client, header=["full_name", "email", "email", "colour"])

    assert error_summary(response)[1:] == [
        "The header row has a column the import does not recognise: colour",
        "The header row has the column email more than once",
    ]


def test_import_upload_valid_file_goes_to_the_check_page_saving_nothing(client, sign_in):
    sign_in("lga_admin")

    response = _upload(client, peer_row())

    assert (response.status_code, response.url) == (302, "/peers/import/check/")
    assert client.session[IMPORT_SESSION_KEY]["name"] == "peers.csv"
    assert Peer.objects.count() == 0


# Check page


def test_import_check_without_a_file_goes_to_upload(client, sign_in):
    sign_in("lga_admin")

    response = client.get("/peers/import/check/")

    assert (response.status_code, response.url) == (302, "/peers/import/")


def test_import_check_shows_every_row_new_or_updating(client, sign_in):
    PeerFactory(email="bob@example.org", full_name="Bob Old", home_authority=None, peer_type="challenge_manager")
    sign_in("adviser")

    response = _checked(
        client,
        peer_row(),
        peer_row(full_name="Bob Example", email="Bob@example.org", peer_type="challenge_manager", home_authority=""),
    )

    assert response.status_code == 200
    assert error_summary(response) == []
    text = visible_text(response)
    assert "File peers.csv Peers in the file 2 New peers 1 Existing peers updated 1 Existing peers unchanged 0" in text
    assert "Nothing has been saved yet." in text
    assert "2 Ann Example ann@example.org officer Avon New" in text
    assert ("3 Bob Example Bob@example.org challenge_manager Updates existing Changes full_name, phone, role_title, "
            "specialisms, tags, can_lead, max_challenges_per_year, consented_on") in text
    assert 'data-testid="import-confirm">Import 2 peers</button>' in page(response)
    assert '<caption class="govuk-table__caption govuk-table__caption--m">Rows in peers.csv</caption>' in page(response)


def test_import_check_shows_errors_with_row_and_column_and_no_import_button(client, sign_in):
    sign_in("lga_admin")

    response = _checked(client, peer_row(), peer_row(email="ann@example.org", can_lead="maybe"), peer_row(email="b@example.org", home_authority="Dorset"))

    assert error_summary_links(response) == [
        ("row-3", "Row 3, can_lead: Enter yes or no"),
        ("row-3", "Row 3, email: This email address is also in row 2"),
        ("row-4", "Row 4, home_authority: ‘Dorset’ is no longer a fire and rescue authority: use its successor, Dorset & Wiltshire"),
    ]
    assert "<title>Error: Check the peers before importing – Fire peer support</title>" in page(response)
    text = visible_text(response)
    assert "Rows with errors 2" in text
    assert "Nothing has been saved. Correct the rows with errors and upload the file again." in text
    assert "3 Ann Example ann@example.org officer Avon New Error: can_lead: Enter yes or no Error: email: This email address is also in row 2" in text
    assert 'id="row-3"' in page(response)
    assert "import-confirm" not in page(response)
    assert 'href="/peers/import/" role="button"' in page(response)


def test_import_check_error_summary_lists_the_first_100_errors(client, sign_in):
    sign_in("lga_admin")

    response = _checked(client, *many_rows(120, can_lead="maybe"))

    assert len(error_summary(response)) == 100
    assert "And 20 more errors: every error is shown in the table below." in visible_text(response)
    assert page(response).count('<p class="govuk-error-message') == 120


def test_import_check_escapes_html_in_cells(client, sign_in):
    sign_in("lga_admin")

    response = _checked(client, peer_row(full_name="<script>alert(1)</script>", role_title="<b>Chief</b>"))

    assert "<script>alert(1)</script>" not in page(response)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page(response)
    assert inline_code(response) == []


def test_import_check_file_no_longer_readable_goes_back_to_upload(client, sign_in, monkeypatch):
    sign_in("lga_admin")
    _upload(client, *many_rows(3))
    monkeypatch.setattr(peer_csv, "MAX_ROWS", 2)

    response = client.get("/peers/import/check/", follow=True)

    assert response.redirect_chain == [("/peers/import/", 302)]
    assert notifications(response) == ["The selected file must have 2 peers or fewer"]
    assert IMPORT_SESSION_KEY not in client.session


def test_import_check_shows_new_errors_when_the_pool_changed(client, sign_in):
    specialism = SpecialismFactory(code="wildfire")
    sign_in("lga_admin")
    assert error_summary(_checked(client, peer_row(specialisms="wildfire"))) == []
    specialism.delete()

    response = client.get("/peers/import/check/")

    assert error_summary(response) == [
        "Row 2, specialisms: ‘wildfire’ is not a specialism code: use a code from the list on the import page"
    ]


# Confirm


def test_import_confirm_saves_every_peer_and_says_what_changed(client, sign_in):
    PeerFactory(email="bob@example.org", full_name="Bob Example")
    sign_in("lga_admin")
    check = _checked(client, peer_row(), peer_row(full_name="Bob Example", email="bob@example.org"), peer_row(email="cal@example.org"))

    response = client.post("/peers/import/confirm/", {"sha256": _confirm_hash(check)}, follow=True)

    assert response.redirect_chain == [("/peers/", 302)]
    assert notifications(response) == ["Peers imported: 2 added, 1 updated, 0 unchanged"]
    assert sorted(Peer.objects.values_list("email", flat=True)) == ["ann@example.org", "bob@example.org", "cal@example.org"]
    assert Peer.objects.get(email="bob@example.org").role_title == "Chief fire officer"
    assert IMPORT_SESSION_KEY not in client.session


def test_import_confirm_records_the_user_in_history(client, sign_in):
    adviser = sign_in("adviser")
    check = _checked(client, peer_row())

    client.post("/peers/import/confirm/", {"sha256": _confirm_hash(check)})

    assert Peer.objects.get().history.first().history_user == adviser


def test_import_confirm_twice_imports_once(client, sign_in):
    sign_in("lga_admin")
    sha256 = _confirm_hash(_checked(client, peer_row()))
    client.post("/peers/import/confirm/", {"sha256": sha256}, follow=True)

    response = client.post("/peers/import/confirm/", {"sha256": sha256}, follow=True)

    assert response.redirect_chain == [("/peers/import/", 302)]
    assert notifications(response) == ["There is no file waiting to be imported: upload it again"]
    assert Peer.objects.count() == 1


@pytest.mark.parametrize(
    ("sha256", "redirect", "message"),
    [
        ("", "/peers/import/", "There is no file waiting to be imported: upload it again"),
        ("not-a-hash", "/peers/import/", "There is no file waiting to be imported: upload it again"),
        ("0" * 64, "/peers/import/check/", "The file has changed since you checked it: check the peers again"),
    ],
)
def test_import_confirm_with_a_hash_not_of_the_checked_file_saves_nothing(client, sign_in, sha256, redirect, message):
    sign_in("lga_admin")
    _checked(client, peer_row())

    response = client.post("/peers/import/confirm/", {"sha256": sha256}, follow=True)

    assert (response.redirect_chain[0], notifications(response)) == ((redirect, 302), [message])
    assert Peer.objects.count() == 0


def test_import_confirm_after_uploading_another_file_refused(client, sign_in):
    """Two tabs: the first file's check page cannot import the second file."""
    sign_in("lga_admin")
    first = _confirm_hash(_checked(client, peer_row()))
    _upload(client, peer_row(email="someone.else@example.org"))

    response = client.post("/peers/import/confirm/", {"sha256": first}, follow=True)

    assert notifications(response) == ["The file has changed since you checked it: check the peers again"]
    assert "someone.else@example.org" in visible_text(response)
    assert Peer.objects.count() == 0


def test_import_confirm_when_the_pool_changed_shows_the_new_errors(client, sign_in):
    specialism = SpecialismFactory(code="wildfire")
    sign_in("lga_admin")
    sha256 = _confirm_hash(_checked(client, *many_rows(5, specialisms="wildfire")))
    specialism.delete()

    response = client.post("/peers/import/confirm/", {"sha256": sha256}, follow=True)

    assert response.redirect_chain == [("/peers/import/check/", 302)]
    assert notifications(response) == ["Nothing has been imported: 5 rows now have errors. Correct the file and upload it again"]
    assert error_summary(response)[0] == "Row 2, specialisms: ‘wildfire’ is not a specialism code: use a code from the list on the import page"
    assert Peer.objects.count() == 0


def test_import_confirm_get_not_allowed(client, sign_in):
    sign_in("lga_admin")

    assert client.get("/peers/import/confirm/").status_code == 405


def test_peer_list_links_to_import_and_export(client, sign_in):
    sign_in("adviser")

    response = client.get("/peers/?peer_type=member&status=active")

    assert 'href="/peers/import/" role="button"' in page(response)
    assert 'href="/peers/export/?peer_type=member&amp;status=active" download data-testid="peer-export">Download as CSV' in page(response)


def test_import_pages_have_no_inline_script_or_style(client, sign_in):
    sign_in("lga_admin")
    pages = [client.get("/peers/import/"), _checked(client, peer_row(), peer_row(email="bad")), client.get("/peers/")]
    _upload(client, peer_row())
    pages.append(client.get("/peers/import/check/"))

    assert [(response.status_code, inline_code(response)) for response in pages] == [(200, [])] * 4
