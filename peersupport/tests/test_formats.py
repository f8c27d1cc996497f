"""How the service writes moments (peersupport/formats.py): times of day in the GOV.UK style, in the UK."""

import datetime

import pytest

from peersupport.formats import time_of_day

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("moment", "shown"), [
    (datetime.datetime(2027, 3, 8, 9, 5, tzinfo=datetime.UTC), "9:05am"),  # GMT: as in UTC
    (datetime.datetime(2027, 7, 8, 16, 30, tzinfo=datetime.UTC), "5:30pm"),  # BST: an hour on
    (datetime.datetime(2027, 3, 8, 12, 0, tzinfo=datetime.UTC), "midday"),
    (datetime.datetime(2027, 3, 8, 0, 0, tzinfo=datetime.UTC), "midnight"),
    (datetime.datetime(2027, 3, 8, 0, 1, tzinfo=datetime.UTC), "12:01am"),
    (datetime.datetime(2027, 3, 8, 12, 59, tzinfo=datetime.UTC), "12:59pm"),
    (None, ""),
])
def test_time_of_day(moment, shown):
    assert time_of_day(moment) == shown
