"""PLACEHOLDER: replaced by the helper building this section (see /tmp/work/brief11.md)."""

from challenges.insight.tables import Section


def lead_times_section(period, *, today) -> Section:
    return Section(slug="lead-times", title="Lead times", tables=[], figures={})
