"""The themes across the reports (challenges/insight/themes.py), checked against figures
worked out by hand on a small data set."""

import datetime

import pytest

from authorities.choices import Region
from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory
from challenges.choices import ChallengeStatus, FindingArea, FindingKind, FindingState
from challenges.insight.period import InsightPeriod, YearKind
from challenges.insight.themes import themes_section
from challenges.tests.factories import ChallengeFactory, FindingFactory

pytestmark = pytest.mark.integration

TODAY = datetime.date(2026, 6, 1)
STRENGTH, CONSIDERATION = FindingKind.STRENGTH, FindingKind.AREA_FOR_CONSIDERATION
FINANCIAL_2025 = InsightPeriod(year=2025, year_kind=YearKind.FINANCIAL)
CALENDAR_2025 = InsightPeriod(year=2025, year_kind=YearKind.CALENDAR)


def _challenge(slug, end, status=ChallengeStatus.PUBLISHED, findings=(), **kwargs):
    """A challenge at the authority on site for the three days to `end`, with accepted
    findings given as (kind, area, how many)."""
    challenge = ChallengeFactory(
        authority=Authority.objects.get(slug=slug), status=status,
        start_date=end - datetime.timedelta(days=2), end_date=end, **kwargs,
    )
    recorded_by = LgaAdminFactory()
    for kind, area, number in findings:
        FindingFactory.create_batch(number, challenge=challenge, kind=kind, area=area, recorded_by=recorded_by)
    return challenge


def make_themes_data():
    """Worked out by hand. Avon is in the South West, Kent in the South East, Lancashire in
    the North West. Each challenge's last day on site, and what it is:

    Avon 12 June 2025 (published), Lancashire 20 February 2026 (closed), Kent 10 April 2025
    (progress review; a second phase after 5 March), Avon 10 September 2025 (report still
    being drafted: never counted), Lancashire 14 February 2025, Avon 10 May 2022, Kent
    3 November 2020 (before any five years here), Avon 5 May 2026 (after), Avon 1 July 2025
    (published, no findings).

    Financial year 2025 to 2026: the reports of June 2025, February 2026, April 2025 and July
    2025: 4. Areas for consideration: protection 2, prevention 1, response 1, governance 1;
    strengths: prevention 2, response 2, protection 1, governance 1.

    Calendar year 2025: June, April, February 2025 and July: 4 reports. Areas for
    consideration: protection 2, prevention 2, response 1; strengths: prevention 2,
    response 2, leadership 2.

    Only accepted strengths and areas for consideration count: June 2025 also holds a
    recommendation, notable practice, a draft and a rejected area for consideration."""
    june = _challenge("avon", datetime.date(2025, 6, 12), findings=[
        (CONSIDERATION, FindingArea.PROTECTION, 2), (CONSIDERATION, FindingArea.PREVENTION, 1),
        (STRENGTH, FindingArea.PREVENTION, 2), (STRENGTH, FindingArea.RESPONSE, 1),
        (FindingKind.RECOMMENDATION, FindingArea.PROTECTION, 1), (FindingKind.NOTABLE_PRACTICE, FindingArea.PREVENTION, 1),
    ])
    FindingFactory(challenge=june, kind=CONSIDERATION, area=FindingArea.PROTECTION, state=FindingState.DRAFT)
    FindingFactory(
        challenge=june, kind=CONSIDERATION, area=FindingArea.GOVERNANCE, state=FindingState.REJECTED,
        rejection_reason="Not what the team found",
    )
    _challenge("lancashire", datetime.date(2026, 2, 20), ChallengeStatus.CLOSED, findings=[
        (CONSIDERATION, FindingArea.GOVERNANCE, 1), (STRENGTH, FindingArea.GOVERNANCE, 1), (STRENGTH, FindingArea.PROTECTION, 1),
    ])
    _challenge(
        "kent", datetime.date(2025, 3, 5), ChallengeStatus.PROGRESS_REVIEW,
        second_start_date=datetime.date(2025, 4, 8), second_end_date=datetime.date(2025, 4, 10),
        findings=[(CONSIDERATION, FindingArea.RESPONSE, 1), (STRENGTH, FindingArea.RESPONSE, 1)],
    )
    _challenge("avon", datetime.date(2025, 9, 10), ChallengeStatus.REPORT_DRAFTING, findings=[
        (CONSIDERATION, FindingArea.PROTECTION, 3),
    ])
    _challenge("lancashire", datetime.date(2025, 2, 14), findings=[
        (CONSIDERATION, FindingArea.PREVENTION, 1), (STRENGTH, FindingArea.LEADERSHIP, 2),
    ])
    _challenge("avon", datetime.date(2022, 5, 10), findings=[(CONSIDERATION, FindingArea.PROTECTION, 1)])
    _challenge("kent", datetime.date(2020, 11, 3), findings=[(STRENGTH, FindingArea.PREVENTION, 1)])
    _challenge("avon", datetime.date(2026, 5, 5), findings=[(CONSIDERATION, FindingArea.PREVENTION, 4)])
    _challenge("avon", datetime.date(2025, 7, 1))


def _by_area(*rows):
    return [{"area": area, "strengths": strengths, "areas_for_consideration": considerations} for area, strengths, considerations in rows]


def _over_time(years, *rows):
    return [{"area": area, **{f"y{year}": count for year, count in zip(years, counts)}} for area, counts in rows]


def _figure(*counts):
    return [{"area": area.value, "label": area.label, "count": count} for area, count in counts]


def test_themes_of_a_financial_year(db):
    make_themes_data()

    section = themes_section(FINANCIAL_2025, today=TODAY)

    assert (section.slug, section.title) == ("themes", "Learning points: themes across the reports")
    assert [table.slug for table in section.tables] == ["themes-by-area", "areas-for-consideration-over-time", "strengths-over-time"]
    # Most areas for consideration first; prevention and response tie on both and keep the framework's order.
    assert section.table("themes-by-area").rows == _by_area(
        ("Protection", 1, 2), ("Prevention", 2, 1), ("Response", 2, 1), ("Governance", 1, 1),
    )
    assert section.figures == {
        "reports": 4,
        "strengths": _figure(
            (FindingArea.PREVENTION, 2), (FindingArea.RESPONSE, 2), (FindingArea.PROTECTION, 1), (FindingArea.GOVERNANCE, 1),
        ),
        "areas_for_consideration": _figure(
            (FindingArea.PROTECTION, 2), (FindingArea.PREVENTION, 1), (FindingArea.RESPONSE, 1), (FindingArea.GOVERNANCE, 1),
        ),
    }


def test_themes_of_a_calendar_year(db):
    make_themes_data()

    section = themes_section(CALENDAR_2025, today=TODAY)

    # Protection and prevention tie on areas for consideration: prevention, with more strengths, first.
    assert section.table("themes-by-area").rows == _by_area(
        ("Prevention", 2, 2), ("Protection", 0, 2), ("Response", 2, 1), ("Leadership", 2, 0),
    )
    assert section.figures == {
        "reports": 4,
        "strengths": _figure((FindingArea.PREVENTION, 2), (FindingArea.RESPONSE, 2), (FindingArea.LEADERSHIP, 2)),
        # In the figures a tie keeps the framework's order: prevention before protection.
        "areas_for_consideration": _figure((FindingArea.PREVENTION, 2), (FindingArea.PROTECTION, 2), (FindingArea.RESPONSE, 1)),
    }


def test_themes_over_five_financial_years(db):
    make_themes_data()

    section = themes_section(FINANCIAL_2025, today=TODAY)

    considerations = section.table("areas-for-consideration-over-time")
    years = [2021, 2022, 2023, 2024, 2025]
    assert [(column.key, column.heading, column.numeric) for column in considerations.columns] == [
        ("area", "Area", False), *((f"y{year}", f"{year} to {year + 1}", True) for year in years),
    ]
    # Most over the five years first; Kent's strength of November 2020 is before them, May 2026 after.
    assert considerations.rows == _over_time(
        years, ("Protection", (0, 1, 0, 0, 2)), ("Prevention", (0, 0, 0, 1, 1)), ("Response", (0, 0, 0, 0, 1)),
        ("Governance", (0, 0, 0, 0, 1)),
    )
    assert section.table("strengths-over-time").rows == _over_time(
        years, ("Prevention", (0, 0, 0, 0, 2)), ("Response", (0, 0, 0, 0, 2)), ("Leadership", (0, 0, 0, 2, 0)),
        ("Protection", (0, 0, 0, 0, 1)), ("Governance", (0, 0, 0, 0, 1)),
    )


def test_themes_over_five_calendar_years(db):
    make_themes_data()

    section = themes_section(CALENDAR_2025, today=TODAY)

    considerations = section.table("areas-for-consideration-over-time")
    years = [2021, 2022, 2023, 2024, 2025]
    assert [(column.key, column.heading) for column in considerations.columns] == [
        ("area", "Area"), *((f"y{year}", str(year)) for year in years),
    ]
    assert considerations.rows == _over_time(
        years, ("Protection", (0, 1, 0, 0, 2)), ("Prevention", (0, 0, 0, 0, 2)), ("Response", (0, 0, 0, 0, 1)),
    )
    assert section.table("strengths-over-time").rows == _over_time(
        years, ("Prevention", (0, 0, 0, 0, 2)), ("Response", (0, 0, 0, 0, 2)), ("Leadership", (0, 0, 0, 0, 2)),
    )


def test_themes_of_one_region(db):
    make_themes_data()

    section = themes_section(InsightPeriod(year=2025, region=Region.SOUTH_WEST), today=TODAY)

    # Avon's alone: June and July 2025 this year, and May 2022's report before; not the draft.
    assert section.figures["reports"] == 2
    assert section.table("themes-by-area").rows == _by_area(("Protection", 0, 2), ("Prevention", 2, 1), ("Response", 1, 0))
    years = [2021, 2022, 2023, 2024, 2025]
    assert section.table("areas-for-consideration-over-time").rows == _over_time(
        years, ("Protection", (0, 1, 0, 0, 2)), ("Prevention", (0, 0, 0, 0, 1)),
    )
    assert section.table("strengths-over-time").rows == _over_time(
        years, ("Prevention", (0, 0, 0, 0, 2)), ("Response", (0, 0, 0, 0, 1)),
    )


def test_themes_of_a_period_with_no_reports(db):
    make_themes_data()

    section = themes_section(InsightPeriod(year=2025, region=Region.LONDON), today=TODAY)

    assert [table.rows for table in section.tables] == [[], [], []]
    assert section.figures == {"reports": 0, "strengths": [], "areas_for_consideration": []}


def test_themes_by_area_chart_and_csv_rows(db):
    make_themes_data()

    table = themes_section(FINANCIAL_2025, today=TODAY).table("themes-by-area")

    assert (table.chart.label, table.chart.values) == ("area", ("strengths", "areas_for_consideration"))
    assert table.csv_header() == ["Area", "Strengths", "Areas for consideration"]
    assert list(table.csv_rows()) == [["Protection", "1", "2"], ["Prevention", "2", "1"], ["Response", "2", "1"], ["Governance", "1", "1"]]


def test_themes_over_time_chart_and_csv_rows(db):
    make_themes_data()

    table = themes_section(CALENDAR_2025, today=TODAY).table("strengths-over-time")

    # A bar for each year, told apart by pattern and legend, in each area's group.
    assert (table.chart.label, table.chart.values) == ("area", ("y2021", "y2022", "y2023", "y2024", "y2025"))

    assert table.csv_header() == ["Area", "2021", "2022", "2023", "2024", "2025"]
    assert list(table.csv_rows()) == [
        ["Prevention", "0", "0", "0", "0", "2"], ["Response", "0", "0", "0", "0", "2"], ["Leadership", "0", "0", "0", "0", "2"],
    ]


def _more_reports(first, number):
    """`number` more published reports at Lancashire, each with findings, four weeks apart
    from the `first`th after 5 January 2024 (none meets another of its visits)."""
    for index in range(first, first + number):
        _challenge(
            "lancashire", datetime.date(2024, 1, 5) + datetime.timedelta(weeks=4 * index),
            findings=[(CONSIDERATION, FindingArea.PREPAREDNESS, 1), (STRENGTH, FindingArea.TRAINING_DEVELOPMENT, 2)],
        )


@pytest.mark.parametrize("period", [FINANCIAL_2025, CALENDAR_2025, InsightPeriod(year=2025, region=Region.NORTH_WEST)])
def test_themes_in_two_queries_however_many_reports(db, django_assert_num_queries, period):
    make_themes_data()
    _more_reports(0, 2)
    with django_assert_num_queries(2):
        few = themes_section(period, today=TODAY)
    _more_reports(2, 20)

    with django_assert_num_queries(2):
        many = themes_section(period, today=TODAY)

    assert many.figures["reports"] > few.figures["reports"]
