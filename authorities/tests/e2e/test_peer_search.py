"""A principal adviser finds, in the browser, the free officer peers with a given
specialism for given dates. axe-core audits every page on the way."""

import datetime

import pytest

from authorities.choices import PeerType, PoliticalGroup
from authorities.models import Authority, Specialism
from authorities.tests.factories import PASSWORD, PeerFactory, PrincipalAdviserFactory, UnavailabilityFactory
from challenges.tests.factories import ChallengeFactory, TeamMembershipFactory
from peersupport.tests.browser import ServicePage

pytestmark = pytest.mark.e2e

FROM, TO = datetime.date(2027, 5, 10), datetime.date(2027, 5, 13)


class PeerPoolPage(ServicePage):
    def search(self, *, types=(), specialism=None, free_from=None, free_to=None):
        filters = self.page.get_by_test_id("peer-filters")
        for peer_type in types:
            filters.get_by_role("checkbox", name=peer_type, exact=True).check()
        if specialism:
            filters.get_by_role("combobox", name="Specialism").select_option(label=specialism)
        for legend, date in (("Free from", free_from), ("Free to", free_to)):
            if date:
                group = filters.get_by_role("group", name=legend)
                group.get_by_label("Day").fill(str(date.day))
                group.get_by_label("Month").fill(str(date.month))
                group.get_by_label("Year").fill(str(date.year))
        return self.press("Search the pool")

    def result_names(self):
        return self.page.get_by_test_id("peer-table").locator("tbody tr td:first-child a").all_inner_texts()

    def count(self):
        return self.page.get_by_test_id("peer-count").inner_text()


@pytest.fixture
def pool(transactional_db):
    protection = Specialism.objects.get(code="protection")
    kent = Authority.objects.get(slug="kent")

    def officer(name, **kwargs):
        peer = PeerFactory(full_name=name, peer_type=PeerType.OFFICER, home_authority=kent, **kwargs)
        peer.specialisms.add(protection)
        return peer

    officer("Priya Shah")  # free: the one the adviser is looking for
    officer("Owen Hughes")  # free too
    UnavailabilityFactory(peer=officer("Una Walsh"), start_date=datetime.date(2027, 5, 12), end_date=datetime.date(2027, 5, 20))
    busy = officer("Ben Carter")
    TeamMembershipFactory(peer=busy, challenge=ChallengeFactory(start_date=datetime.date(2027, 5, 9), end_date=datetime.date(2027, 5, 10)))
    officer("Rita Old", is_active=False, retired_reason="Retired from the service")
    member = PeerFactory(full_name="Cllr Mary Jones", peer_type=PeerType.MEMBER, home_authority=kent,
                         political_group=PoliticalGroup.LABOUR)
    member.specialisms.add(protection)
    PeerFactory(full_name="Ian Noskills", peer_type=PeerType.OFFICER, home_authority=kent)


def test_peer_search_free_officer_peers_with_a_specialism_for_given_dates(browser_page, pool):
    page, audit = browser_page
    adviser = PrincipalAdviserFactory()
    pool_page = PeerPoolPage(page, audit, PASSWORD)

    pool_page.sign_in(adviser.email).follow("Peer pool", within=page.get_by_role("navigation", name="Menu"))
    assert pool_page.count() == "6 peers found"

    pool_page.search(types=["Officer peer"], specialism="Protection", free_from=FROM, free_to=TO)

    assert pool_page.count() == "2 peers found"
    assert pool_page.result_names() == ["Owen Hughes", "Priya Shah"]
    assert page.get_by_role("checkbox", name="Officer peer", exact=True).is_checked()

    pool_page.follow("Priya Shah")
    assert pool_page.heading() == "Priya Shah"


def test_peer_search_dates_the_wrong_way_round_show_an_error_and_no_peers(browser_page, pool):
    page, audit = browser_page
    adviser = PrincipalAdviserFactory()
    pool_page = PeerPoolPage(page, audit, PASSWORD)

    pool_page.sign_in(adviser.email).follow("Peer pool", within=page.get_by_role("navigation", name="Menu"))
    pool_page.search(free_from=TO, free_to=FROM)

    assert pool_page.error_summary() == ["The ‘free to’ date must be the same as or after the ‘free from’ date"]
    assert page.title().startswith("Error: ")
    assert pool_page.count() == "0 peers found"
    # The error summary's link takes keyboard users to the field.
    page.get_by_role("link", name="The ‘free to’ date must be the same as or after the ‘free from’ date").click()
    assert page.evaluate("document.activeElement.id") == "id_free_to"
