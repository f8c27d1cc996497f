"""PLACEHOLDER: replaced by the helper building this section (see /tmp/work/brief11.md)."""

from challenges.insight.tables import Section


def peers_section(period, *, today) -> Section:
    return Section(slug="peers", title="Peers' give and take", tables=[], figures={})
