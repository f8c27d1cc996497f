"""Working days in England (peersupport/calendar.py): weekdays that are not bank holidays."""

import datetime

import pytest

from peersupport.calendar import is_working_day, working_days_after, working_days_between

pytestmark = pytest.mark.unit


def test_christmas_day_is_not_a_working_day():
    assert (is_working_day(datetime.date(2026, 12, 24)), is_working_day(datetime.date(2026, 12, 25))) == (True, False)


def test_working_days_after_skips_weekends():
    # Monday 2 March 2026 plus 10 working days: two weeks on.
    assert working_days_after(datetime.date(2026, 3, 2), 10) == datetime.date(2026, 3, 16)


def test_working_days_after_skips_christmas_and_new_year():
    # From Friday 18 December 2026: Christmas Day, the Boxing Day holiday (Monday 28) and New
    # Year's Day are not counted, so the tenth working day is Wednesday 6 January 2027.
    assert working_days_after(datetime.date(2026, 12, 18), 10) == datetime.date(2027, 1, 6)


def test_working_days_after_from_a_weekend_counts_from_the_monday():
    assert working_days_after(datetime.date(2026, 3, 7), 1) == datetime.date(2026, 3, 9)


def test_working_days_after_zero_days_is_the_day_itself():
    assert working_days_after(datetime.date(2026, 3, 7), 0) == datetime.date(2026, 3, 7)


def test_working_days_after_agrees_with_working_days_between():
    start = datetime.date(2026, 12, 18)
    deadline = working_days_after(start, 30)

    assert working_days_between(start + datetime.timedelta(days=1), deadline) == 30
