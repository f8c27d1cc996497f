"""The coverage section (challenges/insight/coverage.py): years since each current authority's
last delivered challenge, in bands, listed and on the tile map, checked against figures worked
out by hand on a small programme."""

import datetime

import pytest

from authorities.choices import Region
from authorities.models import Authority
from authorities.tests.factories import AuthorityFactory
from challenges.choices import ChallengeStatus
from challenges.insight.coverage import band_of, coverage_section
from challenges.insight.period import InsightPeriod, YearKind
from challenges.tests.factories import ChallengeFactory

pytestmark = pytest.mark.integration

# The financial year 2026 to 2027 is running: its figures are taken on today.
TODAY = datetime.date(2026, 11, 30)
PERIOD = InsightPeriod(year=2026)
NAMES = {
    "avon": "Avon Fire Authority",
    "cleveland": "Cleveland Fire Authority",
    "cumbria": "Cumbria Police, Fire and Crime Commissioner",
    "durham": "County Durham and Darlington Fire and Rescue Service",
    "kent": "Kent and Medway Fire and Rescue Authority",
    "merseyside": "Merseyside Fire and Rescue Authority",
    "norfolk": "Norfolk County Council",
    "northumberland": "Northumberland County Council",
    "tyne-and-wear": "Tyne and Wear Fire and Rescue Authority",
}


def _challenge(slug, last_day, status=ChallengeStatus.PUBLISHED, **kwargs):
    return ChallengeFactory(
        authority=Authority.objects.get(slug=slug), status=status,
        start_date=last_day - datetime.timedelta(days=3), end_date=last_day, **kwargs,
    )


@pytest.fixture
def programme(db):
    """Worked out by hand, as of 30 November 2026:

    Avon: last day 30 November 2023, exactly three years: 3 years or more ago (and a visit
    booked for December 2026 does not count). Kent: 1 December 2023, a day short of three
    years: 2 to 3. Durham: first phase to 23 November 2023 (would be three years) but its
    second phase to 4 December 2023 decides: 2 to 3. Cleveland: 30 November 2025, exactly one
    year: 1 to 2. Cumbria: 1 December 2025: within the last year. Merseyside: fed back on
    30 November 2026, today: within the last year; its later cancelled visit does not count.
    Norfolk: 2015, eleven years: 3 years or more. Lancashire: only a visit booked and one
    cancelled: never. Hampshire & Isle of Wight: never, though the abolished Hampshire
    authority had a challenge in 2019. The other current authorities: never.

    Bands: within 2, 1 to 2 one, 2 to 3 two, 3 or more two, never 37 (of 44)."""
    _challenge("avon", datetime.date(2023, 11, 30), status=ChallengeStatus.CLOSED)
    _challenge("avon", datetime.date(2026, 12, 10), status=ChallengeStatus.CONFIRMED)
    _challenge("kent", datetime.date(2023, 12, 1))
    ChallengeFactory(
        authority=Authority.objects.get(slug="durham"), status=ChallengeStatus.PROGRESS_REVIEW,
        start_date=datetime.date(2023, 11, 20), end_date=datetime.date(2023, 11, 23),
        second_start_date=datetime.date(2023, 12, 4), second_end_date=datetime.date(2023, 12, 4),
    )
    _challenge("cleveland", datetime.date(2025, 11, 30), status=ChallengeStatus.REPORT_DRAFTING)
    _challenge("cumbria", datetime.date(2025, 12, 1), status=ChallengeStatus.FACTUAL_CHECK)
    _challenge("merseyside", datetime.date(2026, 11, 30), status=ChallengeStatus.FEEDBACK_GIVEN)
    _challenge("merseyside", datetime.date(2026, 11, 12), status=ChallengeStatus.CANCELLED, status_reason="Budget week")
    _challenge("norfolk", datetime.date(2015, 6, 4))
    _challenge("lancashire", datetime.date(2026, 12, 3), status=ChallengeStatus.CONFIRMED)
    _challenge("lancashire", datetime.date(2025, 6, 5), status=ChallengeStatus.CANCELLED, status_reason="Budget week")
    _challenge("hampshire", datetime.date(2019, 5, 16))


def _never(*, but):
    """The names of the current authorities other than `but`'s, by name."""
    return sorted(Authority.objects.filter(status="current").exclude(slug__in=but).values_list("name", flat=True))


CHALLENGED = ("avon", "kent", "durham", "cleveland", "cumbria", "merseyside", "norfolk")


def test_band_of_whole_years_since():
    assert [band_of(years) for years in (0, 1, 2, 3, 11, None)] == [
        "within_one_year", "one_to_two", "two_to_three", "three_or_more", "three_or_more", "never",
    ]


def test_coverage_bands_count_the_authorities_worked_out_by_hand(programme):
    section = coverage_section(PERIOD, today=TODAY)

    table = section.table("years-since-last-challenge")
    assert table.rows == [
        {"band": "Within the last year", "authorities": 2},
        {"band": "1 to 2 years ago", "authorities": 1},
        {"band": "2 to 3 years ago", "authorities": 2},
        {"band": "3 years or more ago", "authorities": 2},
        {"band": "No challenge on record", "authorities": 37},
    ]
    assert (table.chart.label, table.chart.values) == ("band", ("authorities",))
    assert table.description == (
        "Current fire and rescue authorities in England, by the whole years from the last day on site of their "
        "latest delivered challenge to 30 November 2026."
    )
    assert section.figures["authorities"] == 44
    assert section.figures["challenged_within_three_years"] == 5


def test_coverage_by_authority_gives_each_last_day_and_years_at_the_edges(programme):
    rows = {row["authority"]: row for row in coverage_section(PERIOD, today=TODAY).table("coverage-by-authority").rows}

    def row(slug):
        found = rows[NAMES[slug]]
        return found["last_challenge"], found["years_since"], found["band"]

    assert row("avon") == (datetime.date(2023, 11, 30), 3, "3 years or more ago")
    assert row("kent") == (datetime.date(2023, 12, 1), 2, "2 to 3 years ago")
    assert row("durham") == (datetime.date(2023, 12, 4), 2, "2 to 3 years ago")
    assert row("cleveland") == (datetime.date(2025, 11, 30), 1, "1 to 2 years ago")
    assert row("cumbria") == (datetime.date(2025, 12, 1), 0, "Within the last year")
    assert row("merseyside") == (datetime.date(2026, 11, 30), 0, "Within the last year")
    assert row("norfolk") == (datetime.date(2015, 6, 4), 11, "3 years or more ago")
    assert rows["Lancashire Combined Fire Authority"]["band"] == "No challenge on record"
    assert rows["Hampshire and Isle of Wight Fire and Rescue Authority"]["last_challenge"] is None
    assert "Hampshire Fire and Rescue Authority" not in rows  # abolished
    assert list(rows) == sorted(rows) and len(rows) == 44


def test_coverage_lists_authorities_not_challenged_for_three_years_never_first_then_longest_ago(programme):
    section = coverage_section(PERIOD, today=TODAY)

    names = _never(but=CHALLENGED) + [NAMES["norfolk"], NAMES["avon"]]
    assert section.figures["not_challenged_three_years"] == names
    assert [row["authority"] for row in section.table("not-challenged-three-years").rows] == names
    assert len(names) == 39


def test_coverage_is_taken_on_the_last_day_of_a_past_period(programme):
    """As of 31 March 2026: Merseyside's challenge of November 2026 is still to come (never),
    Cumbria's of 1 December 2025 within the year, Avon's two years and four months ago."""
    section = coverage_section(InsightPeriod(year=2025), today=TODAY)
    rows = {row["authority"]: row for row in section.table("coverage-by-authority").rows}

    assert (rows[NAMES["merseyside"]]["last_challenge"], rows[NAMES["merseyside"]]["band"]) == (None, "No challenge on record")
    assert rows[NAMES["cumbria"]]["years_since"] == 0
    assert rows[NAMES["avon"]]["years_since"] == 2
    assert rows[NAMES["cleveland"]]["years_since"] == 0
    assert [row["authorities"] for row in section.table("years-since-last-challenge").rows] == [2, 0, 3, 1, 38]


def test_coverage_of_a_region_lists_its_authorities_and_cuts_the_map_to_them(programme):
    section = coverage_section(InsightPeriod(year=2026, year_kind=YearKind.CALENDAR, region=Region.NORTH_EAST), today=TODAY)

    assert section.table("coverage-by-authority").rows == [
        {"authority": NAMES["cleveland"], "region": "North East", "last_challenge": datetime.date(2025, 11, 30),
         "years_since": 1, "band": "1 to 2 years ago"},
        {"authority": NAMES["durham"], "region": "North East", "last_challenge": datetime.date(2023, 12, 4),
         "years_since": 2, "band": "2 to 3 years ago"},
        {"authority": NAMES["northumberland"], "region": "North East", "last_challenge": None,
         "years_since": None, "band": "No challenge on record"},
        {"authority": NAMES["tyne-and-wear"], "region": "North East", "last_challenge": None,
         "years_since": None, "band": "No challenge on record"},
    ]
    assert [row["authorities"] for row in section.table("years-since-last-challenge").rows] == [0, 1, 1, 0, 2]
    assert section.figures["not_challenged_three_years"] == [NAMES["northumberland"], NAMES["tyne-and-wear"]]
    assert (section.figures["authorities"], section.figures["challenged_within_three_years"]) == (4, 2)
    assert [(tile["abbreviation"], tile["col"], tile["row"], tile["band"]) for tile in section.figures["tiles"]] == [
        ("NTHU", 0, 0, "never"), ("TYNE", 0, 1, "never"), ("DURH", 1, 1, "two_to_three"), ("CLEV", 1, 2, "one_to_two"),
    ]
    assert section.figures["grid"] == {"columns": 2, "rows": 3}
    assert section.table("coverage-by-authority").description == (
        "Each current fire and rescue authority in North East, by name, with the last day on site of its latest "
        "delivered challenge on or before 30 November 2026 and the whole years since."
    )


def test_coverage_tiles_place_all_of_england_on_the_whole_map(programme):
    figures = coverage_section(PERIOD, today=TODAY).figures

    assert figures["grid"] == {"columns": 8, "rows": 11}
    assert len(figures["tiles"]) == 44 and figures["without_tile"] == []
    assert figures["tiles"][0]["abbreviation"] == "NTHU" and figures["tiles"][-1]["abbreviation"] == "SCIL"
    assert next(tile for tile in figures["tiles"] if tile["abbreviation"] == "AVON") == {
        "name": NAMES["avon"], "short_name": "Avon", "abbreviation": "AVON", "col": 1, "row": 8,
        "band": "three_or_more", "band_label": "3 years or more ago", "years_since": 3,
        "last_challenge": datetime.date(2023, 11, 30),
    }


def test_coverage_lists_an_authority_the_map_does_not_place_without_a_tile(programme):
    newcomer = AuthorityFactory(name="Aardvarkshire Fire Authority", region=Region.NORTH_EAST)
    section = coverage_section(InsightPeriod(year=2026, region=Region.NORTH_EAST), today=TODAY)

    assert section.figures["without_tile"] == ["Aardvarkshire Fire Authority"]
    assert [tile["name"] for tile in section.figures["tiles"]] == [
        NAMES["northumberland"], NAMES["tyne-and-wear"], NAMES["durham"], NAMES["cleveland"],
    ]
    assert section.figures["authorities"] == 5
    assert section.table("coverage-by-authority").rows[0]["authority"] == newcomer.name


def test_coverage_not_challenged_csv_rows_are_exact(programme):
    table = coverage_section(InsightPeriod(year=2026, region=Region.NORTH_EAST), today=TODAY).table("not-challenged-three-years")

    assert table.csv_header() == [
        "Authority", "Region", "Last day on site of the last challenge", "Whole years since", "Years since the last challenge",
    ]
    assert list(table.csv_rows()) == [
        [NAMES["northumberland"], "North East", "", "", "No challenge on record"],
        [NAMES["tyne-and-wear"], "North East", "", "", "No challenge on record"],
    ]
    assert list(coverage_section(PERIOD, today=TODAY).table("not-challenged-three-years").csv_rows())[-2:] == [
        [NAMES["norfolk"], "East of England", "2015-06-04", "11", "3 years or more ago"],
        [NAMES["avon"], "South West", "2023-11-30", "3", "3 years or more ago"],
    ]


def test_coverage_of_a_region_with_every_authority_challenged_lists_none(db):
    for slug, day in (("cleveland", datetime.date(2026, 5, 7)), ("durham", datetime.date(2025, 1, 9)),
                      ("northumberland", datetime.date(2024, 3, 7)), ("tyne-and-wear", datetime.date(2026, 10, 1))):
        _challenge(slug, day)

    section = coverage_section(InsightPeriod(year=2026, region=Region.NORTH_EAST), today=TODAY)

    assert section.table("not-challenged-three-years").rows == []
    assert section.figures["not_challenged_three_years"] == []
    assert [row["authorities"] for row in section.table("years-since-last-challenge").rows] == [2, 1, 1, 0, 0]


def test_coverage_takes_one_query_however_many_challenges(db, django_assert_num_queries):
    for slug in ("avon", "kent"):
        _challenge(slug, datetime.date(2025, 6, 5))
    with django_assert_num_queries(1):
        coverage_section(PERIOD, today=TODAY)

    for number in range(18):
        _challenge(("avon", "kent", "cumbria")[number % 3], datetime.date(2016 + number % 10, 6, 2))
    with django_assert_num_queries(1):
        section = coverage_section(PERIOD, today=TODAY)
    assert section.figures["challenged_within_three_years"] == 3  # Avon, Kent (2025) and Cumbria (2024)
