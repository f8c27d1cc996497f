"""How the service writes dates and spans of time, for pages and for the rows views prepare.
The template filters of the same names (peersupport/templatetags/govuk.py) call these.

Written out directly: lists show many dates, and Django's date filter interprets its format
anew for each. A moment (an aware datetime) is shown on the day it was in the UK."""

import datetime

from django.utils import timezone


def _day(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def short_date(value) -> str:
    """"7 Dec 2026", as tables show dates; "" for none."""
    value = _day(value)
    return f"{value.day} {value:%b %Y}" if value else ""


def long_date(value) -> str:
    """"7 December 2026", as summaries show dates; "" for none."""
    value = _day(value)
    return f"{value.day} {value:%B %Y}" if value else ""


def time_of_day(value) -> str:
    """"9:05am", "5:30pm", "midday" or "midnight" (the GOV.UK style) for a moment, in the UK; "" for none."""
    value = _day(value)
    if not value:
        return ""
    if (value.hour, value.minute) in ((0, 0), (12, 0)):
        return "midnight" if value.hour == 0 else "midday"
    return f"{(value.hour - 1) % 12 + 1}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def month_year(value) -> str:
    """"December 2026"; "" for none."""
    value = _day(value)
    return f"{value:%B %Y}" if value else ""


def date_range(start, end) -> str:
    """"5 February 2024 to 16 February 2024"."""
    return f"{long_date(start)} to {long_date(end)}"


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar months from `earlier` to `later` (0 when `later` is not after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def time_since(earlier: datetime.date, today: datetime.date | None = None) -> str:
    """For example "2 years, 3 months ago", "1 year ago", "5 months ago", "less than a month
    ago"; today by default."""
    years, months = divmod(months_between(earlier, today or timezone.localdate()), 12)
    parts = [f"{number} {unit}{'' if number == 1 else 's'}" for number, unit in ((years, "year"), (months, "month")) if number]
    return f"{', '.join(parts)} ago" if parts else "less than a month ago"
