"""The programme's published timings: each step due a number of months after the last day on
site, and what is running late by them. Read by the daily check (challenges/services/timings.py)
and by the insight's lead times (challenges/insight/lead_times.py)."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from challenges.choices import ChallengeStatus
from peersupport.formats import long_date

S = ChallengeStatus


@dataclass(frozen=True)
class Timing:
    """A step of the published practice due a number of months after the last day on site."""

    statuses: tuple
    months: int
    message: str  # formatted with the due date

    def due(self, last_day: datetime.date) -> datetime.date:
        return last_day + relativedelta(months=self.months)


# DOMAIN.md: the report about 2 to 3 months after the visit, published within 3 months of it,
# the progress review about 10 months on.
TIMINGS = (
    Timing((S.ON_SITE, S.FEEDBACK_GIVEN, S.REPORT_DRAFTING), 3, "The draft report was due by {due}, 3 months after the visit"),
    Timing((S.FACTUAL_CHECK,), 3, "Publication was due by {due}, 3 months after the visit"),
    Timing((S.PUBLISHED,), 10, "The progress review was due by {due}, about 10 months after the visit"),
)


# A step that fell due longer ago than this is history (a challenge recorded or imported from
# before the service), not work running late: it is not flagged.
LATE_HORIZON = datetime.timedelta(days=365)


def late_step(challenge, *, today) -> str:
    """What is running late for the challenge today, or "": a step of the published timings
    due before today and within the last year."""
    last_day = challenge.last_day_on_site
    for timing in TIMINGS:
        if challenge.status in timing.statuses and last_day and today - LATE_HORIZON <= timing.due(last_day) < today:
            return timing.message.format(due=long_date(timing.due(last_day)))
    return ""
