"""Page objects for the report panels (a version's row as the page updates it in place), for
publishing a version, and for the public library."""

import re
from xml.etree import ElementTree

from challenges.tests.e2e.pages import ChallengePages


class ReportPanelPages(ChallengePages):
    def row(self, version, testid="report"):
        """The row of the version in the panel whose rows have `testid` (report, slides, ...)."""
        return self.page.locator(f'[data-testid="{testid}-row"][data-version="{version}"]')

    def row_text(self, version, testid="report"):
        return " ".join(self.row(version, testid).inner_text().split())

    def wait_for_row_status(self, version, status, testid="report", timeout=90_000):
        """Wait for the version's status tag to read `status` (the page updates it by itself),
        then audit the page as it now stands."""
        self.row(version, testid).get_by_test_id(f"{testid}-status").filter(
            has_text=re.compile(f"^{re.escape(status)}$")
        ).wait_for(timeout=timeout)
        self.audit.check()

    def mark_the_page(self):
        """A mark on the page's window, gone if the page is loaded again."""
        self.page.evaluate("() => { window.__noReload = true }")

    def page_was_not_reloaded(self):
        return self.page.evaluate("() => window.__noReload === true")

    def announcement(self, testid="report-table"):
        """What the panel's live region last told a screen reader."""
        return self.page.locator(f"[data-report-panel]:has([data-testid='{testid}']) [data-report-announcement]").inner_text()


class PublicationPages(ReportPanelPages):
    """Publishing a version, downloading it, and the public library as anyone reads it."""

    def publish(self, version):
        """From the challenge page: the version's "Publish this version", then the confirmation
        page's. Returns the confirmation page's summary (key: value) as it was shown."""
        self.navigate_by(self.row(version).get_by_test_id("report-publish"))
        summary = self.summary("publish-summary")
        self.press("Publish this version")
        return summary

    def summary(self, testid):
        """A summary list's rows as {key: value}, white space tidied."""
        rows = self.page.get_by_test_id(testid).locator(".govuk-summary-list__row")
        return {
            " ".join(row.locator("dt").inner_text().split()): " ".join(row.locator("dd").first.inner_text().split())
            for row in rows.all()
        }

    def filter_library(self, **choices):
        """The library's filters: each select (by its label) set to the option of that label, then Apply."""
        for label, option in choices.items():
            self.page.get_by_label(label, exact=True).select_option(label=option)
        return self.press("Apply")

    def library_rows(self):
        return [
            [" ".join(cell.split()) for cell in row.locator("td").all_inner_texts()]
            for row in self.page.get_by_test_id("published-report-table").locator("tbody tr").all()
        ]

    def report_html(self):
        """The report's HTML version as the page shows it (the page's wrapper: the HTML version
        carries the same test id on its own outer element)."""
        return self.page.get_by_test_id("report-html")

    def feed(self, href):
        """The Atom feed at `href`, fetched as a feed reader would (not a page to audit), parsed:
        the feed's title and its entries' (title, link)."""
        response = self.page.request.get(href)
        assert (response.status, response.headers["content-type"]) == (200, "application/atom+xml; charset=utf-8")
        root = ElementTree.fromstring(response.body())
        entries = [
            (entry.findtext(f"{ATOM}title"), entry.find(f"{ATOM}link").get("href")) for entry in root.iter(f"{ATOM}entry")
        ]
        return root.findtext(f"{ATOM}title"), entries


ATOM = "{http://www.w3.org/2005/Atom}"
