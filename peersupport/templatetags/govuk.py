"""The project's GOV.UK template kit: components that wrap content, and date wording."""

from functools import lru_cache

from django import template
from django.template.base import token_kwargs
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from peersupport import formats
from peersupport.markdown import markdown_html

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
    """A GOV.UK tag (components/tag.html): `{% tag text colour testid %}`."""
    return tag_html(str(text), colour or "", testid or "")


@lru_cache(maxsize=512)
def tag_html(text, colour="", testid=""):
    """A GOV.UK tag as HTML. Rows of a table show the same few tags again and again, so each
    is rendered once and remembered."""
    return mark_safe(get_template("components/tag.html").render({"text": text, "colour": colour, "testid": testid}))


SUMMARY_ROW_PARAMETERS = (
    "key", "key_detail", "value", "value_href", "tag", "tag_colour", "empty", "detail", "detail_href", "href", "action",
    "href2", "action2", "hidden", "testid",
)


@register.simple_tag
def summary_row(**given):
    """One row of a GOV.UK summary list (components/summary_list_row.html, which lists what
    each parameter does): `{% summary_row key="Status" value=status %}`.

    Every parameter the component has is given to it, empty unless set: a template asked for
    a variable it was not given looks for it everywhere first, which made each row cost
    twice as much."""
    unknown = sorted(set(given) - set(SUMMARY_ROW_PARAMETERS))
    if unknown:
        raise template.TemplateSyntaxError(f"summary_row has no {', '.join(unknown)}")
    row = get_template("components/summary_list_row.html").template
    return row.render(template.Context({**dict.fromkeys(SUMMARY_ROW_PARAMETERS, ""), **given}))


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


@register.filter(name="time_since")
def time_since_filter(value):
    return formats.time_since(value) if value else ""


register.filter("date_range", formats.date_range)
register.filter("short_date", formats.short_date)
register.filter("long_date", formats.long_date)
register.filter("month_year", formats.month_year)
register.filter("time_of_day", formats.time_of_day)


@register.filter(name="markdown")
def markdown_filter(text):
    """Markdown a person typed, as sanitised HTML (peersupport/markdown.py)."""
    return markdown_html(text)
