"""How long ago an authority was last challenged, as the register shows it."""

from django import template

from peersupport.templatetags.govuk import time_since_filter

register = template.Library()


@register.filter
def last_challenge(value):
    """"9 March 2026 (8 months ago)", or "No challenge yet"."""
    if not value:
        return "No challenge yet"
    return f"{value:%-d %B %Y} ({time_since_filter(value)})"
