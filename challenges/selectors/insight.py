"""The programme's insight for a period: every section's tables and headline figures, read
once, for the insight page, its CSV files and the committee paper alike, so that the paper's
figures are the page's."""

import datetime
from dataclasses import dataclass

from django.db.models import Min

from challenges.insight import coverage, evaluations, lead_times, peers, pipeline, themes
from challenges.insight.period import InsightPeriod, counted_on
from challenges.insight.tables import Section, Table
from challenges.models import Challenge

# The sections in the order the page and the paper give them.
SECTION_BUILDERS = (
    pipeline.pipeline_section,
    lead_times.lead_times_section,
    coverage.coverage_section,
    peers.peers_section,
    themes.themes_section,
    evaluations.evaluations_section,
)


@dataclass
class Insight:
    period: InsightPeriod
    today: datetime.date
    sections: list[Section]

    @property
    def as_of(self) -> datetime.date:
        return self.period.as_of(self.today)

    def section(self, slug) -> Section:
        return next(section for section in self.sections if section.slug == slug)

    def table(self, slug) -> Table | None:
        """The table of that slug in any section, or None."""
        return next((table for section in self.sections for table in section.tables if table.slug == slug), None)


def programme_insight(*, period: InsightPeriod, today: datetime.date) -> Insight:
    """Every section of the insight for the period, as of `today` (the period's standing
    figures are taken on `period.as_of(today)`)."""
    return Insight(period=period, today=today, sections=[build(period, today=today) for build in SECTION_BUILDERS])


def insight_table(*, period: InsightPeriod, today: datetime.date, slug: str) -> Table | None:
    """The table of that slug, for one table's CSV file: the sections are built in order only
    until one holds it (each is built as `programme_insight` builds it); None when none does."""
    for build in SECTION_BUILDERS:
        table = next((table for table in build(period, today=today).tables if table.slug == slug), None)
        if table is not None:
            return table
    return None


def insight_first_year() -> int | None:
    """The first year the programme's records reach back to, of either kind (the financial
    year, which starts earlier), by the rule that places a challenge in a year; None with no
    challenge on record. The insight page offers the years from it."""
    first = Challenge.objects.aggregate(first=Min(counted_on()))["first"]
    return InsightPeriod(year=first.year).year_of(first) if first else None
