"""Every figure of the committee paper is the insight page's: on the small programme of
test_committee_paper.py, each figure the paper gives (in its Word document and in its PDF) is
worked out here again from the page's CSV downloads (challenges:insight-download) for the same
period, and found in the paper's words. The two figures no table holds (the places filled and
the peers taking part) are checked against the hand-worked figures and the insight's own."""

import csv
import datetime
import io
import re

import docx
import pypdf
import pytest

from challenges.insight.period import InsightPeriod
from challenges.selectors.insight import programme_insight
from peersupport.formats import long_date
from peersupport.tests.clock import NOW
from reports.models import CommitteePaper
from reports.tests.pdf import flat_text

from .test_committee_paper import make_programme

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("media_root")]

TODAY = NOW.date()
STAGES = ("In discussion", "Booked", "Delivered", "Postponed", "Cancelled")
TYPES = (
    "Operational Assessment and fire peer challenge", "Deep-dive themed peer challenge", "Pre-inspection peer support",
    "Leadership and governance peer challenge", "Targeted peer support",
)
REPORT_OUT = ("Report published", "Progress review", "Closed")
WITHIN_THREE_YEARS = ("Within the last year", "1 to 2 years ago", "2 to 3 years ago")


def _counted(number, one, many=None):
    return f"{number} {one if int(number) == 1 else (many or one + 's')}"


class Page:
    """The insight page's CSV downloads for one period, each read once, as rows of dicts."""

    def __init__(self, client, query):
        self.client, self.query, self.tables = client, query, {}

    def rows(self, slug):
        if slug not in self.tables:
            response = self.client.get(f"/challenges/insight/download/{slug}/?{self.query}")
            assert response.status_code == 200, slug
            text = b"".join(response.streaming_content).decode("utf-8-sig")
            self.tables[slug] = list(csv.DictReader(io.StringIO(text)))
        return self.tables[slug]

    def row(self, slug, column, value):
        return next(row for row in self.rows(slug) if row[column] == value)


def expected_figures(page: Page, period: InsightPeriod) -> list[str]:
    """Every sentence or line of the paper that gives a figure, with the figures taken from the
    page's CSV files."""
    year = period.long_label
    as_of = long_date(period.as_of(TODAY))
    stage = {name: page.row("challenges-by-stage", "Stage", name) for name in STAGES}
    totals = {name: int(stage[name]["Total"]) for name in STAGES}
    delivered, booked, discussed = totals["Delivered"], totals["Booked"], totals["In discussion"]
    expected = [
        f"{_counted(delivered, 'challenge')} delivered, {booked} booked and {discussed} in discussion;",
        f"This report covers {year} ({long_date(period.first_day)} to {long_date(period.last_day)}) in {period.region_label}.",
        f"are taken on {as_of}.",
        f"{_counted(sum(totals.values()), 'challenge')} count in {year}: {delivered} delivered, {booked} booked, "
        f"{discussed} in discussion, {totals['Postponed']} postponed and {totals['Cancelled']} cancelled.",
    ]
    expected += [
        f"{label}: {stage['Delivered'][label]} delivered, {stage['Booked'][label]} booked, {stage['In discussion'][label]} in discussion"
        for label in TYPES
    ]
    expected += [
        f"{row['Region']}: {row['Delivered']} delivered, {row['Booked']} booked, {row['In discussion']} in discussion"
        for row in page.rows("challenges-by-region")
    ]
    measured = [row for row in page.rows("lead-times") if int(row["Challenges measured"])]
    for row in measured:
        line = f"{row['From and to']}: {_counted(row['Challenges measured'], 'challenge')} measured, median {row['Median days']} days"
        if row["Published timing"]:
            line += f"; {row['On time']} on time and {row['Late']} late ({row['Published timing'].lower()})"
        expected.append(line)
    late = len(page.rows("late-steps"))
    if measured:
        expected.append(f"{_counted(late, 'step')} of this period's challenges {'is' if late == 1 else 'are'} late on {as_of}")
    else:
        expected.append("No step of this period's challenges can be timed yet.")

    reports = sum(row["Status"] in REPORT_OUT for row in page.rows("challenges-in-period"))
    if reports:
        expected.append(f"The reports of {_counted(reports, 'challenge')} counted in {year} are out.")
        themes = page.rows("themes-by-area")
        for column, heading in (("Areas for consideration", "areas for consideration"), ("Strengths", "strengths")):
            found = sorted((row for row in themes if int(row[column])), key=lambda row: -int(row[column]))[:5]
            expected.append(
                f"The {heading} found most often (the number of findings): " + " ".join(f"{row['Area']}: {row[column]}" for row in found)
            )
    else:
        expected.append(f"No report of a challenge counted in {year} is out yet")

    year_column = "Financial year" if period.is_financial else "Calendar year"
    evaluated = next((row for row in page.rows("evaluation-by-year") if row[year_column] == period.label), None)
    if evaluated and int(evaluated["Invited"]):
        expected.append(
            f"For {_counted(evaluated['Challenges'], 'challenge')} counted in {year}, "
            f"{_counted(evaluated['Invited'], 'person', 'people')} {'was' if int(evaluated['Invited']) == 1 else 'were'} asked "
            f"and {evaluated['Answered']} answered."
        )
        expected += [
            f"{row['Question']} {row['Average rating'] or '–'} ({_counted(row['Answers'], 'answer')})"
            for row in page.rows("evaluation-this-period")
        ]
    else:
        expected.append(f"No one has yet been asked to evaluate a challenge counted in {year}.")

    give_and_take = page.rows("give-and-take")
    officer = sum(int(row["Places filled by its officer peers"]) for row in give_and_take)
    member = sum(int(row["Places filled by its member peers"]) for row in give_and_take)
    active = sum(int(row["Peers"]) for row in page.rows("peer-load"))
    declined = len(page.rows("declined-invitations"))
    over = sum(row["Over their limit"] == "Yes" for row in page.rows("busiest-peers"))
    expected += [
        f"{officer} by officer peers and {member} by member peers.",
        f"of {active} active in the pool.",
        f"{_counted(declined, 'invitation')} to join a team {'was' if declined == 1 else 'were'} declined. "
        f"{_counted(over, 'peer')} had taken part in more challenges in the 12 months to {as_of}",
    ]
    coverage = page.rows("coverage-by-authority")
    within = sum(row["Years since the last challenge"] in WITHIN_THREE_YEARS for row in coverage)
    not_challenged = [row["Authority"] for row in page.rows("not-challenged-three-years")]
    expected.append(
        f"Of the {_counted(len(coverage), 'fire and rescue authority', 'fire and rescue authorities')} in {period.region_label}, "
        f"{within} had a challenge in the three years to {as_of}" + (". These have had none in that time: " if not_challenged else ": ")
        + " ".join(not_challenged)
    )
    expected.append(
        f"Officers will support the {_counted(booked, 'challenge')} booked to their visits and reports, and agree dates "
        f"for the {discussed} in discussion."
    )
    if not_challenged:
        expected.append(f"Officers will offer a challenge to the {_counted(len(not_challenged), 'authority', 'authorities')} ")
    return expected


def appendix_rows(page: Page) -> list[tuple[str, ...]]:
    """The period's challenges as the page's CSV lists them, written as the paper writes them
    (dates in full, a dash for none)."""

    def written(value):
        if not value:
            return "–"
        return long_date(datetime.date.fromisoformat(value)) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else value

    return [tuple(written(value) for value in row.values()) for row in page.rows("challenges-in-period")]


def _word_text(document):
    return flat_text(" ".join(paragraph.text for paragraph in document.paragraphs))


def _pdf_text(pdf: bytes):
    pages = [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    return " ".join(re.sub(r" ?(Local Government Association Committee paper )?Page \d+ of \d+$", "", flat_text(page)) for page in pages)


PERIODS = [
    ("year_kind=financial&year=2026", InsightPeriod(year=2026)),
    ("year_kind=financial&year=2026&region=south_east", InsightPeriod(year=2026, region="south_east")),
    ("year_kind=calendar&year=2026", InsightPeriod(year=2026, year_kind="calendar")),
]


@pytest.mark.parametrize(("query", "period"), PERIODS, ids=["england", "south-east", "calendar"])
def test_every_figure_of_the_paper_is_the_insight_pages(clock, db, client, sign_in, django_capture_on_commit_callbacks, query, period):
    make_programme()
    sign_in("lga_admin")
    page = Page(client, query)
    word = docx.Document(io.BytesIO(client.get(f"/reports/committee-paper/word/?{query}").content))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/reports/committee-paper/", dict(part.split("=") for part in query.split("&")))
    paper = CommitteePaper.objects.get()
    pdf_text, word_text = _pdf_text(paper.file.read()), _word_text(word)

    # The two figures no table holds, from the insight itself.
    peers = programme_insight(period=period, today=TODAY).section("peers").figures
    figures = [
        *expected_figures(page, period),
        f"Peers filled {_counted(peers['places_filled'], 'place')} on the teams",
        f"{_counted(peers['peers_taking_part'], 'peer')} took part",
    ]
    for figure in figures:
        assert flat_text(figure) in word_text, figure
        assert flat_text(figure) in pdf_text, figure
    rows = appendix_rows(page)
    if rows:
        assert [tuple(cell.text for cell in row.cells) for row in word.tables[0].rows[1:]] == rows
    else:
        assert word.tables == []
    for row in rows:
        assert " ".join(row) in pdf_text, row


def test_the_figures_checked_are_the_hand_worked_ones(clock, db, client, sign_in):
    """The small programme's figures as worked out by hand (make_programme), as the page's CSV
    files give them: so that the test above compares figures that mean something."""
    make_programme()
    sign_in("lga_admin")
    page = Page(client, "year_kind=financial&year=2026")

    assert [int(page.row("challenges-by-stage", "Stage", name)["Total"]) for name in STAGES] == [1, 1, 2, 0, 1]
    assert len(page.rows("late-steps")) == 2
    assert [(row["Area"], row["Strengths"], row["Areas for consideration"]) for row in page.rows("themes-by-area")] == [
        ("Protection", "0", "2"), ("Prevention", "2", "1"), ("Leadership", "1", "0"),
    ]
    assert [(row["Average rating"], row["Answers"]) for row in page.rows("evaluation-this-period")] == [
        ("4.5", "2"), ("4.0", "2"), ("3.5", "2"), ("4.0", "2"),
    ]
    assert len(page.rows("declined-invitations")) == 1
    assert len(page.rows("not-challenged-three-years")) == 42
    # Not in any table: the places filled (here all by officer and member peers, so the
    # give-and-take table's total) and the peers taking part.
    figures = programme_insight(period=InsightPeriod(year=2026), today=TODAY).section("peers").figures
    places = sum(int(row["Places filled by its peers"]) for row in page.rows("give-and-take"))
    assert (figures["places_filled"], figures["peers_taking_part"], places) == (6, 3, 6)
