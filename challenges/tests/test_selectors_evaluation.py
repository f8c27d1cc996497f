"""Reads of the evaluation (challenges/selectors/evaluation.py): one challenge's figures and
answers, and the yearly summary the committee report reuses, checked against figures worked
out by hand."""

import datetime

import pytest

from authorities.choices import Region
from authorities.models import Authority
from challenges.choices import ChallengeStatus, EvaluationRole
from challenges.insight.period import YearKind
from challenges.selectors.evaluation import (
    evaluation_figures,
    evaluation_summary_by_year,
    evaluations_for_challenge,
    financial_year_label,
)
from challenges.templatetags.evaluation_tags import one_decimal

from .factories import ChallengeFactory, EvaluationFactory

pytestmark = pytest.mark.integration

FIELDS = ("preparation_rating", "team_rating", "feedback_rating", "report_rating")


def _answer(challenge, ratings=None, **kwargs):
    if ratings is None:
        return EvaluationFactory(challenge=challenge, **kwargs)
    return EvaluationFactory(challenge=challenge, answered=True, **dict(zip(FIELDS, ratings)), **kwargs)


def _challenge(slug, start, end, **kwargs):
    return ChallengeFactory(
        authority=Authority.objects.get(slug=slug), status=ChallengeStatus.PUBLISHED, start_date=start, end_date=end, **kwargs
    )


def make_summary_data():
    """Worked out by hand:

    2025 to 2026: Avon, on site to 11 March 2026: answers (5, 4, 3, 2) and (4, 4, 4, 4), one
    not answered: 1 challenge, 3 invited, 2 answered, averages 4.5, 4.0, 3.5, 3.0.

    2026 to 2027: Avon, on site in March 2026 and again to 15 April 2026 (its second phase
    decides): (5, 5, 5, 5) and two not answered; Lancashire (North West), June 2026:
    (1, 2, 3, 5). 2 challenges, 4 invited, 2 answered, averages 3.0, 3.5, 4.0, 5.0; for the
    South West alone 1 challenge, 3 invited, 1 answered, 5.0 each; for the North West 1, 1, 1,
    and 1.0, 2.0, 3.0, 5.0."""
    march = _challenge("avon", datetime.date(2026, 3, 9), datetime.date(2026, 3, 11))
    _answer(march, (5, 4, 3, 2), role=EvaluationRole.CHAIR)
    _answer(march, (4, 4, 4, 4))
    _answer(march)
    two_phases = _challenge(
        "avon", datetime.date(2026, 3, 23), datetime.date(2026, 3, 26),
        second_start_date=datetime.date(2026, 4, 13), second_end_date=datetime.date(2026, 4, 15),
    )
    _answer(two_phases, (5, 5, 5, 5))
    _answer(two_phases)
    _answer(two_phases)
    june = _challenge("lancashire", datetime.date(2026, 6, 1), datetime.date(2026, 6, 4))
    _answer(june, (1, 2, 3, 5))
    return {"march": march, "two_phases": two_phases, "june": june}


def _year(year, challenges, invited, answered, averages):
    return {
        "year": year, "label": f"{year} to {year + 1}",
        "first_day": datetime.date(year, 4, 1), "last_day": datetime.date(year + 1, 3, 31),
        "challenges": challenges, "invited": invited, "answered": answered, "averages": dict(zip(FIELDS, averages)),
    }


def test_summary_by_year_matches_the_figures_worked_out_by_hand(db):
    make_summary_data()

    assert evaluation_summary_by_year() == [
        _year(2026, 2, 4, 2, (3.0, 3.5, 4.0, 5.0)),
        _year(2025, 1, 3, 2, (4.5, 4.0, 3.5, 3.0)),
    ]


def test_summary_by_year_for_one_region(db):
    make_summary_data()

    assert evaluation_summary_by_year(region=Region.SOUTH_WEST) == [
        _year(2026, 1, 3, 1, (5.0, 5.0, 5.0, 5.0)),
        _year(2025, 1, 3, 2, (4.5, 4.0, 3.5, 3.0)),
    ]
    assert evaluation_summary_by_year(region=Region.NORTH_WEST) == [_year(2026, 1, 1, 1, (1.0, 2.0, 3.0, 5.0))]
    assert evaluation_summary_by_year(region=Region.LONDON) == []


def test_summary_year_starts_on_1_april(db):
    _answer(_challenge("avon", datetime.date(2025, 3, 27), datetime.date(2025, 3, 31)), (2, 2, 2, 2))
    _answer(_challenge("avon", datetime.date(2025, 4, 1), datetime.date(2025, 4, 3)), (4, 4, 4, 4))

    assert [(year["label"], year["averages"]["team_rating"]) for year in evaluation_summary_by_year()] == [
        ("2025 to 2026", 4.0), ("2024 to 2025", 2.0),
    ]


def test_summary_year_with_no_answers_has_no_averages(db):
    _answer(_challenge("avon", datetime.date(2026, 5, 4), datetime.date(2026, 5, 6)))

    assert evaluation_summary_by_year() == [_year(2026, 1, 1, 0, (None, None, None, None))]


def test_summary_by_year_is_one_query_however_many_answers(db, django_assert_num_queries):
    make_summary_data()
    with django_assert_num_queries(1):
        evaluation_summary_by_year()
    for year in range(2018, 2024):
        challenge = _challenge("lancashire", datetime.date(year, 9, 1), datetime.date(year, 9, 3))
        for _ in range(4):
            _answer(challenge, (3, 3, 3, 3))

    with django_assert_num_queries(1):
        years = evaluation_summary_by_year(region=Region.NORTH_WEST)

    assert [(year["year"], year["invited"]) for year in years] == [(2026, 1), *[(year, 4) for year in range(2023, 2017, -1)]]


def _calendar_year(year, challenges, invited, answered, averages):
    return {
        "year": year, "label": str(year), "first_day": datetime.date(year, 1, 1), "last_day": datetime.date(year, 12, 31),
        "challenges": challenges, "invited": invited, "answered": answered, "averages": dict(zip(FIELDS, averages)),
    }


def test_summary_by_calendar_year_matches_the_figures_worked_out_by_hand(db):
    """make_summary_data's three challenges all end in 2026: 3 challenges, 7 invited, 4 answered,
    averages (5 + 4 + 5 + 1) / 4 = 3.75, (4 + 4 + 5 + 2) / 4 = 3.75, (3 + 4 + 5 + 3) / 4 = 3.75
    and (2 + 4 + 5 + 5) / 4 = 4.0."""
    make_summary_data()

    assert evaluation_summary_by_year(year_kind=YearKind.CALENDAR) == [_calendar_year(2026, 3, 7, 4, (3.75, 3.75, 3.75, 4.0))]


def test_summary_by_calendar_year_for_one_region(db):
    make_summary_data()

    assert evaluation_summary_by_year(region=Region.NORTH_WEST, year_kind=YearKind.CALENDAR) == [
        _calendar_year(2026, 1, 1, 1, (1.0, 2.0, 3.0, 5.0))
    ]
    assert evaluation_summary_by_year(region=Region.LONDON, year_kind=YearKind.CALENDAR) == []


def test_summary_calendar_year_starts_on_1_january(db):
    _answer(_challenge("avon", datetime.date(2025, 12, 29), datetime.date(2025, 12, 31)), (2, 2, 2, 2))
    _answer(_challenge("avon", datetime.date(2026, 1, 1), datetime.date(2026, 1, 1)), (4, 4, 4, 4))
    _answer(_challenge("avon", datetime.date(2026, 3, 31), datetime.date(2026, 3, 31)), (3, 3, 3, 3))

    assert [(year["label"], year["challenges"], year["averages"]["team_rating"]) for year in evaluation_summary_by_year(
        year_kind=YearKind.CALENDAR
    )] == [("2026", 2, 3.5), ("2025", 1, 2.0)]
    # The same three in the financial year that 31 March ends.
    assert [(year["label"], year["challenges"], year["averages"]["team_rating"]) for year in evaluation_summary_by_year()] == [
        ("2025 to 2026", 3, 3.0)
    ]


def test_summary_year_of_a_challenge_with_no_dates_is_the_year_it_was_requested(db):
    """The rule of the programme's insight (challenges/insight/period.py): with no day on site
    on record, the day it was requested."""
    undated = ChallengeFactory(
        authority=Authority.objects.get(slug="avon"), status=ChallengeStatus.REQUESTED, start_date=None, end_date=None,
        requested_on=datetime.date(2026, 2, 10),
    )
    _answer(undated, (4, 4, 4, 4))

    assert [year["label"] for year in evaluation_summary_by_year(year_kind=YearKind.CALENDAR)] == ["2026"]
    assert [year["label"] for year in evaluation_summary_by_year()] == ["2025 to 2026"]


def test_summary_by_calendar_year_is_one_query_however_many_answers(db, django_assert_num_queries):
    make_summary_data()
    with django_assert_num_queries(1):
        evaluation_summary_by_year(year_kind=YearKind.CALENDAR)
    for year in range(2018, 2024):
        challenge = _challenge("lancashire", datetime.date(year, 1, 2), datetime.date(year, 1, 4))
        for _ in range(4):
            _answer(challenge, (3, 3, 3, 3))

    with django_assert_num_queries(1):
        years = evaluation_summary_by_year(region=Region.NORTH_WEST, year_kind=YearKind.CALENDAR)

    assert [(year["year"], year["invited"]) for year in years] == [(2026, 1), *[(year, 4) for year in range(2023, 2017, -1)]]


def test_evaluation_figures_in_one_query(db, django_assert_num_queries):
    data = make_summary_data()

    with django_assert_num_queries(1):
        figures = evaluation_figures(challenge=data["march"])

    assert figures == {
        "invited": 3,
        "answered": 2,
        "averages": dict(zip(FIELDS, (4.5, 4.0, 3.5, 3.0))),
        "questions": [
            {"question": "How well was the challenge prepared?", "average": 4.5},
            {"question": "How good was the peer team?", "average": 4.0},
            {"question": "How useful was the feedback on the last day on site?", "average": 3.5},
            {"question": "How useful is the report?", "average": 3.0},
        ],
        "has_chair": True,
        "has_chief_fire_officer": False,
    }


def test_evaluations_for_challenge_chair_and_chief_fire_officer_first(db):
    challenge = _challenge("avon", datetime.date(2026, 5, 4), datetime.date(2026, 5, 6))
    _answer(challenge, name="Aaron Peer", role=EvaluationRole.PEER)
    _answer(challenge, name="Zoe Chief", role=EvaluationRole.CHIEF_FIRE_OFFICER)
    _answer(challenge, name="Yan Chair", role=EvaluationRole.CHAIR)
    _answer(challenge, name="Beth Peer", role=EvaluationRole.PEER)

    assert [e.name for e in evaluations_for_challenge(challenge=challenge)] == ["Yan Chair", "Zoe Chief", "Aaron Peer", "Beth Peer"]


@pytest.mark.parametrize(("average", "shown"), [(None, ""), (3, "3.0"), (4.25, "4.3"), (4.333333, "4.3"), (2.05, "2.1")])
def test_averages_shown_to_one_decimal(average, shown):
    assert one_decimal(average) == shown


def test_financial_year_label():
    assert financial_year_label(2026) == "2026 to 2027"
