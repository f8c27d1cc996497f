"""Driving the service in headless Chromium: the page object every journey starts from,
and the axe-core audit that runs on every page a journey visits.

axe-core comes from npm (package.json) and is added to each page through Playwright's
init script, which the Content Security Policy does not govern; the policy itself stays
as strict as in production, and any violation of it fails the journey."""

from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings

AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class AccessibilityAudit:
    """Runs axe-core on the page as it stands and remembers which paths it has audited."""

    def __init__(self, page):
        self.page = page
        self.visited = []
        self.audited = set()
        page.on("framenavigated", self._record_navigation)

    def _record_navigation(self, frame):
        if frame == self.page.main_frame:
            self.visited.append(urlsplit(frame.url).path)

    def check(self):
        self.page.wait_for_load_state("load")
        result = self.page.evaluate("async () => await axe.run(document)")
        violations = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in result["violations"]
        ]
        path = urlsplit(self.page.url).path
        assert violations == [], f"axe-core found problems on {path}:\n" + "\n".join(violations)
        self.audited.add(path)

    def unaudited_paths(self):
        return sorted({path for path in self.visited if path not in self.audited})


class ServicePage:
    """The service as one person sees it in the browser. Every step that lands on a page
    audits that page."""

    def __init__(self, page, audit, password):
        self.page = page
        self.audit = audit
        self.password = password

    def open(self, path):
        self.page.goto(path)
        self.audit.check()
        return self

    def follow(self, link_name, *, within=None):
        return self.navigate_by((within or self.page).get_by_role("link", name=link_name, exact=True))

    def press(self, button_name):
        return self.navigate_by(self.page.get_by_role("button", name=button_name, exact=True))

    def navigate_by(self, control):
        with self.page.expect_navigation():
            control.click()
        self.audit.check()
        return self

    def sign_in(self, email):
        """Sign in from the home page with the keyboard alone: Tab to each field, Enter to send."""
        self.open("/")
        self.follow("Sign in", within=self.page.get_by_role("main"))
        self.page.get_by_label("Email address").focus()
        self.page.keyboard.type(email)
        self.page.keyboard.press("Tab")
        self.page.keyboard.type(self.password)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.audit.check()
        return self

    def sign_out(self):
        self.press("Sign out")
        return self

    def heading(self):
        return self.page.get_by_role("heading", level=1).inner_text()

    def notification(self):
        return self.page.get_by_test_id("notification").inner_text()

    def error_summary(self):
        return self.page.locator(".govuk-error-summary__list li").all_inner_texts()
