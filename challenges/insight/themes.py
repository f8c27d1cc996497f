"""PLACEHOLDER: replaced by the helper building this section (see /tmp/work/brief11.md)."""

from challenges.insight.tables import Section


def themes_section(period, *, today) -> Section:
    return Section(slug="themes", title="Themes", tables=[], figures={})
