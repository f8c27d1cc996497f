"""The project's GOV.UK template kit: components that wrap content, and date wording."""

import datetime
from functools import lru_cache

from django import template
from django.template.base import token_kwargs
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe

register = template.Library()


class TableNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        options = {name: value.resolve(context) for name, value in self.options.items()}
        columns = []
        for heading in str(options.pop("head", "")).split("|"):
            text, _, kind = heading.partition(":")
            columns.append({"text": text, "numeric": kind == "numeric", "hidden": kind == "hidden"})
        return get_template("components/table.html").render(
            {**options, "columns": columns, "rows": mark_safe(self.nodelist.render(context))}
        )


@register.simple_tag
def tag(text, colour="", testid=""):
    """A GOV.UK tag (components/tag.html). Rows of a table show the same few tags again and
    again, so each is rendered once and remembered: `{% tag text colour testid %}`."""
    return _rendered_tag(str(text), colour or "", testid or "")


@lru_cache(maxsize=512)
def _rendered_tag(text, colour, testid):
    return mark_safe(get_template("components/tag.html").render({"text": text, "colour": colour, "testid": testid}))


@register.tag
def table(parser, token):
    """A GOV.UK table around the rows between `{% table %}` and `{% endtable %}`:

        {% table caption="Challenges" caption_size="hidden" head="Type|On site|Status:numeric" testid="challenges" %}
          <tr class="govuk-table__row">…</tr>
        {% endtable %}

    `head` names the columns, separated by |; ":numeric" right-aligns one and ":hidden" keeps
    its heading for screen readers only. `caption_size` is s, m, l or hidden (the default)."""
    bits = token.split_contents()[1:]
    options = token_kwargs(bits, parser)
    if bits:
        raise template.TemplateSyntaxError(f"table takes only name=value options, not {bits}")
    nodelist = parser.parse(("endtable",))
    parser.delete_first_token()
    return TableNode(nodelist, options)


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
def date_range(start, end):
    """"5 February 2024 to 16 February 2024"."""
    return f"{start:%-d %B %Y} to {end:%-d %B %Y}"


@register.filter(expects_localtime=True)
def short_date(value):
    """"7 Dec 2026", as tables show dates. Written out directly: lists show many dates, and
    Django's date filter interprets its format anew for each."""
    return f"{value.day} {value:%b %Y}" if value else ""


@register.filter(expects_localtime=True)
def long_date(value):
    """"7 December 2026", as summaries show dates."""
    return f"{value.day} {value:%B %Y}" if value else ""


@register.filter(expects_localtime=True)
def month_year(value):
    """"December 2026"."""
    return f"{value:%B %Y}" if value else ""
