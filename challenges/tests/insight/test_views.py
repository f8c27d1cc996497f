"""The insight page and its CSV files (challenges/views/insight.py): who may see them, the
filters and their errors, each table's figures shown exactly as the sections give them (with
its chart, the coverage map and a CSV link), the CSV files' bytes and names, and a constant
number of queries whatever the size of the programme."""

import datetime
import html
import re

import pytest

from authorities.choices import PeerType, PoliticalGroup, Region
from authorities.models import Authority
from authorities.tests.factories import PeerFactory
from challenges.choices import ChallengeStatus, ChallengeType, FindingKind, PlaceState
from challenges.insight.period import FIRST_YEAR, InsightPeriod, YearKind
from challenges.insight.tables import Chart, Column, Section, Table
from challenges.selectors import insight as insight_selector
from challenges.selectors.insight import programme_insight
from challenges.tests.factories import ChallengeFactory, EvaluationFactory, FindingFactory, TeamMembershipFactory
from peersupport.tests.html import error_summary, inline_code, page

pytestmark = pytest.mark.integration

URL = "/challenges/insight/"
# The clock fixture's day (peersupport/tests/clock.py): in the financial year 2026 to 2027.
TODAY = datetime.date(2027, 3, 8)
_TAGS = re.compile(r"<[^>]+>")


def text_of(fragment) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def table_cells(response, slug) -> list[list[str]]:
    """The rows of the page's table of that slug (the heading row first), each a list of its cells' texts."""
    match = re.search(rf'<table class="govuk-table" data-testid="insight-{re.escape(slug)}">(.*?)</table>', page(response), re.S)
    assert match, f"The page has no table {slug}"
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr\b[^>]*>(.*?)</tr>", match.group(1), re.S)
    ]


def main(response) -> str:
    return re.search(r"<main\b.*</main>", page(response), re.S).group(0)


def csv_text(response) -> str:
    return b"".join(response.streaming_content).decode()


# Sections of known tables, in place of the real ones, to hold the page's drawing of them.


def _stage_table():
    return Table(
        slug="challenges-by-stage", title="Challenges by stage", description="Challenges counted in the period, by stage.",
        columns=[Column("stage", "Stage"), Column("total", "Total", numeric=True)],
        rows=[{"stage": "In discussion", "total": 3}, {"stage": "Booked", "total": 0}, {"stage": "Delivered", "total": 1200}],
        chart=Chart(label="stage", values=("total",)),
    )


def _themes_table():
    return Table(
        slug="themes-by-area", title="Themes by area", description="Accepted findings by framework area.",
        columns=[
            Column("area", "Area"), Column("strengths", "Strengths", numeric=True),
            Column("areas_for_consideration", "Areas for consideration", numeric=True),
        ],
        rows=[
            {"area": "Prevention", "strengths": 4, "areas_for_consideration": 2},
            {"area": "=Protection", "strengths": 1, "areas_for_consideration": 8},
        ],
        chart=Chart(label="area", values=("strengths", "areas_for_consideration")),
    )


def _late_table():
    return Table(
        slug="late-steps", title="Late steps", description="Steps done after their due date.",
        columns=[
            Column("authority", "Authority"), Column("due", "Due"), Column("done", "Done"),
            Column("days_late", "Days late", numeric=True), Column("average", "Average", numeric=True),
            Column("over", "Over the limit"),
        ],
        rows=[{
            "authority": "Avon Fire Authority", "due": datetime.date(2026, 7, 4), "done": None, "days_late": 1234,
            "average": 4.25, "over": True,
        }],
    )


def _empty_table():
    return Table(
        slug="declined-invitations", title="Invitations declined", description="Places declined.",
        columns=[Column("peer", "Peer")], rows=[], empty="No invitations were declined in this period.",
    )


def _coverage_figures():
    def tile(name, abbreviation, col, row, band, years, last):
        return {
            "name": name, "short_name": name, "abbreviation": abbreviation, "col": col, "row": row, "band": band,
            "band_label": band, "years_since": years, "last_challenge": last,
        }

    return {
        "grid": {"columns": 2, "rows": 1},
        "tiles": [
            tile("Avon Fire Authority", "AVON", 0, 0, "one_to_two", 1, datetime.date(2025, 5, 2)),
            tile("Kent Fire Authority", "KENT", 1, 0, "never", None, None),
        ],
        "without_tile": ["New Fire Authority"],
        "not_challenged_three_years": ["Kent Fire Authority"],
    }


def _authority_table(slug, title):
    return Table(
        slug=slug, title=title, description="By name.",
        columns=[Column("authority", "Authority")], rows=[{"authority": "Avon Fire Authority"}],
    )


def _not_challenged_table():
    return Table(
        slug="not-challenged-three-years", title="Not challenged for three years or more", description="Longest first.",
        columns=[Column("authority", "Authority")], rows=[{"authority": "Kent Fire Authority"}],
    )


@pytest.fixture
def known_sections(monkeypatch):
    """The page's sections replaced by three of known tables; gives the periods they were built for."""
    built = []

    def section(slug, title, tables, figures=None):
        def build(period, *, today):
            built.append((slug, period, today))
            return Section(slug=slug, title=title, tables=tables(), figures=figures() if figures else {})

        return build

    monkeypatch.setattr(insight_selector, "SECTION_BUILDERS", (
        section("pipeline", "Pipeline", lambda: [_stage_table(), _late_table()]),
        section("coverage", "Coverage", lambda: [
            _authority_table("years-since-last-challenge", "Authorities by years since"),
            _authority_table("coverage-by-authority", "Every authority"), _not_challenged_table(),
        ], _coverage_figures),
        section("themes", "Themes", lambda: [_themes_table(), _empty_table()]),
    ))
    return built


# Who may see it


@pytest.mark.parametrize(("role", "status"), [
    ("lga_admin", 200), ("adviser", 200), ("other_adviser", 200), ("lead_peer", 404), ("fra_contact", 404),
])
def test_page_and_csv_by_role(client, sign_in, role, status):
    sign_in(role)

    assert client.get(URL).status_code == status
    assert client.get(f"{URL}download/challenges-by-stage/").status_code == (status if status == 404 else 200)


def test_anonymous_sent_to_sign_in(client, db):
    response = client.get(URL)
    download = client.get(f"{URL}download/challenges-by-stage/?year=2026")

    assert (response.status_code, response.url) == (302, "/sign-in/?next=/challenges/insight/")
    assert (download.status_code, download.url) == (302, "/sign-in/?next=/challenges/insight/download/challenges-by-stage/%3Fyear%3D2026")


@pytest.mark.parametrize(("role", "shown"), [("lga_admin", True), ("adviser", True), ("lead_peer", False), ("fra_contact", False)])
def test_navigation_links_lga_staff_to_the_page(client, sign_in, role, shown):
    sign_in(role)

    link = '<a class="govuk-service-navigation__link" href="/challenges/insight/">Programme insight</a>'
    assert (link in page(client.get("/"))) is shown


def test_navigation_marks_the_page_current(client, sign_in):
    sign_in("lga_admin")

    assert (
        '<a class="govuk-service-navigation__link" href="/challenges/insight/" aria-current="page">Programme insight</a>'
        in page(client.get(URL))
    )


def test_evaluation_summary_links_to_the_pages_evaluations(client, sign_in):
    sign_in("adviser")

    assert 'href="/challenges/insight/#evaluations" data-testid="insight-link">programme insight</a>' in page(
        client.get("/challenges/evaluation/summary/")
    )


# The page's drawing of the sections' tables


def test_default_period_is_the_current_financial_year_in_england(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    response = client.get(URL)

    assert response.context["period"] == InsightPeriod(year=2026, year_kind=YearKind.FINANCIAL, region="")
    assert {(period, today) for _, period, today in known_sections} == {(InsightPeriod(year=2026), TODAY)}
    assert text_of(re.search(r'<span class="govuk-caption-l" data-testid="insight-period">(.*?)</span>', page(response)).group(1)) == (
        "The financial year 2026 to 2027, England"
    )
    assert "<title>Programme insight: 2026 to 2027, England – Fire peer support</title>" in page(response)
    assert re.search(r'value="financial"\s+checked="checked"', page(response))
    assert '<option value="2026" selected>2026</option>' in page(response)


def test_page_shows_each_table_with_its_exact_cells(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    response = client.get(URL)

    assert table_cells(response, "challenges-by-stage") == [
        ["Stage", "Total"], ["In discussion", "3"], ["Booked", "0"], ["Delivered", "1,200"],
    ]
    assert table_cells(response, "late-steps") == [
        ["Authority", "Due", "Done", "Days late", "Average", "Over the limit"],
        ["Avon Fire Authority", "4 July 2026", "–", "1,234", "4.2", "Yes"],
    ]
    assert table_cells(response, "themes-by-area") == [
        ["Area", "Strengths", "Areas for consideration"], ["Prevention", "4", "2"], ["=Protection", "1", "8"],
    ]
    content = page(response)
    # Numbers right-aligned, the first cell of a row its heading, the title the table's caption.
    assert '<th scope="row" class="govuk-table__header">Avon Fire Authority</th>' in content
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">1,234</td>' in content
    assert '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Days late</th>' in content
    assert '<caption class="govuk-table__caption govuk-visually-hidden">Late steps</caption>' in content
    assert '<h3 class="govuk-heading-m">Late steps</h3>\n  <p class="govuk-body">Steps done after their due date.</p>' in content
    # An empty table says so, without a table or a CSV link.
    assert text_of(re.search(r'data-testid="insight-empty-declined-invitations">(.*?)</p>', content).group(1)) == (
        "No invitations were declined in this period."
    )
    assert 'data-testid="insight-declined-invitations"' not in content
    assert "download/declined-invitations/" not in content
    assert inline_code(response) == []


def test_page_links_each_table_to_its_csv_for_the_period(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    response = client.get(URL, {"year_kind": "calendar", "year": "2025", "region": "south_west"})

    assert re.findall(r'<a class="govuk-link" href="([^"]*)" download data-testid="insight-download-[^"]*">(.*?)</a>', page(response)) == [
        (
            f"/challenges/insight/download/{slug}/?year_kind=calendar&amp;year=2025&amp;region=south_west",
            f'Download this table as CSV<span class="govuk-visually-hidden"> for {title}</span>',
        )
        for slug, title in [
            ("challenges-by-stage", "Challenges by stage"), ("late-steps", "Late steps"),
            ("years-since-last-challenge", "Authorities by years since"),
            ("not-challenged-three-years", "Not challenged for three years or more"),
            ("coverage-by-authority", "Every authority"), ("themes-by-area", "Themes by area"),
        ]
    ]


def test_contents_list_links_each_section(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    response = client.get(URL)

    contents = re.search(r'<nav class="app-contents-list"(.*?)</nav>', page(response), re.S).group(1)
    assert re.findall(r'<a class="govuk-link" href="(#[^"]*)">(.*?)</a>', contents) == [
        ("#committee-paper", "Committee paper"), ("#pipeline", "Pipeline"), ("#coverage", "Coverage"), ("#themes", "Themes"),
    ]
    for anchor in ("pipeline", "coverage", "themes"):
        assert f'id="{anchor}" aria-labelledby="{anchor}-heading"' in page(response)
    assert re.findall(r'<h2 class="govuk-heading-[lm]" id="([^"]*)">(.*?)</h2>', main(response)) == [
        ("committee-paper-heading", "Committee paper"), ("pipeline-heading", "Pipeline"), ("coverage-heading", "Coverage"),
        ("themes-heading", "Themes"),
    ]
    # The committee paper's panel (the reports app's) comes first, under the contents' link to it.
    assert re.search(
        r'<div class="app-insight-section" id="committee-paper" data-testid="insight-committee-paper">\s*'
        r'<section class="govuk-!-margin-bottom-8" data-testid="committee-paper-panel"', page(response),
    )


def test_chart_before_each_table_that_has_one_with_the_same_numbers(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    content = page(client.get(URL))

    charts = re.findall(
        r'<svg class="app-chart" role="img" aria-labelledby="([^"]*)" aria-describedby="([^"]*)"[^>]*data-testid="([^"]*)">', content
    )
    # Named by the title alone; the figures describe it (a name that read every figure would be far too long).
    assert charts == [
        ("chart-challenges-by-stage-title", "chart-challenges-by-stage-desc", "chart-challenges-by-stage"),
        ("chart-themes-by-area-title", "chart-themes-by-area-desc", "chart-themes-by-area"),
    ]
    assert content.index('data-testid="chart-challenges-by-stage"') < content.index('data-testid="insight-challenges-by-stage"')
    assert '<title id="chart-challenges-by-stage-title">Chart: Challenges by stage</title>' in content
    assert (
        '<desc id="chart-challenges-by-stage-desc">In discussion: Total 3; Booked: Total 0; Delivered: Total 1,200.</desc>'
        in content
    )
    stage_chart = re.search(r'data-testid="chart-challenges-by-stage">(.*?)</svg>', content, re.S).group(1)
    # Each value written beside its bar; no bar drawn for nothing.
    assert re.findall(r'<rect x="1" y="(\d+)" width="([\d.]+)"', stage_chart) == [("24", "1.4"), ("144", "568.0")]
    assert re.findall(r'<text x="[\d.]+" y="\d+" font-size="16" fill="#0b0c0c">([^<]*)</text>', stage_chart) == ["3", "0", "1,200"]
    # Two series: told apart by pattern, named in the legend.
    themes_chart = re.search(r'data-testid="chart-themes-by-area">(.*?)</svg>', content, re.S).group(1)
    assert re.findall(r'<pattern id="([^"]*)"', themes_chart) == ["chart-themes-by-area-series-0", "chart-themes-by-area-series-1"]
    assert '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="#00703c" stroke-width="2.5"/>' in themes_chart
    assert re.findall(r'<text x="30" y="\d+" font-size="16" fill="#0b0c0c">([^<]*)</text>', themes_chart) == [
        "Strengths", "Areas for consideration",
    ]
    assert 'fill="url(#chart-themes-by-area-series-1)"' in themes_chart


def test_coverage_map_drawn_before_the_authorities_not_challenged(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    content = page(client.get(URL))

    coverage_map = re.search(r'data-testid="coverage-map">(.*?)</svg>', content, re.S).group(1)
    # The map, then the authorities not challenged for three years, then the list of every authority.
    coverage = re.search(r'data-testid="insight-section-coverage">(.*?)</section>', content, re.S).group(1)
    assert re.findall(r'data-testid="(insight-table-[a-z-]*|coverage-map)"', coverage) == [
        "insight-table-years-since-last-challenge", "coverage-map", "insight-table-not-challenged-three-years",
        "insight-table-coverage-by-authority",
    ]
    assert re.findall(r"<title>([^<]*)</title>", coverage_map) == [
        "Avon Fire Authority: last challenge ended 2 May 2025", "Kent Fire Authority: no challenge on record",
    ]
    assert re.findall(r'paint-order="stroke">([^<]*)</text>', coverage_map) == ["AVON", "1 yr", "KENT", "none"]
    assert 'stroke-dasharray="5 3"' in coverage_map
    assert re.findall(r'<text x="32" y="\d+" font-size="16" fill="#0b0c0c">([^<]*)</text>', coverage_map) == [
        "Within the last year: 0", "1 to 2 years ago: 1", "2 to 3 years ago: 0", "3 years or more ago: 0",
        "No challenge on record: 1",
    ]
    assert text_of(re.search(r'data-testid="insight-without-tile">(.*?)</p>', content).group(1)) == "Not on the map: New Fire Authority."


def test_text_in_tables_and_charts_is_escaped(client, sign_in, clock, monkeypatch):
    def build(period, *, today):
        table = Table(
            slug="names", title="Names <i>", description="Names & places.",
            columns=[Column("name", "Name <b>"), Column("count", "Count", numeric=True)],
            rows=[{"name": "<script>alert(1)</script> & Co", "count": 2}], chart=Chart(label="name", values=("count",)),
        )
        return Section(slug="pipeline", title="Pipeline & more", tables=[table])

    monkeypatch.setattr(insight_selector, "SECTION_BUILDERS", (build,))
    sign_in("lga_admin")

    response = client.get(URL)

    content = page(response)
    assert "<script>alert" not in content
    assert table_cells(response, "names") == [["Name <b>", "Count"], ["<script>alert(1)</script> & Co", "2"]]
    assert '<th scope="row" class="govuk-table__header">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</th>' in content
    assert 'font-weight="bold" fill="#0b0c0c">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</text>' in content
    assert '<desc id="chart-names-desc">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co: Count 2.</desc>' in content
    assert inline_code(response) == []


def test_filters_choose_the_period(client, sign_in, clock, known_sections):
    sign_in("adviser")

    response = client.get(URL, {"year_kind": "calendar", "year": "2025", "region": "london"})

    assert response.context["period"] == InsightPeriod(year=2025, year_kind=YearKind.CALENDAR, region=Region.LONDON)
    assert {period for _, period, _ in known_sections} == {InsightPeriod(year=2025, year_kind=YearKind.CALENDAR, region="london")}
    assert "<title>Programme insight: 2025, London – Fire peer support</title>" in page(response)
    assert '<option value="london" selected>London</option>' in page(response)


def test_a_filter_left_out_takes_its_default(client, sign_in, clock, known_sections):
    sign_in("adviser")

    response = client.get(URL, {"region": "north_west", "year": ""})

    assert response.context["period"] == InsightPeriod(year=2026, region=Region.NORTH_WEST)


def test_years_offered_from_the_first_on_record_to_next_year(client, sign_in, clock, known_sections):
    sign_in("lga_admin")
    years = re.compile(r'<option value="(\d{4})"')

    assert years.findall(page(client.get(URL))) == [str(year) for year in range(2028, FIRST_YEAR - 1, -1)]
    # Ended on 10 February 2015: in the financial year 2014 to 2015.
    ChallengeFactory(start_date=datetime.date(2015, 2, 9), end_date=datetime.date(2015, 2, 10), status=ChallengeStatus.CLOSED)
    assert years.findall(page(client.get(URL))) == [str(year) for year in range(2028, 2013, -1)]
    assert client.get(URL, {"year": "2013"}).context["form"].errors == {"year": ["Choose a year from the list"]}


def test_a_valid_filter_form_is_laid_out_once(client, sign_in, clock, known_sections, monkeypatch, real_cache):
    from challenges.forms import insight as insight_forms

    laid_out = []
    monkeypatch.setattr(insight_forms, "render_crispy_form", lambda form: laid_out.append(form.data.dict()) or "<form></form>")
    sign_in("lga_admin")

    first = page(client.get(URL, {"year": "2025"}))
    client.get(URL, {"year": "2025", "year_kind": "financial"})  # the same filters, the default written out
    client.get(URL, {"year": "2024"})
    client.get(URL, {"year": "1999"})
    client.get(URL, {"year": "1999"})

    assert [data["year"] for data in laid_out] == ["2025", "2024", "1999", "1999"]
    assert '<div class="govuk-grid-column-one-third" data-testid="insight-filters"><form></form></div>' in first


BAD_FILTERS = [
    ({"year_kind": "fiscal"}, ["Choose a kind of year"]),
    ({"year": "1999"}, ["Choose a year from the list"]),
    ({"year": "2029"}, ["Choose a year from the list"]),
    ({"year": "twenty"}, ["Choose a year from the list"]),
    ({"year": "9" * 5000}, ["Choose a year from the list"]),
    ({"region": "atlantis"}, ["Choose a region from the list"]),
    ({"region": "<script>"}, ["Choose a region from the list"]),
    ({"region": "london\x00"}, ["Choose a region from the list"]),
    ({"year_kind": "x", "year": "1", "region": "x"}, ["Choose a kind of year", "Choose a year from the list", "Choose a region from the list"]),
]


@pytest.mark.parametrize(("query", "errors"), BAD_FILTERS)
def test_bad_filters_say_why_and_show_no_figures(client, sign_in, clock, known_sections, query, errors):
    sign_in("lga_admin")

    response = client.get(URL, query)

    assert response.status_code == 200
    assert error_summary(response) == errors
    assert known_sections == []
    assert "insight-section-" not in page(response)
    assert "<title>Error: Programme insight – Fire peer support</title>" in page(response)
    download = client.get(f"{URL}download/challenges-by-stage/", query)
    assert download.status_code == 302
    assert download.url.startswith("/challenges/insight/?")


# The CSV files


def test_csv_exact_bytes_and_name(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    response = client.get(f"{URL}download/themes-by-area/", {"year_kind": "financial", "year": "2025", "region": "east_midlands"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="insight-themes-by-area-2025-26-east-midlands.csv"'
    # A cell a spreadsheet would run as a formula is written as text.
    assert b"".join(response.streaming_content) == (
        "\ufeffArea,Strengths,Areas for consideration\r\nPrevention,4,2\r\n'=Protection,1,8\r\n".encode()
    )


def test_csv_values_as_written_and_name_for_calendar_year(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    response = client.get(f"{URL}download/late-steps/", {"year_kind": "calendar", "year": "2026"})

    assert response["Content-Disposition"] == 'attachment; filename="insight-late-steps-2026.csv"'
    assert csv_text(response) == (
        "\ufeffAuthority,Due,Done,Days late,Average,Over the limit\r\nAvon Fire Authority,2026-07-04,,1234,4.2,Yes\r\n"
    )


def test_csv_default_period_names_the_file(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    response = client.get(f"{URL}download/challenges-by-stage/")

    assert response["Content-Disposition"] == 'attachment; filename="insight-challenges-by-stage-2026-27.csv"'
    assert csv_text(response) == "\ufeffStage,Total\r\nIn discussion,3\r\nBooked,0\r\nDelivered,1200\r\n"


def test_csv_builds_the_sections_only_up_to_its_tables(client, sign_in, clock, known_sections):
    sign_in("lga_admin")

    client.get(f"{URL}download/late-steps/")
    assert [slug for slug, _, _ in known_sections] == ["pipeline"]
    known_sections.clear()
    client.get(f"{URL}download/themes-by-area/")
    assert [slug for slug, _, _ in known_sections] == ["pipeline", "coverage", "themes"]
    known_sections.clear()
    client.get(f"{URL}download/no-such-table/")
    assert known_sections == []  # refused by its name before any section is built


def test_the_known_table_names_are_the_tables_the_sections_build(clock, db):
    insight = programme_insight(period=InsightPeriod(year=2026), today=TODAY)

    assert [table.slug for section in insight.sections for table in section.tables] == list(insight_selector.TABLE_SLUGS)


@pytest.mark.parametrize("slug", ["no-such-table", "pipeline", "chart-themes-by-area"])
def test_csv_unknown_table_not_found(client, sign_in, clock, known_sections, slug):
    sign_in("lga_admin")

    assert client.get(f"{URL}download/{slug}/").status_code == 404


# The real sections, whatever they hold: the page shows each table exactly and each CSV holds it


# The session and the user (2), the request's transaction (2), the records' version (1), the
# first year on record (1), then the sections' own (15: pipeline 3, lead times 1, coverage 1,
# peers 7, themes 2, evaluations 1); the page reads the period's committee papers too (1). A
# table's CSV builds the sections only as far as the one that holds it. (The tests' cache keeps
# nothing: these are the figures worked out afresh; test_insight_cache.py has them kept.)
PAGE_QUERIES = 22
CSV_QUERIES_PIPELINE = 6 + 3
CSV_QUERIES_ALL = 6 + 15


def _programme(count):
    """`count` challenges in the financial year 2026 to 2027 across authorities and stages, each
    with an accepted and a declined place, an accepted finding and an answered evaluation,
    so that every section has rows to count."""
    statuses = [ChallengeStatus.CLOSED, ChallengeStatus.PUBLISHED, ChallengeStatus.CONFIRMED, ChallengeStatus.ON_SITE]
    authorities = list(Authority.objects.filter(status="current").order_by("name"))
    for index in range(count):
        start = datetime.date(2026, 5, 4) + datetime.timedelta(days=14 * index)
        challenge = ChallengeFactory(
            authority=authorities[index % len(authorities)], status=statuses[index % len(statuses)],
            challenge_type=list(ChallengeType)[index % 2 * 4], requested_on=datetime.date(2025, 11, 3),
            start_date=start, end_date=start + datetime.timedelta(days=3),
        )
        home = authorities[(index + 7) % len(authorities)]
        TeamMembershipFactory(challenge=challenge, peer=PeerFactory(home_authority=home))
        TeamMembershipFactory(
            challenge=challenge, peer=PeerFactory(home_authority=home, peer_type=PeerType.MEMBER, political_group=PoliticalGroup.LABOUR),
            state=PlaceState.DECLINED, decline_reason="On leave, that week", answered_at=datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC),
        )
        FindingFactory(challenge=challenge, kind=FindingKind.AREA_FOR_CONSIDERATION if index % 2 else FindingKind.STRENGTH)
        EvaluationFactory(challenge=challenge, answered=True)
    ChallengeFactory(
        authority=authorities[0], status=ChallengeStatus.REQUESTED, start_date=None, end_date=None,
        requested_on=datetime.date(2026, 6, 1),
    )


def test_page_shows_every_table_of_the_insight_exactly(client, sign_in, clock):
    _programme(4)
    sign_in("lga_admin")

    response = client.get(URL)

    insight = programme_insight(period=InsightPeriod(year=2026), today=TODAY)
    content = page(response)
    shown = 0
    for section in insight.sections:
        assert f'<h2 class="govuk-heading-l" id="{section.slug}-heading">{html.escape(section.title)}</h2>' in content
        for table in section.tables:
            if table.rows:
                assert table_cells(response, table.slug) == [
                    [html.unescape(column.heading) for column in table.columns],
                    *[[text for _, text in row] for row in table.display_rows()],
                ], table.slug
                shown += 1
            else:
                assert f'data-testid="insight-empty-{table.slug}">{html.escape(table.empty)}</p>' in content
            if table.chart and table.rows:
                assert f'<title id="chart-{table.slug}-title">{html.escape(f"Chart: {table.title}")}</title>' in content
    assert shown >= 10  # most tables have rows on this data set
    ids = re.findall(r'\sid="([^"]*)"', content)
    assert sorted(ids) == sorted(set(ids))  # each chart's patterns and titles have ids of their own
    charted = [table for one in insight.sections for table in one.tables if table.chart and table.rows]
    assert content.count("<svg ") == len(charted) + 1  # and the map
    # Worked out by hand: of the four dated challenges, the first two (an Operational Assessment and a
    # targeted one) are delivered and the next two booked; the undated one asked for is in discussion.
    assert table_cells(response, "challenges-by-stage")[1:4] == [
        ["In discussion", "1", "0", "0", "0", "0", "1"],
        ["Booked", "1", "0", "0", "0", "1", "2"],
        ["Delivered", "1", "0", "0", "0", "1", "2"],
    ]
    assert inline_code(response) == []


def test_every_table_downloads_as_its_csv(client, sign_in, clock):
    _programme(2)
    sign_in("lga_admin")
    insight = programme_insight(period=InsightPeriod(year=2026, region=Region.SOUTH_WEST), today=TODAY)

    for section in insight.sections:
        for table in section.tables:
            response = client.get(f"{URL}download/{table.slug}/", {"year": "2026", "region": "south_west"})
            assert response["Content-Disposition"] == f'attachment; filename="insight-{table.slug}-2026-27-south-west.csv"'
            lines = [",".join(_cell(cell) for cell in table.csv_header())]
            lines += [",".join(_cell(cell) for cell in row) for row in table.csv_rows()]
            assert csv_text(response) == "\ufeff" + "".join(f"{line}\r\n" for line in lines), table.slug


def _cell(value):
    """A CSV cell as Python's csv module writes it: quoted when it holds a comma, quote or line break."""
    if value.startswith(("=", "+", "-", "@")):
        value = f"'{value}"
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if any(c in value for c in ',"\r\n') else value


def test_page_queries_do_not_grow_with_the_programme(client, sign_in, clock, django_assert_num_queries):
    _programme(2)
    sign_in("lga_admin")
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(URL)
    _programme(20)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(URL)

    # Delivered, by hand: the first two of each four dated challenges, 2 of the first 2 and 10 of the next 20.
    assert table_cells(response, "challenges-by-stage")[3][-1] == "12"


@pytest.mark.parametrize(("slug", "queries"), [("challenges-in-period", CSV_QUERIES_PIPELINE), ("evaluation-this-period", CSV_QUERIES_ALL)])
def test_csv_queries_do_not_grow_with_the_programme(client, sign_in, clock, django_assert_num_queries, slug, queries):
    _programme(2)
    sign_in("lga_admin")
    with django_assert_num_queries(queries):
        b"".join(client.get(f"{URL}download/{slug}/").streaming_content)
    _programme(20)
    with django_assert_num_queries(queries):
        rows = csv_text(client.get(f"{URL}download/{slug}/")).splitlines()

    assert len(rows) == {"challenges-in-period": 1 + 2 + 1 + 20 + 1, "evaluation-this-period": 1 + 4}[slug]
