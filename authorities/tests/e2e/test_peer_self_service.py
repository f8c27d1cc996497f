"""A peer keeps their own record up to date in the browser: contact details, specialisms and
dates when unavailable, each change seen on the record; another peer's record is not
there for them. axe-core audits every page on the way, the error page included."""

import datetime

import pytest
from django.utils import timezone

from authorities.models import Authority
from authorities.tests.factories import PASSWORD, PeerFactory, PeerUserFactory
from peersupport.tests.browser import ServicePage
from peersupport.tests.forms import short_date

pytestmark = pytest.mark.e2e


class PeerRecordPage(ServicePage):
    def fill_date(self, legend, date):
        group = self.page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(date.day))
        group.get_by_label("Month").fill(str(date.month))
        group.get_by_label("Year").fill(str(date.year))

    def main_text(self):
        return " ".join(self.page.get_by_role("main").inner_text().split())

    def contact_details(self):
        return " ".join(self.page.get_by_test_id("peer-contact").inner_text().split())

    def specialisms(self):
        return self.page.get_by_test_id("peer-specialisms").locator("li").all_inner_texts()

    def unavailability(self):
        rows = self.page.get_by_test_id("peer-unavailability").locator("tbody tr")
        return [" ".join(row.split()) for row in rows.all_inner_texts()]


def test_peer_self_service_changes_contact_specialisms_and_dates_then_cannot_see_another_record(browser_page, transactional_db):
    page, audit = browser_page
    peer = PeerFactory(full_name="Priya Shah", email="priya.shah@example.org", phone="01632 960 001",
                       home_authority=Authority.objects.get(slug="kent"), user=PeerUserFactory(email="priya@example.org"))
    other = PeerFactory(full_name="Oscar Other", user=PeerUserFactory())
    first, last = timezone.localdate() + datetime.timedelta(days=40), timezone.localdate() + datetime.timedelta(days=44)
    record = PeerRecordPage(page, audit, PASSWORD)

    record.sign_in("priya@example.org").follow("Your record", within=page.get_by_role("navigation", name="Menu"))
    assert (record.heading(), page.url.endswith(f"/peers/{peer.pk}/")) == ("Priya Shah", True)

    record.follow("Change contact details")
    page.get_by_label("Telephone number").fill("ring me on 01632")
    record.press("Save contact details")
    assert record.error_summary() == ["Enter a telephone number, like 01632 960 001 or +44 808 157 0192"]
    assert page.title() == "Error: Change contact details – Fire peer support"
    page.get_by_label("Telephone number").fill("07700 900 982")
    record.press("Save contact details")
    assert record.notification() == "Contact details saved"
    assert record.contact_details().startswith(
        "Email address priya.shah@example.org Change contact details Telephone 07700 900 982 Home organisation"
    )

    record.follow("Change specialisms")
    page.get_by_role("checkbox", name="Protection", exact=True).check()
    page.get_by_label("Other skills (optional)").fill(" Wildfire ")
    record.press("Save specialisms")
    assert record.notification() == "Specialisms saved"
    assert record.specialisms() == ["Protection", "wildfire"]

    record.press("Add dates when unavailable")
    record.fill_date("First day unavailable", first)
    record.fill_date("Last day unavailable", last)
    page.get_by_label("Reason (optional)").fill("Annual leave")
    record.press("Save dates")
    assert record.notification() == f"Unavailable from {first:%-d %B %Y} to {last:%-d %B %Y}"
    assert record.unavailability() == [f"{short_date(first)} to {short_date(last)} Annual leave Remove {short_date(first)} to {short_date(last)}"]

    record.press(f"Remove {short_date(first)} to {short_date(last)}")
    assert record.notification() == "Dates removed"
    assert page.get_by_test_id("peer-unavailability").count() == 0
    assert "When unavailable No dates recorded. Add dates when unavailable" in record.main_text()
    assert peer.unavailabilities.count() == 0

    record.open(f"/peers/{other.pk}/")
    assert record.heading() == "Page not found"
    assert "Oscar Other" not in record.main_text()
