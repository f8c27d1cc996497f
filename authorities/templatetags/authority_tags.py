"""How long ago an authority was last challenged, as the register shows it."""

from django import template

from peersupport.formats import long_date, time_since

register = template.Library()


@register.filter
def last_challenge(value):
    """"9 March 2026 (8 months ago)", or "No challenge yet"."""
    if not value:
        return "No challenge yet"
    return f"{long_date(value)} ({time_since(value)})"
