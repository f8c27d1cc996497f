"""The evaluation results (challenges/insight/evaluations.py), checked against figures worked
out by hand on a small data set."""

import datetime

import pytest

from authorities.choices import Region
from authorities.models import Authority
from challenges.choices import ChallengeStatus
from challenges.insight.evaluations import evaluations_section
from challenges.insight.period import InsightPeriod, YearKind
from challenges.tests.factories import ChallengeFactory, EvaluationFactory

pytestmark = pytest.mark.integration

TODAY = datetime.date(2026, 6, 1)
FIELDS = ("preparation_rating", "team_rating", "feedback_rating", "report_rating")
QUESTIONS = (
    "How well was the challenge prepared?",
    "How good was the peer team?",
    "How useful was the feedback on the last day on site?",
    "How useful is the report?",
)
FINANCIAL_2025 = InsightPeriod(year=2025, year_kind=YearKind.FINANCIAL)
CALENDAR_2025 = InsightPeriod(year=2025, year_kind=YearKind.CALENDAR)
NO_AVERAGES = (None, None, None, None)


def _challenge(slug, end, *answers, unanswered=0, status=ChallengeStatus.PUBLISHED):
    """A challenge at the authority on site for the three days to `end`, with an answered
    evaluation for each tuple of ratings of `answers` and `unanswered` invitations."""
    challenge = ChallengeFactory(
        authority=Authority.objects.get(slug=slug), status=status, start_date=end - datetime.timedelta(days=2), end_date=end,
    )
    for ratings in answers:
        EvaluationFactory(challenge=challenge, answered=True, **dict(zip(FIELDS, ratings)))
    EvaluationFactory.create_batch(unanswered, challenge=challenge)
    return challenge


def make_evaluation_data():
    """Worked out by hand. Avon is in the South West, Kent in the South East, Lancashire in
    the North West.

    Avon, 12 June 2025: (5, 4, 3, 2), (3, 4, 5, 4) and one not answered. Lancashire (closed),
    20 February 2026: (4, 1, 4, 3) and one not answered. Kent, 14 February 2025: (4, 4, 4, 3).
    Avon, 1 September 2022: (1, 3, 5, 5). Avon, 5 May 2026: (5, 5, 5, 5).

    Financial year 2025 to 2026: June 2025 and February 2026: 2 challenges, 5 invited,
    3 answered, averages 12/3 = 4.0, 9/3 = 3.0, 12/3 = 4.0, 9/3 = 3.0.
    Calendar year 2025: June and February 2025: 2 challenges, 4 invited, 3 answered, averages
    12/3 = 4.0, 12/3 = 4.0, 12/3 = 4.0, 9/3 = 3.0."""
    _challenge("avon", datetime.date(2025, 6, 12), (5, 4, 3, 2), (3, 4, 5, 4), unanswered=1)
    _challenge("lancashire", datetime.date(2026, 2, 20), (4, 1, 4, 3), unanswered=1, status=ChallengeStatus.CLOSED)
    _challenge("kent", datetime.date(2025, 2, 14), (4, 4, 4, 3))
    _challenge("avon", datetime.date(2022, 9, 1), (1, 3, 5, 5))
    _challenge("avon", datetime.date(2026, 5, 5), (5, 5, 5, 5))


def _year(label, challenges, invited, answered, averages):
    return {"year": label, "challenges": challenges, "invited": invited, "answered": answered, **dict(zip(FIELDS, averages))}


def _this_period(answers, averages):
    return [{"question": question, "average": average, "answers": answers} for question, average in zip(QUESTIONS, averages)]


def _figures(label, challenges, invited, answered, averages):
    return {
        "label": label, "challenges": challenges, "invited": invited, "answered": answered,
        "averages": dict(zip(FIELDS, averages)),
        "questions": [
            {"field": field, "question": question, "average": average} for field, question, average in zip(FIELDS, QUESTIONS, averages)
        ],
    }


def test_evaluations_of_a_financial_year(db):
    make_evaluation_data()

    section = evaluations_section(FINANCIAL_2025, today=TODAY)

    assert (section.slug, section.title) == ("evaluations", "Evaluation results")
    assert [table.slug for table in section.tables] == ["evaluation-by-year", "evaluation-this-period"]
    # From the first year anyone was asked to the period's, newest first; 2023 had none,
    # and May 2026 is after the period.
    assert section.table("evaluation-by-year").rows == [
        _year("2025 to 2026", 2, 5, 3, (4.0, 3.0, 4.0, 3.0)),
        _year("2024 to 2025", 1, 1, 1, (4.0, 4.0, 4.0, 3.0)),
        _year("2023 to 2024", 0, 0, 0, NO_AVERAGES),
        _year("2022 to 2023", 1, 1, 1, (1.0, 3.0, 5.0, 5.0)),
    ]
    assert section.table("evaluation-this-period").rows == _this_period(3, (4.0, 3.0, 4.0, 3.0))
    assert section.figures == _figures("2025 to 2026", 2, 5, 3, (4.0, 3.0, 4.0, 3.0))


def test_evaluations_of_a_calendar_year(db):
    make_evaluation_data()

    section = evaluations_section(CALENDAR_2025, today=TODAY)

    by_year = section.table("evaluation-by-year")
    assert by_year.column("year").heading == "Calendar year"
    assert by_year.rows == [
        _year("2025", 2, 4, 3, (4.0, 4.0, 4.0, 3.0)),
        _year("2024", 0, 0, 0, NO_AVERAGES),
        _year("2023", 0, 0, 0, NO_AVERAGES),
        _year("2022", 1, 1, 1, (1.0, 3.0, 5.0, 5.0)),
    ]
    assert section.table("evaluation-this-period").rows == _this_period(3, (4.0, 4.0, 4.0, 3.0))
    assert section.figures == _figures("2025", 2, 4, 3, (4.0, 4.0, 4.0, 3.0))


def test_evaluations_of_one_region(db):
    make_evaluation_data()

    south_west = evaluations_section(InsightPeriod(year=2025, region=Region.SOUTH_WEST), today=TODAY)
    north_west = evaluations_section(InsightPeriod(year=2026, year_kind=YearKind.CALENDAR, region=Region.NORTH_WEST), today=TODAY)

    assert south_west.table("evaluation-by-year").rows == [
        _year("2025 to 2026", 1, 3, 2, (4.0, 4.0, 4.0, 3.0)),
        _year("2024 to 2025", 0, 0, 0, NO_AVERAGES),
        _year("2023 to 2024", 0, 0, 0, NO_AVERAGES),
        _year("2022 to 2023", 1, 1, 1, (1.0, 3.0, 5.0, 5.0)),
    ]
    assert south_west.figures == _figures("2025 to 2026", 1, 3, 2, (4.0, 4.0, 4.0, 3.0))
    # The North West's first evaluation is of 2026: the table starts there.
    assert north_west.table("evaluation-by-year").rows == [_year("2026", 1, 2, 1, (4.0, 1.0, 4.0, 3.0))]
    assert north_west.figures == _figures("2026", 1, 2, 1, (4.0, 1.0, 4.0, 3.0))


def test_evaluations_of_a_region_no_one_was_asked_in(db):
    make_evaluation_data()

    section = evaluations_section(InsightPeriod(year=2025, region=Region.LONDON), today=TODAY)

    assert section.table("evaluation-by-year").rows == []
    assert section.table("evaluation-this-period").rows == _this_period(0, NO_AVERAGES)
    assert section.figures == _figures("2025 to 2026", 0, 0, 0, NO_AVERAGES)


def test_evaluations_before_anyone_answered_have_no_averages(db):
    _challenge("avon", datetime.date(2025, 6, 12), unanswered=2)

    section = evaluations_section(FINANCIAL_2025, today=TODAY)

    assert section.table("evaluation-by-year").rows == [_year("2025 to 2026", 1, 2, 0, NO_AVERAGES)]
    assert section.figures == _figures("2025 to 2026", 1, 2, 0, NO_AVERAGES)
    assert list(section.table("evaluation-this-period").csv_rows()) == [[question, "", "0"] for question in QUESTIONS]


def test_evaluations_before_the_first_year_anyone_was_asked(db):
    make_evaluation_data()

    section = evaluations_section(InsightPeriod(year=2021), today=TODAY)

    assert section.table("evaluation-by-year").rows == []
    assert section.figures == _figures("2021 to 2022", 0, 0, 0, NO_AVERAGES)


def test_evaluation_by_year_csv_rows(db):
    make_evaluation_data()

    table = evaluations_section(FINANCIAL_2025, today=TODAY).table("evaluation-by-year")

    assert table.csv_header() == ["Financial year", "Challenges", "Invited", "Answered", *QUESTIONS]
    assert list(table.csv_rows()) == [
        ["2025 to 2026", "2", "5", "3", "4.0", "3.0", "4.0", "3.0"],
        ["2024 to 2025", "1", "1", "1", "4.0", "4.0", "4.0", "3.0"],
        ["2023 to 2024", "0", "0", "0", "", "", "", ""],
        ["2022 to 2023", "1", "1", "1", "1.0", "3.0", "5.0", "5.0"],
    ]


def test_evaluation_this_period_chart_and_csv_rows(db):
    make_evaluation_data()

    table = evaluations_section(CALENDAR_2025, today=TODAY).table("evaluation-this-period")

    assert (table.chart.label, table.chart.values) == ("question", ("average",))
    assert table.csv_header() == ["Question", "Average rating", "Answers"]
    assert list(table.csv_rows()) == [
        [QUESTIONS[0], "4.0", "3"], [QUESTIONS[1], "4.0", "3"], [QUESTIONS[2], "4.0", "3"], [QUESTIONS[3], "3.0", "3"],
    ]


def _more_evaluations(first, number):
    """`number` more challenges at Lancashire, four weeks apart from the `first`th after
    5 January 2024 (none meets another of its visits), each with three answers and one
    invitation not answered."""
    for index in range(first, first + number):
        _challenge("lancashire", datetime.date(2024, 1, 5) + datetime.timedelta(weeks=4 * index), *[(3, 3, 3, 3)] * 3, unanswered=1)


@pytest.mark.parametrize("period", [FINANCIAL_2025, CALENDAR_2025, InsightPeriod(year=2025, region=Region.NORTH_WEST)])
def test_evaluations_in_one_query_however_many_answers(db, django_assert_num_queries, period):
    make_evaluation_data()
    _more_evaluations(0, 2)
    with django_assert_num_queries(1):
        few = evaluations_section(period, today=TODAY)
    _more_evaluations(2, 20)

    with django_assert_num_queries(1):
        many = evaluations_section(period, today=TODAY)

    assert many.figures["invited"] > few.figures["invited"]
