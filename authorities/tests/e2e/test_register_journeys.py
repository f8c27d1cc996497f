"""The registers in a real browser: an administrator corrects an authority and sees the
change in its history; a principal adviser records an inspection; the authority's contact
sees it; LGA staff import peers from CSV after fixing what the check found. axe-core audits
every page on the way, error pages included."""

import datetime

import pytest

from authorities.models import Authority, Inspection, Peer
from authorities.tests.factories import (
    PASSWORD,
    AuthorityContactFactory,
    FraContactFactory,
    LgaAdminFactory,
    PrincipalAdviserFactory,
)
from peersupport.tests.browser import ServicePage

pytestmark = pytest.mark.e2e

HEADER = (
    "full_name,email,phone,peer_type,home_authority,home_organisation,role_title,political_group,"
    "specialisms,tags,can_lead,max_challenges_per_year,active,retired_reason,consented_on\n"
)
GOOD_ROW = "Nia Roberts,nia.roberts@example.org,,officer,Kent,,Area manager,,protection;prevention,,yes,2,yes,,2026-09-14\n"
BAD_ROW = "Sam Patel,not-an-email,,officer,Atlantis,,,,,,no,2,yes,,2026-09-14\n"


def _navigation(page):
    return page.get_by_role("navigation", name="Menu")


def test_register_administrator_corrects_an_authority_and_sees_the_history(browser_page, transactional_db):
    page, audit = browser_page
    admin = LgaAdminFactory(full_name="Jo Bennett")
    service = ServicePage(page, audit, PASSWORD)

    service.sign_in(admin.email).follow("Authorities", within=_navigation(page))
    page.get_by_role("combobox", name="Region").select_option(label="South West")
    service.press("Apply")
    assert service.heading() == "Fire and rescue authorities"
    service.follow("Avon Fire Authority")
    service.press("Correct the record")

    page.get_by_label("Short name").fill("")
    service.press("Save record")
    assert service.error_summary() == ["Enter the short name"]
    assert page.title() == "Error: Correct the record of Avon Fire Authority – Fire peer support"

    page.get_by_label("Short name").fill("Avon FRS")
    service.press("Save record")
    assert service.notification() == "Avon Fire Authority saved"

    service.follow("View the history of changes")
    latest = page.get_by_test_id("history-entry").first
    assert latest.get_by_role("heading").inner_text() == "Authority record changed"
    assert "by Jo Bennett" in latest.inner_text()
    assert [" ".join(row.split()) for row in latest.locator("tbody tr").all_inner_texts()] == ["Short name Avon Avon FRS"]
    assert Authority.objects.get(slug="avon").short_name == "Avon FRS"


def test_register_adviser_records_an_inspection_that_the_contact_then_sees(browser_page, transactional_db):
    page, audit = browser_page
    adviser = PrincipalAdviserFactory()
    avon = Authority.objects.get(slug="avon")
    AuthorityContactFactory(authority=avon, name="Morgan Reid")
    FraContactFactory(email="contact@example.org", authority=avon)
    service = ServicePage(page, audit, PASSWORD)

    service.sign_in(adviser.email).open(avon.get_absolute_url())
    service.press("Add an inspection")
    page.get_by_label("Inspection round").fill("Round 2 (2021 to 2022)")
    page.get_by_role("radio", name="Four grades (rounds before 2023)").check()
    for legend, date in (("Inspection start date", datetime.date(2021, 10, 4)), ("Inspection end date", datetime.date(2021, 10, 15))):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(date.day))
        group.get_by_label("Month").fill(str(date.month))
        group.get_by_label("Year").fill(str(date.year))
    page.get_by_role("combobox", name="Understanding risk").select_option(label="Adequate")
    service.press("Save inspection")
    # "Adequate" came in 2023: the four-grade scale has no such grade.
    assert service.error_summary() == [
        "Choose a grade on the four-grade scale for understanding risk: ‘adequate’ is not one of its grades"
    ]

    page.get_by_role("combobox", name="Understanding risk").select_option(label="Good")
    page.get_by_label("Causes of concern (optional)").fill("Protection is under-resourced.")
    service.press("Save inspection")
    assert service.notification() == "Inspection Round 2 (2021 to 2022) saved"
    assert Inspection.objects.get().results.get().grade == "good"
    service.sign_out()

    service.sign_in("contact@example.org").follow("Your authority", within=_navigation(page))
    main = page.get_by_role("main")
    assert "Round 2 (2021 to 2022)" in main.inner_text()
    assert "Protection is under-resourced." in main.inner_text()
    assert "Morgan Reid" in main.inner_text()
    # The contact reads; only LGA staff change the register.
    assert main.get_by_role("button", name="Add an inspection").count() == 0
    assert main.get_by_role("link", name="Change").count() == 0


def test_register_peer_import_shows_every_error_then_saves_the_corrected_file(browser_page, transactional_db, tmp_path):
    page, audit = browser_page
    adviser = PrincipalAdviserFactory()
    service = ServicePage(page, audit, PASSWORD)
    bad_file, good_file = tmp_path / "pool.csv", tmp_path / "pool-corrected.csv"
    bad_file.write_text(HEADER + GOOD_ROW + BAD_ROW, encoding="utf-8")
    good_file.write_text(HEADER + GOOD_ROW + BAD_ROW.replace("not-an-email", "sam.patel@example.org").replace("Atlantis", "Kent"),
                         encoding="utf-8")

    service.sign_in(adviser.email).follow("Peer pool", within=_navigation(page))
    service.press("Import peers from CSV")
    service.press("Check the file")
    assert service.error_summary() == ["Select a CSV file"]

    page.get_by_label("Upload a CSV file").set_input_files(str(bad_file))
    service.press("Check the file")
    assert service.heading() == "Check the peers before importing"
    assert service.error_summary() == [
        "Row 3, email: Enter an email address in the correct format, like name@example.com",
        "Row 3, home_authority: ‘Atlantis’ is not a fire and rescue authority: use the ONS code or short name of a current one",
    ]
    assert page.get_by_test_id("import-confirm").count() == 0
    assert Peer.objects.count() == 0

    service.press("Upload a corrected file")
    page.get_by_label("Upload a CSV file").set_input_files(str(good_file))
    service.press("Check the file")
    assert service.error_summary() == []
    service.press("Import 2 peers")
    assert service.notification() == "Peers imported: 2 added, 0 updated, 0 unchanged"
    assert sorted(Peer.objects.values_list("full_name", flat=True)) == ["Nia Roberts", "Sam Patel"]
