"""PLACEHOLDER: replaced by the helper building this section (see /tmp/work/brief11.md)."""

from challenges.insight.tables import Section


def coverage_section(period, *, today) -> Section:
    return Section(slug="coverage", title="Coverage", tables=[], figures={})
