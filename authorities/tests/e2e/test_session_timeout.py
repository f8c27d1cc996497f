"""The timeout warning in the browser: two minutes before the idle limit a dialog offers to
stay signed in or sign out; staying keeps the session, and when time runs out the page asks the
server again, which signs the person out to the signed-out page, from where they sign in again
back to where they were. The browser's clock is moved on, and the session's stored times moved
back, instead of waiting half an hour. axe-core audits every page, the open dialog included."""

import re
import time

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from authorities.tests.factories import PASSWORD, LgaAdminFactory
from peersupport.middleware import LAST_ACTIVE_AT, SIGNED_IN_AT
from peersupport.tests.browser import ServicePage

pytestmark = pytest.mark.e2e


class TimeoutPage(ServicePage):
    def session(self):
        key = next(cookie["value"] for cookie in self.page.context.cookies() if cookie["name"] == "sessionid")
        return SessionStore(session_key=key)

    def server_idle_for(self, seconds):
        """As if the server had last heard from the browser `seconds` ago."""
        session = self.session()
        session[SIGNED_IN_AT] = session[LAST_ACTIVE_AT] = time.time() - seconds
        session.save()

    def dialog(self):
        return self.page.get_by_role("dialog", name="You are about to be signed out")

    def countdown(self):
        """What the dialog shows, and what a screen reader is told (by the minute)."""
        return (self.dialog().locator("[data-countdown]").inner_text(), self.dialog().locator("[data-countdown-announcement]").inner_text())


def test_timeout_warning_stay_signed_in_then_signed_out_and_back(browser_page, transactional_db):
    page, audit = browser_page
    LgaAdminFactory(email="jo.bennett@example.org")
    service = TimeoutPage(page, audit, PASSWORD)
    service.sign_in("jo.bennett@example.org")
    page.clock.install()
    service.open("/peers/")
    assert service.dialog().count() == 0

    # 28 minutes without a request: the warning opens, with the focus on "Stay signed in".
    page.clock.fast_forward("28:00")
    service.dialog().wait_for()
    audit.check()
    expect(service.dialog()).to_have_accessible_description(
        "To keep your information safe, we will sign you out in 2 minutes. Anything you have not saved will be lost."
    )
    assert service.countdown() == ("2 minutes", "We will sign you out in 2 minutes.")
    expect(service.dialog().get_by_role("button", name="Stay signed in")).to_be_focused()
    page.clock.run_for("01:15")
    # 45 seconds left, less the real time the browser's clock went on running meanwhile (a
    # second or two when the machine is busy): install() lets time flow, as axe-core needs.
    seconds, announcement = service.countdown()
    assert (re.fullmatch(r"4[0-5] seconds", seconds) is not None, announcement) == (
        True, "We will sign you out in less than a minute."
    ), seconds

    # Staying signed in is activity on the server: the dialog closes and the page stays.
    service.server_idle_for(28 * 60)
    service.dialog().get_by_role("button", name="Stay signed in").click()
    service.dialog().wait_for(state="hidden")
    assert time.time() - service.session()[LAST_ACTIVE_AT] < 15
    assert service.heading() == "Peer pool"

    # Another 30 minutes: when they are up the page asks the server again, which signs out.
    service.server_idle_for(31 * 60)
    page.clock.fast_forward("28:00")
    service.dialog().wait_for()
    page.clock.run_for("02:05")
    page.wait_for_url("**/signed-out/?reason=inactive&next=%2Fpeers%2F")
    audit.check()
    assert service.heading() == "You have been signed out"

    service.press("Sign in again")
    page.get_by_label("Email address").fill("jo.bennett@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    service.press("Sign in")
    assert (service.heading(), page.url.endswith("/peers/")) == ("Peer pool", True)


def test_timeout_warning_sign_out(browser_page, transactional_db):
    page, audit = browser_page
    LgaAdminFactory(email="jo.bennett@example.org")
    service = TimeoutPage(page, audit, PASSWORD)
    service.sign_in("jo.bennett@example.org")
    page.clock.install()
    service.open("/")

    page.clock.fast_forward("28:00")
    service.dialog().wait_for()
    audit.check()
    service.navigate_by(service.dialog().get_by_role("button", name="Sign out"))

    assert [cookie for cookie in page.context.cookies() if cookie["name"] == "sessionid"] == []
    assert page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign in").count() == 1
