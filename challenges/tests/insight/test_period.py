"""The period the insight is for (challenges/insight/period.py): each kind of year's first and
last days, the year a date falls in, its labels and file-name slug, the day its standing
figures are taken on, and the challenges it counts."""

import datetime

import pytest

from authorities.choices import Region
from authorities.models import Authority
from challenges.choices import ChallengeStatus
from challenges.insight.period import FIRST_YEAR, InsightPeriod, YearKind
from challenges.models.challenge import EARLIEST_CHALLENGE
from challenges.models import Challenge
from challenges.tests.factories import ChallengeFactory

FINANCIAL_2026 = InsightPeriod(year=2026)
CALENDAR_2026 = InsightPeriod(year=2026, year_kind=YearKind.CALENDAR)


@pytest.mark.unit
def test_financial_year_runs_from_1_april_to_31_march():
    assert (FINANCIAL_2026.first_day, FINANCIAL_2026.last_day) == (datetime.date(2026, 4, 1), datetime.date(2027, 3, 31))


@pytest.mark.unit
def test_calendar_year_runs_from_1_january_to_31_december():
    assert (CALENDAR_2026.first_day, CALENDAR_2026.last_day) == (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.mark.unit
def test_financial_year_of_leap_year_ends_on_31_march():
    assert InsightPeriod(year=2027).last_day == datetime.date(2028, 3, 31)


@pytest.mark.unit
@pytest.mark.parametrize(("day", "financial", "calendar"), [
    (datetime.date(2027, 3, 31), 2026, 2027),
    (datetime.date(2027, 4, 1), 2027, 2027),
    (datetime.date(2027, 1, 1), 2026, 2027),
    (datetime.date(2026, 12, 31), 2026, 2026),
])
def test_year_of_a_date_by_kind(day, financial, calendar):
    assert (FINANCIAL_2026.year_of(day), CALENDAR_2026.year_of(day)) == (financial, calendar)


@pytest.mark.unit
def test_year_of_month_written_as_text():
    assert (FINANCIAL_2026.year_of_month("2027-03"), FINANCIAL_2026.year_of_month("2027-04")) == (2026, 2027)
    assert CALENDAR_2026.year_of_month("2027-03") == 2027


@pytest.mark.unit
def test_containing_finds_the_period_of_a_day():
    assert InsightPeriod.containing(datetime.date(2027, 3, 31)) == InsightPeriod(year=2026)
    assert InsightPeriod.containing(datetime.date(2027, 4, 1)) == InsightPeriod(year=2027)
    assert InsightPeriod.containing(datetime.date(2027, 3, 31), year_kind=YearKind.CALENDAR, region=Region.LONDON) == (
        InsightPeriod(year=2027, year_kind=YearKind.CALENDAR, region=Region.LONDON)
    )


@pytest.mark.unit
def test_labels_by_kind_and_region():
    assert (FINANCIAL_2026.label, FINANCIAL_2026.long_label, FINANCIAL_2026.region_label) == (
        "2026 to 2027", "the financial year 2026 to 2027", "England",
    )
    in_london = InsightPeriod(year=2026, year_kind=YearKind.CALENDAR, region=Region.LONDON)
    assert (in_london.label, in_london.long_label, in_london.region_label) == ("2026", "the calendar year 2026", "London")
    assert FINANCIAL_2026.year_label(2009) == "2009 to 2010"
    assert CALENDAR_2026.year_label(2009) == "2009"


@pytest.mark.unit
@pytest.mark.parametrize(("period", "slug"), [
    (InsightPeriod(year=2026), "2026-27"),
    (InsightPeriod(year=2099), "2099-00"),
    (InsightPeriod(year=2009, region=Region.YORKSHIRE_AND_THE_HUMBER), "2009-10-yorkshire-and-the-humber"),
    (InsightPeriod(year=2026, year_kind=YearKind.CALENDAR), "2026"),
    (InsightPeriod(year=2026, year_kind=YearKind.CALENDAR, region=Region.SOUTH_WEST), "2026-south-west"),
])
def test_slug_for_file_names(period, slug):
    assert period.slug == slug


@pytest.mark.unit
def test_as_of_is_today_while_running_and_the_last_day_after():
    assert FINANCIAL_2026.as_of(datetime.date(2026, 9, 1)) == datetime.date(2026, 9, 1)
    assert FINANCIAL_2026.as_of(datetime.date(2027, 3, 31)) == datetime.date(2027, 3, 31)
    assert FINANCIAL_2026.as_of(datetime.date(2030, 6, 1)) == datetime.date(2027, 3, 31)
    assert CALENDAR_2026.as_of(datetime.date(2027, 1, 1)) == datetime.date(2026, 12, 31)


@pytest.mark.unit
def test_years_to_here_newest_first_and_not_before_2009():
    assert FINANCIAL_2026.years_to_here(2023) == [2026, 2025, 2024, 2023]
    assert InsightPeriod(year=2010).years_to_here(1990) == [2010, 2009, FIRST_YEAR]
    assert FINANCIAL_2026.years_to_here(2026) == [2026]


@pytest.mark.unit
def test_query_names_the_region_only_when_there_is_one():
    assert FINANCIAL_2026.query() == {"year_kind": "financial", "year": 2026}
    assert InsightPeriod(year=2026, year_kind=YearKind.CALENDAR, region=Region.LONDON).query() == {
        "year_kind": "calendar", "year": 2026, "region": "london",
    }


@pytest.mark.integration
def test_challenges_counted_by_last_day_on_site_else_requested_on(db):
    """The rule: the second phase's last day, else the first's, else the day it was asked for;
    only the region's authorities when there is a region."""
    avon = Authority.objects.get(slug="avon")
    kent = Authority.objects.get(slug="kent")
    ends_31_march = ChallengeFactory(authority=avon, start_date=datetime.date(2027, 3, 29), end_date=datetime.date(2027, 3, 31))
    ends_1_april = ChallengeFactory(authority=avon, start_date=datetime.date(2027, 3, 30), end_date=datetime.date(2027, 4, 1))
    second_phase_after = ChallengeFactory(
        authority=avon, start_date=datetime.date(2027, 1, 4), end_date=datetime.date(2027, 1, 6),
        second_start_date=datetime.date(2027, 5, 3), second_end_date=datetime.date(2027, 5, 5),
    )
    undated = ChallengeFactory(
        authority=kent, status=ChallengeStatus.REQUESTED, start_date=None, end_date=None, requested_on=datetime.date(2026, 4, 1),
    )

    counted = InsightPeriod(year=2026).challenges(Challenge.objects.all())

    assert {challenge.pk: challenge.counted_on for challenge in counted} == {
        ends_31_march.pk: datetime.date(2027, 3, 31), undated.pk: datetime.date(2026, 4, 1),
    }
    assert [c.pk for c in InsightPeriod(year=2027).challenges(Challenge.objects.all())] == [ends_1_april.pk, second_phase_after.pk]
    assert [c.pk for c in InsightPeriod(year=2026, region=Region.SOUTH_EAST).challenges(Challenge.objects.all())] == [undated.pk]


def test_the_first_year_offered_holds_the_earliest_challenge_the_service_records():
    # 1 January 2009 is in the financial year 2008 to 2009: both kinds of year reach it.
    assert FIRST_YEAR == InsightPeriod(year=2009).year_of(EARLIEST_CHALLENGE) == 2008
    assert InsightPeriod(year=FIRST_YEAR).first_day <= EARLIEST_CHALLENGE <= InsightPeriod(year=FIRST_YEAR).last_day
