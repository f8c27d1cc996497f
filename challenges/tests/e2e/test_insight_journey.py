"""The programme's insight in a real browser: an LGA administrator opens the insight page from
the menu, narrows it to a region and a year, downloads one of its tables as CSV, and downloads
the committee paper for that period as Word and, once the report pipeline has prepared it, as
a PDF. axe-core audits every page on the way."""

import datetime
import io

import docx
import pypdf
import pytest

from authorities.models import Authority
from authorities.tests.factories import PASSWORD, LgaAdminFactory
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.tests.factories import ChallengeFactory
from peersupport.tests.browser import ServicePage

pytestmark = pytest.mark.e2e

TYPES = [challenge_type.label for challenge_type in ChallengeType]


class InsightPages(ServicePage):
    def filter(self, *, year_kind, year, region):
        self.page.get_by_role("radio", name=year_kind, exact=True).check()
        self.page.get_by_label("Year", exact=True).select_option(label=year)
        self.page.get_by_label("Region", exact=True).select_option(label=region)
        return self.press("Apply")

    def table_rows(self, slug):
        """The table's rows (heading row first), each a list of its cells' texts."""
        rows = self.page.get_by_test_id(f"insight-{slug}").locator("tr")
        return [[" ".join(cell.split()) for cell in row.locator("th, td").all_inner_texts()] for row in rows.all()]

    def download(self, link):
        with self.page.expect_download() as download:
            link.click()
        return download.value


@pytest.fixture
def programme(transactional_db):
    """Two challenges in the calendar year 2025, at Avon (South West, delivered) and at Kent
    (South East, booked), and one at Avon in 2024."""
    avon, kent = Authority.objects.get(slug="avon"), Authority.objects.get(slug="kent")
    ChallengeFactory(
        authority=avon, status=ChallengeStatus.CLOSED, requested_on=datetime.date(2024, 11, 4),
        start_date=datetime.date(2025, 6, 9), end_date=datetime.date(2025, 6, 12),
    )
    ChallengeFactory(
        authority=kent, status=ChallengeStatus.CONFIRMED, challenge_type=ChallengeType.DEEP_DIVE, theme="Protection",
        requested_on=datetime.date(2025, 1, 6), start_date=datetime.date(2025, 9, 8), end_date=datetime.date(2025, 9, 10),
    )
    ChallengeFactory(
        authority=avon, status=ChallengeStatus.CLOSED, requested_on=datetime.date(2023, 10, 2),
        start_date=datetime.date(2024, 3, 4), end_date=datetime.date(2024, 3, 6),
    )
    return LgaAdminFactory(email="jo.bennett@example.org")


def test_administrator_filters_the_insight_and_downloads_a_table_and_the_paper(browser_page, report_worker, programme):
    page, audit = browser_page
    service = InsightPages(page, audit, PASSWORD)

    service.sign_in("jo.bennett@example.org").follow("Programme insight", within=page.get_by_role("navigation", name="Menu"))
    assert service.heading() == "Programme insight"

    service.filter(year_kind="Calendar year", year="2025", region="South West")
    assert page.get_by_test_id("insight-period").inner_text() == "The calendar year 2025, South West"
    assert service.table_rows("challenges-by-stage") == [
        ["Stage", *TYPES, "Total"],
        ["In discussion", "0", "0", "0", "0", "0", "0"],
        ["Booked", "0", "0", "0", "0", "0", "0"],
        ["Delivered", "1", "0", "0", "0", "0", "1"],
        ["Postponed", "0", "0", "0", "0", "0", "0"],
        ["Cancelled", "0", "0", "0", "0", "0", "0"],
    ]
    # The chart draws the same numbers, described in words for those who cannot see it.
    assert page.get_by_role("img", name="Chart: Challenges by stage and type").count() == 1

    download = service.download(page.get_by_role("link", name="Download this table as CSV for Challenges by stage and type", exact=True))
    assert download.suggested_filename == "insight-challenges-by-stage-2025-south-west.csv"
    assert download.path().read_bytes().decode("utf-8-sig") == (
        f"Stage,{','.join(TYPES)},Total\n"
        "In discussion,0,0,0,0,0,0\nBooked,0,0,0,0,0,0\nDelivered,1,0,0,0,0,1\nPostponed,0,0,0,0,0,0\nCancelled,0,0,0,0,0,0\n"
    ).replace("\n", "\r\n")

    # The committee paper of the same period: as Word at once, and as a PDF the pipeline prepares.
    panel = page.get_by_test_id("committee-paper-panel")
    word = service.download(panel.get_by_role("link", name="Download the paper as Word (.docx)", exact=True))
    assert word.suggested_filename == "committee-paper-2025-south-west.docx"
    paper = docx.Document(io.BytesIO(word.path().read_bytes()))
    assert [paragraph.text for paragraph in paper.paragraphs[:2]] == [
        "Fire Services Management Committee", "Fire peer challenge programme: progress report, the calendar year 2025, South West",
    ]

    service.navigate_by(panel.get_by_role("button", name="Prepare the paper as a PDF", exact=True))
    assert service.notification() == "The committee paper for the calendar year 2025, South West, is being prepared as a PDF"
    assert page.get_by_test_id("insight-period").inner_text() == "The calendar year 2025, South West"
    if report_worker is not None:  # a real worker renders in the background: the panel's link checks again
        for _ in range(90):
            if page.get_by_test_id("committee-paper-download").count():
                break
            page.wait_for_timeout(1000)
            service.follow("Check again")
    pdf = service.download(page.get_by_test_id("committee-paper-download"))
    assert pdf.suggested_filename == "committee-paper-2025-south-west.pdf"
    content = pdf.path().read_bytes()
    assert content.startswith(b"%PDF-")
    text = " ".join(sheet.extract_text() for sheet in pypdf.PdfReader(io.BytesIO(content)).pages)
    assert "the calendar year 2025" in " ".join(text.split())

    # Its HTML twin, as a page.
    service.navigate_by(page.get_by_test_id("committee-paper-read"))
    assert service.heading() == "Fire peer challenge programme: progress report, the calendar year 2025, South West"
    assert "Purpose of report" in page.get_by_test_id("committee-paper-html").inner_text()
