"""Page objects for a challenge's life: booking, the team, findings and the report."""

import re

from peersupport.tests.browser import ServicePage


class ChallengePages(ServicePage):
    def book(self, *, authority, challenge_type, start, end):
        """Book through the question pages: one answer a page, then check your answers."""
        self.press("Book a challenge")
        self.page.get_by_label("Fire and rescue authority").select_option(label=authority)
        self.continue_()
        self.page.get_by_role("radio", name=challenge_type, exact=True).check()
        self.continue_()
        if challenge_type.startswith("Deep-dive"):
            self.page.get_by_label("Theme of the deep dive").fill("Protection")
            self.continue_()
        self.visit_dates(start, end)
        assert self.heading() == "Check your answers before saving"
        return self.press("Book challenge")

    def continue_(self):
        return self.press("Continue")

    def fill_date(self, legend, date):
        group = self.page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(str(date.day))
        group.get_by_label("Month").fill(str(date.month))
        group.get_by_label("Year").fill(str(date.year))

    def visit_dates(self, start, end):
        """The visit's page (one phase) and the second-phase question (no)."""
        self.fill_date("On-site start date", start)
        self.fill_date("On-site end date", end)
        self.continue_()
        self.page.get_by_role("radio", name="No", exact=True).check()
        return self.continue_()

    def open_team(self):
        """The team page, from the challenge's page."""
        return self.navigate_by(self.page.get_by_test_id("team-link"))

    def propose_team_member(self, *, peer_name, role_in_sentence):
        """From the team page: find peers for the open place, and propose one of those suggested."""
        self.follow(f"Find peers for the place of {role_in_sentence}")
        return self.press(f"Propose {peer_name}")

    def send_invitations(self):
        return self.press("Send invitations")

    def answer_invitation(self, *, accept, reason=""):
        """On the invitation's page (from the email's link, or the peer's home page)."""
        answer = "Yes, I can take part" if accept else "No, I cannot take part"
        self.page.get_by_role("radio", name=answer, exact=True).check()
        if reason:
            self.page.get_by_label("If you cannot take part, why not?").fill(reason)
        return self.press("Send your answer")

    def table_rows(self, testid):
        """The rows of a table as lists of cell texts, white space tidied."""
        rows = self.page.get_by_test_id(testid).locator("tbody tr")
        return [[" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()] for row in rows.all()]

    def open_challenge(self, authority_short_name):
        self.follow("Challenges", within=self.page.get_by_role("navigation", name="Menu"))
        return self.follow(authority_short_name)

    def record_finding(self, *, kind, area, text, priority="High"):
        """From the challenge page or the findings page, where saving leads."""
        self.navigate_by(self.page.get_by_test_id("add-finding"))
        self.page.get_by_role("radio", name=kind, exact=True).check()
        self.page.get_by_role("combobox", name="Area").select_option(label=area)
        self.page.get_by_label("Finding", exact=True).fill(text)
        if kind == "Recommendation":
            self.page.get_by_role("radio", name=priority, exact=True).check()
        return self.press("Save finding")

    def report_status(self):
        return self.page.get_by_test_id("report-status").first.inner_text()

    def wait_for_report_status(self, status, timeout=90_000):
        """The page follows the report's progress by itself, updating the version's row in place."""
        self.page.get_by_test_id("report-status").first.filter(has_text=re.compile(f"^{status}$")).wait_for(
            timeout=timeout
        )
        self.audit.check()

    def download(self, link):
        with self.page.expect_download() as download:
            link.click()
        return download.value
