"""Working days in England: weekdays that are not English bank holidays.

The bank holidays come from govuk-bank-holidays' copy of GOV.UK's list, shipped with the
package, so nothing is fetched at run time. Beyond the last year in that copy only weekends
are known; a newer release of the package extends it."""

import datetime
from functools import cache

from govuk_bank_holidays.bank_holidays import BankHolidays


@cache
def english_bank_holidays() -> frozenset[datetime.date]:
    holidays = BankHolidays(use_cached_holidays=True).get_holidays(division=BankHolidays.ENGLAND_AND_WALES)
    return frozenset(holiday["date"] for holiday in holidays)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and day not in english_bank_holidays()


def working_days_between(first: datetime.date, last: datetime.date) -> int:
    """The working days from `first` to `last`, both included (0 when `last` is earlier).
    Counted by whole weeks, so that a span of centuries (a mistyped year) costs no more."""
    if last < first:
        return 0
    days = (last - first).days + 1
    weeks, rest = divmod(days, 7)
    weekdays = weeks * 5 + sum((first.weekday() + offset) % 7 < 5 for offset in range(rest))
    holidays = sum(first <= holiday <= last and holiday.weekday() < 5 for holiday in english_bank_holidays())
    return weekdays - holidays


def working_days_after(start: datetime.date, days: int) -> datetime.date:
    """The date `days` working days after `start` (`start` itself not counted, whatever it
    is): 10 working days after a Friday is the Friday a fortnight on, later by any bank holiday."""
    day = start
    while days > 0:
        day += datetime.timedelta(days=1)
        days -= is_working_day(day)
    return day

