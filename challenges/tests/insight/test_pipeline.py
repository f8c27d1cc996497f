"""The pipeline section (challenges/insight/pipeline.py): every figure checked against a
small programme worked out by hand."""

import datetime

import pytest

from authorities.choices import Region
from authorities.models import Authority
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.insight.period import InsightPeriod, YearKind
from challenges.insight.pipeline import pipeline_section
from challenges.tests.factories import ChallengeFactory

pytestmark = pytest.mark.integration

S = ChallengeStatus
T = ChallengeType
TODAY = datetime.date(2026, 5, 20)
FY_2025 = InsightPeriod(year=2025)
CALENDAR_2026 = InsightPeriod(year=2026, year_kind=YearKind.CALENDAR)
TYPES = [t.value for t in ChallengeType]
AVON = "Avon Fire Authority"
CLEVELAND = "Cleveland Fire Authority"
KENT = "Kent and Medway Fire and Rescue Authority"
LANCASHIRE = "Lancashire Combined Fire Authority"
OA = T.OPERATIONAL_ASSESSMENT.label


def _challenge(slug, challenge_type, status, dates=None, second=None, requested_on=datetime.date(2023, 1, 9), **kwargs):
    start, end = dates or (None, None)
    second_start, second_end = second or (None, None)
    if status in (S.POSTPONED, S.CANCELLED):
        kwargs["status_reason"] = "The authority asked to stop."
    return ChallengeFactory(
        authority=Authority.objects.get(slug=slug), challenge_type=challenge_type, status=status, requested_on=requested_on,
        start_date=start, end_date=end, second_start_date=second_start, second_end_date=second_end, **kwargs,
    )


def _d(year, month, day):
    return datetime.date(year, month, day)


def make_programme():
    """Worked out by hand, for the financial year 2025 to 2026 (England):

    counted: Avon's scoping OA requested 1 April 2025 (undated: its request counts); Lancashire's
    published deep dive to 5 June 2025; Cleveland's postponed targeted support requested 5 June
    2025; Kent's requested pre-inspection of 1 September 2025; Avon's cancelled OA to 6 November
    2025; Kent's confirmed OA to 15 January 2026; Avon's closed OA to 15 March 2026 (also the
    calendar year 2026). Not counted: Avon's two-phase leadership challenge, its second phase
    ending 15 April 2026 (so 2026 to 2027, though its first phase was in February); the 2023
    and 2024 challenges.

    In discussion 2 (OA 1, pre-inspection 1), booked 1 (OA), delivered 2 (OA 1, deep dive 1),
    postponed 1 (targeted), cancelled 1 (OA): 7. South West: 1 in discussion, 1 delivered, 1
    cancelled. Calendar year 2026: booked 1 (OA), delivered 2 (OA 1, leadership 1)."""
    _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.CLOSED, (_d(2026, 3, 12), _d(2026, 3, 15)))
    _challenge("lancashire", T.DEEP_DIVE, S.PUBLISHED, (_d(2025, 6, 2), _d(2025, 6, 5)))
    _challenge("kent", T.PRE_INSPECTION, S.REQUESTED, requested_on=_d(2025, 9, 1))
    _challenge(
        "avon", T.LEADERSHIP_GOVERNANCE, S.FEEDBACK_GIVEN, (_d(2026, 2, 23), _d(2026, 2, 26)), (_d(2026, 4, 13), _d(2026, 4, 15)),
    )
    # Created after Lancashire's and counted on the same day: the authorities' names order them.
    _challenge("cleveland", T.TARGETED, S.POSTPONED, requested_on=_d(2025, 6, 5))
    _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.CANCELLED, (_d(2025, 11, 3), _d(2025, 11, 6)))
    _challenge("kent", T.OPERATIONAL_ASSESSMENT, S.CONFIRMED, (_d(2026, 1, 12), _d(2026, 1, 15)))
    _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.SCOPING, requested_on=_d(2025, 4, 1))
    _challenge("lancashire", T.TARGETED, S.REPORT_DRAFTING, (_d(2023, 7, 10), _d(2023, 7, 13)))
    _challenge("avon", T.DEEP_DIVE, S.CLOSED, (_d(2024, 3, 18), _d(2024, 3, 22)))


def _by_type(oa=0, deep_dive=0, pre_inspection=0, leadership=0, targeted=0):
    return dict(zip(TYPES, (oa, deep_dive, pre_inspection, leadership, targeted), strict=True))


def _counted(label_key, label, **types):
    by_type = _by_type(**types)
    return {label_key: label, **by_type, "total": sum(by_type.values())}


def test_challenges_by_stage_for_a_financial_year(db):
    make_programme()

    table = pipeline_section(FY_2025, today=TODAY).table("challenges-by-stage")

    assert table.rows == [
        _counted("stage", "In discussion", oa=1, pre_inspection=1),
        _counted("stage", "Booked", oa=1),
        _counted("stage", "Delivered", oa=1, deep_dive=1),
        _counted("stage", "Postponed", targeted=1),
        _counted("stage", "Cancelled", oa=1),
    ]
    assert table.csv_header() == [
        "Stage", OA, "Deep-dive themed peer challenge", "Pre-inspection peer support",
        "Leadership and governance peer challenge", "Targeted peer support", "Total",
    ]
    assert list(table.csv_rows()) == [
        ["In discussion", "1", "0", "1", "0", "0", "2"],
        ["Booked", "1", "0", "0", "0", "0", "1"],
        ["Delivered", "1", "1", "0", "0", "0", "2"],
        ["Postponed", "0", "0", "0", "0", "1", "1"],
        ["Cancelled", "1", "0", "0", "0", "0", "1"],
    ]
    assert (table.chart.label, table.chart.values) == ("stage", ("total",))
    assert table.description == (
        "Challenges counted in the financial year 2025 to 2026 in England, by stage and type of challenge. A challenge "
        "counts in the year of its last day on site, or of its request while it has no dates."
    )


def test_challenges_by_stage_for_a_calendar_year(db):
    """The closed OA whose last day was 15 March 2026 counts in 2026, as does the two-phase
    challenge whose second phase ended in April; nothing undated was requested in 2026."""
    make_programme()

    section = pipeline_section(CALENDAR_2026, today=TODAY)

    assert section.table("challenges-by-stage").rows == [
        _counted("stage", "In discussion"),
        _counted("stage", "Booked", oa=1),
        _counted("stage", "Delivered", oa=1, leadership=1),
        _counted("stage", "Postponed"),
        _counted("stage", "Cancelled"),
    ]
    assert [row[:2] + row[5:] for row in section.table("challenges-in-period").csv_rows()] == [
        [KENT, "South East", "2026-01-12", "2026-01-15"],
        [AVON, "South West", "2026-03-12", "2026-03-15"],
        [AVON, "South West", "2026-02-23", "2026-04-15"],
    ]


def test_financial_year_2026_counts_the_two_phase_challenge_by_its_second_phase(db):
    make_programme()

    section = pipeline_section(InsightPeriod(year=2026), today=TODAY)

    assert {key: section.figures[key] for key in ("in_discussion", "booked", "delivered", "total")} == {
        "in_discussion": 0, "booked": 0, "delivered": 1, "total": 1,
    }
    assert section.figures["by_type"][3] == {
        "type": "leadership_governance", "label": "Leadership and governance peer challenge",
        "in_discussion": 0, "booked": 0, "delivered": 1,
    }


def test_challenges_by_status_one_row_per_status_in_order(db):
    make_programme()

    table = pipeline_section(FY_2025, today=TODAY).table("challenges-by-status")

    assert table.rows == [
        _counted("status", "Requested", pre_inspection=1),
        _counted("status", "Scoping", oa=1),
        _counted("status", "Confirmed", oa=1),
        _counted("status", "On site"),
        _counted("status", "Feedback given"),
        _counted("status", "Report drafting"),
        _counted("status", "Factual accuracy check"),
        _counted("status", "Report published", deep_dive=1),
        _counted("status", "Progress review"),
        _counted("status", "Closed", oa=1),
        _counted("status", "Postponed", targeted=1),
        _counted("status", "Cancelled", oa=1),
    ]
    assert [column.key for column in table.columns] == ["status", *TYPES, "total"]


def test_challenges_by_region_every_region_in_order_without_stopped_challenges(db):
    make_programme()

    table = pipeline_section(FY_2025, today=TODAY).table("challenges-by-region")

    def row(region, in_discussion=0, booked=0, delivered=0):
        return {
            "region": region, "in_discussion": in_discussion, "booked": booked, "delivered": delivered,
            "total": in_discussion + booked + delivered,
        }

    assert table.rows == [
        row("North East"),  # Cleveland's challenge is postponed
        row("North West", delivered=1),
        row("Yorkshire and the Humber"),
        row("East Midlands"),
        row("West Midlands"),
        row("East of England"),
        row("London"),
        row("South East", in_discussion=1, booked=1),
        row("South West", in_discussion=1, delivered=1),  # and a cancelled one, left out
    ]


def test_delivered_per_year_financial_from_the_first_year_to_the_periods(db):
    """Newest first; 2024 to 2025 had none but is a row; the two-phase challenge delivered in
    2026 to 2027 is after the period; Avon's of March 2024 is in 2023 to 2024."""
    make_programme()

    table = pipeline_section(FY_2025, today=TODAY).table("delivered-per-year")

    assert table.rows == [
        _counted("year", "2025 to 2026", oa=1, deep_dive=1),
        _counted("year", "2024 to 2025"),
        _counted("year", "2023 to 2024", deep_dive=1, targeted=1),
    ]
    assert (table.chart.label, table.chart.values) == ("year", ("total",))
    assert list(table.csv_rows())[0] == ["2025 to 2026", "1", "1", "0", "0", "0", "2"]


def test_delivered_per_year_calendar(db):
    make_programme()

    table = pipeline_section(CALENDAR_2026, today=TODAY).table("delivered-per-year")

    assert table.rows == [
        _counted("year", "2026", oa=1, leadership=1),
        _counted("year", "2025", deep_dive=1),
        _counted("year", "2024", deep_dive=1),
        _counted("year", "2023", targeted=1),
    ]


def test_challenges_in_period_by_the_day_they_count_then_authority(db):
    make_programme()

    table = pipeline_section(FY_2025, today=TODAY).table("challenges-in-period")

    assert table.csv_header() == [
        "Authority", "Region", "Type of challenge", "Status", "Stage", "First day on site", "Last day on site",
    ]
    assert list(table.csv_rows()) == [
        [AVON, "South West", OA, "Scoping", "In discussion", "", ""],
        [CLEVELAND, "North East", "Targeted peer support", "Postponed", "Postponed", "", ""],
        [LANCASHIRE, "North West", "Deep-dive themed peer challenge", "Report published", "Delivered", "2025-06-02", "2025-06-05"],
        [KENT, "South East", "Pre-inspection peer support", "Requested", "In discussion", "", ""],
        [AVON, "South West", OA, "Cancelled", "Cancelled", "2025-11-03", "2025-11-06"],
        [KENT, "South East", OA, "Confirmed", "Booked", "2026-01-12", "2026-01-15"],
        [AVON, "South West", OA, "Closed", "Delivered", "2026-03-12", "2026-03-15"],
    ]
    assert table.rows[-1]["last_day"] == datetime.date(2026, 3, 15)
    assert table.rows[0]["start_date"] is None


def test_figures_for_a_financial_year(db):
    make_programme()

    figures = pipeline_section(FY_2025, today=TODAY).figures

    def live(in_discussion=0, booked=0, delivered=0):
        return {"in_discussion": in_discussion, "booked": booked, "delivered": delivered}

    assert figures == {
        "in_discussion": 2, "booked": 1, "delivered": 2, "postponed": 1, "cancelled": 1, "total": 7,
        "by_type": [
            {"type": "operational_assessment", "label": OA, **live(1, 1, 1)},
            {"type": "deep_dive", "label": "Deep-dive themed peer challenge", **live(delivered=1)},
            {"type": "pre_inspection", "label": "Pre-inspection peer support", **live(in_discussion=1)},
            {"type": "leadership_governance", "label": "Leadership and governance peer challenge", **live()},
            {"type": "targeted", "label": "Targeted peer support", **live()},
        ],
        "by_region": [
            {"region": "north_east", "label": "North East", **live()},
            {"region": "north_west", "label": "North West", **live(delivered=1)},
            {"region": "yorkshire_and_the_humber", "label": "Yorkshire and the Humber", **live()},
            {"region": "east_midlands", "label": "East Midlands", **live()},
            {"region": "west_midlands", "label": "West Midlands", **live()},
            {"region": "east_of_england", "label": "East of England", **live()},
            {"region": "london", "label": "London", **live()},
            {"region": "south_east", "label": "South East", **live(1, 1)},
            {"region": "south_west", "label": "South West", **live(in_discussion=1, delivered=1)},
        ],
    }


def test_a_region_narrows_every_table_and_figure(db):
    make_programme()

    section = pipeline_section(InsightPeriod(year=2025, region=Region.SOUTH_WEST), today=TODAY)

    assert section.table("challenges-by-stage").rows == [
        _counted("stage", "In discussion", oa=1),
        _counted("stage", "Booked"),
        _counted("stage", "Delivered", oa=1),
        _counted("stage", "Postponed"),
        _counted("stage", "Cancelled", oa=1),
    ]
    assert section.table("challenges-by-region").rows == [
        {"region": "South West", "in_discussion": 1, "booked": 0, "delivered": 1, "total": 2},
    ]
    assert section.table("delivered-per-year").rows == [
        _counted("year", "2025 to 2026", oa=1),
        _counted("year", "2024 to 2025"),
        _counted("year", "2023 to 2024", deep_dive=1),
    ]
    assert [row[:4] for row in section.table("challenges-in-period").csv_rows()] == [
        [AVON, "South West", OA, "Scoping"],
        [AVON, "South West", OA, "Cancelled"],
        [AVON, "South West", OA, "Closed"],
    ]
    assert {key: section.figures[key] for key in ("in_discussion", "booked", "delivered", "postponed", "cancelled", "total")} == {
        "in_discussion": 1, "booked": 0, "delivered": 1, "postponed": 0, "cancelled": 1, "total": 3,
    }
    assert section.figures["by_region"] == [
        {"region": "south_west", "label": "South West", "in_discussion": 1, "booked": 0, "delivered": 1},
    ]


def test_a_region_with_no_challenges_has_zeros_and_empty_tables(db):
    make_programme()

    section = pipeline_section(InsightPeriod(year=2025, region=Region.LONDON), today=TODAY)

    assert section.figures["total"] == 0
    assert [row["total"] for row in section.table("challenges-by-stage").rows] == [0, 0, 0, 0, 0]
    assert section.table("delivered-per-year").rows == []
    assert section.table("challenges-in-period").rows == []


def _more_challenges(count):
    """`count` more challenges over ten years, regions, types and stages."""
    slugs = ["avon", "kent", "lancashire", "cleveland", "surrey"]
    statuses = [S.CLOSED, S.REQUESTED, S.CONFIRMED, S.POSTPONED, S.PUBLISHED]
    for n in range(count):
        status = statuses[n % len(statuses)]
        dated = status not in (S.REQUESTED, S.POSTPONED)
        day = _d(2016 + n % 10, 1 + n % 12, 5)
        _challenge(
            slugs[n % len(slugs)], TYPES[n % len(TYPES)], status,
            (day, day + datetime.timedelta(days=3)) if dated else None, requested_on=day,
        )


@pytest.mark.parametrize("period", [FY_2025, InsightPeriod(year=2025, region=Region.SOUTH_WEST), CALENDAR_2026])
def test_pipeline_in_three_queries_whatever_the_data(db, django_assert_num_queries, period):
    make_programme()
    with django_assert_num_queries(3):
        pipeline_section(period, today=TODAY)
    _more_challenges(20)

    with django_assert_num_queries(3):
        section = pipeline_section(period, today=TODAY)

    assert sum(row["total"] for row in section.table("delivered-per-year").rows) > 0
