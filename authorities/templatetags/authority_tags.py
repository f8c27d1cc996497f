"""How long ago something happened, in whole years and months, as the register shows it."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole calendar months from `earlier` to `later` (0 when `later` is not after it)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)


def time_since(earlier: datetime.date, today: datetime.date) -> str:
    """For example "2 years, 3 months ago", "1 year ago", "5 months ago", "less than a month ago"."""
    years, months = divmod(months_between(earlier, today), 12)
    parts = [f"{number} {unit}{'' if number == 1 else 's'}" for number, unit in ((years, "year"), (months, "month")) if number]
    return f"{', '.join(parts)} ago" if parts else "less than a month ago"


@register.filter(name="time_since")
def time_since_filter(value):
    return time_since(value, timezone.localdate()) if value else ""


@register.filter
def last_challenge(value):
    """"9 March 2026 (8 months ago)", or "No challenge yet"."""
    if not value:
        return "No challenge yet"
    return f"{value:%-d %B %Y} ({time_since_filter(value)})"


@register.filter
def date_range(start, end):
    """"5 February 2024 to 16 February 2024"."""
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"
