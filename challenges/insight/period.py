"""The period the programme's figures are for: a financial year (1 April to 31 March) or a
calendar year, in England or one region, and the rule that places a challenge in a year.

A challenge counts in the year of its last day on site (its second phase's, if it had one);
while it has no dates (in discussion, or postponed or cancelled before it had any), in the
year it was requested. Every figure of the insight page and the committee paper uses this
rule, so that they add up across sections and agree with each other."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import models
from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast, Coalesce, Substr

from authorities.choices import Region

# The financial year starts on 1 April.
FIRST_MONTH_OF_FINANCIAL_YEAR = 4
# Years before the service's records begin are not offered. The LGA's fire peer challenges
# began in 2009 (challenges/models/challenge.py EARLIEST_CHALLENGE, 1 January 2009), whose first
# three months are in the financial year 2008 to 2009.
FIRST_YEAR = 2008


class YearKind(models.TextChoices):
    FINANCIAL = "financial", "Financial year (April to March)"
    CALENDAR = "calendar", "Calendar year"


def counted_on():
    """The date a challenge counts on (the module's rule), as a database expression."""
    return Coalesce("second_end_date", "end_date", "requested_on")


def month_text(expression):
    """The month of a date expression as "2026-03", computed in the database: both engines write
    dates as ISO text, where SQLite would call back into Python to take a date apart. Sum by
    month in the database, then fold the months into years with `InsightPeriod.year_of_month`:
    a dozen rows a year at most."""
    return Substr(Cast(expression, CharField()), 1, 7)


@dataclass(frozen=True)
class InsightPeriod:
    """One year of the programme, of either kind, in England (`region` "") or one region."""

    year: int
    year_kind: str = YearKind.FINANCIAL
    region: str = ""

    @classmethod
    def containing(cls, day: datetime.date, *, year_kind=YearKind.FINANCIAL, region="") -> "InsightPeriod":
        """The period of that kind that `day` falls in."""
        return cls(year=cls(year=day.year, year_kind=year_kind).year_of(day), year_kind=year_kind, region=region)

    @property
    def is_financial(self) -> bool:
        return self.year_kind == YearKind.FINANCIAL

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, FIRST_MONTH_OF_FINANCIAL_YEAR if self.is_financial else 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.first_day + relativedelta(years=1) - datetime.timedelta(days=1)

    def year_of(self, day: datetime.date) -> int:
        """The year (of this period's kind, named by the calendar year it starts in) of a date."""
        if self.is_financial and day.month < FIRST_MONTH_OF_FINANCIAL_YEAR:
            return day.year - 1
        return day.year

    def year_of_month(self, month: str) -> int:
        """The year of a month written "2026-03" (`month_text`)."""
        return self.year_of(datetime.date(int(month[:4]), int(month[5:7]), 1))

    def year_label(self, year: int) -> str:
        """"2026 to 2027" for a financial year, "2026" for a calendar year."""
        return f"{year} to {year + 1}" if self.is_financial else str(year)

    @property
    def label(self) -> str:
        return self.year_label(self.year)

    @property
    def long_label(self) -> str:
        """"the financial year 2026 to 2027" or "the calendar year 2026"."""
        return f"the {'financial' if self.is_financial else 'calendar'} year {self.label}"

    @property
    def region_label(self) -> str:
        return Region(self.region).label if self.region else "England"

    @property
    def slug(self) -> str:
        """For file names: "2026-27", or "2026" for a calendar year, then the region if any."""
        year = f"{self.year}-{(self.year + 1) % 100:02d}" if self.is_financial else str(self.year)
        return f"{year}-{self.region.replace('_', '-')}" if self.region else year

    def as_of(self, today: datetime.date) -> datetime.date:
        """The day the period's standing figures (coverage, lateness, peers' load) are taken
        on: its last day, or today while it is still running."""
        return min(today, self.last_day)

    def years_to_here(self, first_year: int) -> list[int]:
        """The years from `first_year` to this one, newest first: the rows of a table over time."""
        return list(range(self.year, max(first_year, FIRST_YEAR) - 1, -1))

    def query(self) -> dict:
        """The period as the insight page's query string holds it."""
        return {"year_kind": self.year_kind, "year": self.year, **({"region": self.region} if self.region else {})}

    def in_region(self, queryset: QuerySet, authority_path: str = "authority") -> QuerySet:
        """The queryset narrowed to the period's region (through `authority_path`), if it has one."""
        return queryset.filter(**{f"{authority_path}__region": self.region}) if self.region else queryset

    def challenges(self, queryset: QuerySet) -> QuerySet:
        """Challenges of the queryset that count in this period (the module's rule), in its
        region; each annotated with `counted_on`."""
        return self.in_region(queryset.annotate(counted_on=counted_on())).filter(
            counted_on__range=(self.first_day, self.last_day)
        )
