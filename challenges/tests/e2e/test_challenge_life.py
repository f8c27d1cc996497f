"""A challenge from the authority's request to a rescheduled visit, in a real browser: the FRA
contact asks, the principal adviser takes it on, scopes and confirms it through the question
pages and their check-your-answers page, reschedules it, and finds it in the programme list,
the month calendar and an .ics file a calendar app imports. axe-core audits every page."""

import datetime

import icalendar
import pytest

from authorities.choices import Region
from authorities.models import Authority
from authorities.tests.factories import PASSWORD, FraContactFactory, PrincipalAdviserFactory
from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from challenges.tests.factories import compliant_team
from challenges.tests.journeys import monday_in
from peersupport.formats import long_date, month_year

from .pages import ChallengePages

pytestmark = pytest.mark.e2e

FIRST_START = monday_in(14)
NEW_START = monday_in(20)


def test_challenge_life_from_request_to_rescheduled_visit(browser_page, transactional_db):
    page, audit = browser_page
    avon = Authority.objects.get(slug="avon")
    adviser = PrincipalAdviserFactory(email="adviser@example.org", full_name="Priya Shah", region=Region.SOUTH_WEST)
    FraContactFactory(email="contact@example.org", authority=avon)
    service = ChallengePages(page, audit, PASSWORD)

    # 1. The authority's contact asks for a leadership and governance challenge.
    service.sign_in("contact@example.org").press("Ask for a peer challenge")
    page.get_by_role("radio", name="Leadership and governance peer challenge", exact=True).check()
    page.get_by_label("When would you like it?").fill("In the spring")
    page.get_by_label("What would you like the peer team to look at?").fill("Scrutiny and the top team.")
    service.press("Send request")
    assert service.notification() == "Your request has been sent to your principal adviser, who will be in touch to scope it"
    assert page.get_by_test_id("challenge-status").inner_text() == "Requested"
    service.sign_out()
    # Its team, formed meanwhile (challenges/tests/e2e/test_team_planning.py walks that
    # through): a challenge is confirmed only with a team that meets the composition rules.
    compliant_team(Challenge.objects.get())

    # 2. The adviser sees it waiting on their home page and takes it on.
    service.sign_in(adviser.email)
    assert page.get_by_test_id("requests-waiting-count").inner_text() == "1"
    service.follow("Avon: Leadership and governance peer challenge", within=page.get_by_test_id("requests-waiting"))
    service.press("Start scoping")
    assert service.heading() == "Start scoping"
    service.press("Start scoping")
    assert service.notification() == "The challenge is now ‘Scoping’"

    # 3. They scope it, one question a page, and confirm it from check your answers.
    service.press("Scope the challenge")
    service.fill_date("Scoping meeting date", FIRST_START - datetime.timedelta(days=60))
    service.continue_()
    page.get_by_role("checkbox", name="Governance", exact=True).check()
    page.get_by_role("checkbox", name="Leadership", exact=True).check()
    service.continue_()
    page.get_by_role("radio", name="Not linked to an inspection", exact=True).check()
    service.continue_()
    page.get_by_role("radio", name="Sector grant (free to the authority)", exact=True).check()
    service.continue_()
    service.continue_()  # no challenge manager chosen yet
    service.visit_dates(FIRST_START, FIRST_START + datetime.timedelta(days=3))
    service.page.get_by_label("Notes (optional)").fill("Member peers from two groups.")
    service.continue_()
    assert service.heading() == "Check your answers before saving"
    # The back button shows the last page as it was answered.
    page.go_back()
    assert page.get_by_label("Notes (optional)").input_value() == "Member peers from two groups."
    page.go_forward()
    service.press("Save and confirm the booking")
    assert service.notification() == "Challenge confirmed"
    assert page.get_by_test_id("focus-areas").inner_text() == "Leadership, Governance"

    # 4. The authority asks for later dates: the adviser reschedules.
    service.press("Reschedule")
    assert page.get_by_role("group", name="On-site start date").get_by_label("Day").input_value() == str(FIRST_START.day)
    service.visit_dates(NEW_START, NEW_START + datetime.timedelta(days=2))
    page.get_by_label("Why are the dates changing?").fill("The chair asked for dates after the budget meeting.")
    service.continue_()
    service.press("Reschedule")
    assert service.notification() == "Challenge rescheduled"
    on_site = f"{long_date(NEW_START)} to {long_date(NEW_START + datetime.timedelta(days=2))}"
    assert page.get_by_test_id("on-site").inner_text() == on_site

    # 5. It is in the programme list, filtered to confirmed challenges...
    service.follow("Challenges", within=page.get_by_role("navigation", name="Menu"))
    page.get_by_label("Status").select_option(label="Confirmed")
    service.press("Apply")
    rows = page.get_by_test_id("challenge-table").locator("tbody tr")
    assert rows.count() == 1 and rows.first.locator("td").first.inner_text() == "Avon"

    # ...in the month calendar, a month at a time by the next-month links...
    service.follow("Calendar of visits")
    while page.get_by_role("table").locator("caption").inner_text().split(":")[0] != month_year(NEW_START):
        service.navigate_by(page.get_by_test_id("next-month"))
    day = page.get_by_test_id(f"day-{NEW_START:%Y-%m-%d}")
    assert day.get_by_role("link").all_inner_texts() == ["Avon"]

    # ...and in the .ics file a calendar app imports, with the new dates.
    service.navigate_by(day.get_by_role("link", name="Avon"))
    with page.expect_download() as download:
        page.get_by_test_id("ics-link").click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    events = [(str(event["uid"]), event.decoded("dtstart"), event.decoded("dtend")) for event in calendar.walk("VEVENT")]
    challenge = Challenge.objects.get()
    assert events == [(f"challenge-{challenge.pk}-phase-1@127.0.0.1", NEW_START, NEW_START + datetime.timedelta(days=3))]
    assert challenge.status == ChallengeStatus.CONFIRMED
    assert [record.history_change_reason for record in challenge.history.all()][:1] == [
        "The chair asked for dates after the budget meeting."
    ]
