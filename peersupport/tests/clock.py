"""A stopped clock for tests of what happens over time (the outbox's retries, the report
pipeline's sweep): the `clock` fixture (conftest.py) fixes Django's `timezone.now` at NOW,
and a test moves it on by setting `clock.now`."""

import datetime

NOW = datetime.datetime(2027, 3, 8, 9, 30, tzinfo=datetime.UTC)


class Clock:
    """What `timezone.now` answers while the fixture holds it: `now`, until the test moves it."""

    def __init__(self, now=NOW):
        self.now = now
