"""The programme's insight for a period: every section's tables and headline figures, read
once, for the insight page, its CSV files and the committee paper alike, so that the paper's
figures are the page's.

Working them out reads ten years of records, which costs many times a page. So the figures
for a period are kept in the cache under the version of the records they read (the "insight"
set of peersupport/records_version.py, watching INSIGHT_READS), and worked out again only once
one of those records has changed, or after FIGURES_KEPT_SECONDS, or on another day (the
standing figures are taken on the day)."""

import datetime
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Min
from django.utils import timezone

from challenges.insight import coverage, evaluations, lead_times, peers, pipeline, themes
from challenges.insight.period import InsightPeriod, counted_on
from challenges.insight.tables import Section, Table
from challenges.models import Challenge
from peersupport.records_version import records_version

# Every table's slug, in the sections' order (a test holds it to the tables they build): a CSV
# asked for by another name is refused before any figure is worked out.
TABLE_SLUGS = (
    "challenges-by-stage", "challenges-by-status", "challenges-by-region", "delivered-per-year", "challenges-in-period",
    "lead-times", "late-steps",
    "years-since-last-challenge", "coverage-by-authority", "not-challenged-three-years",
    "give-and-take", "peer-load", "busiest-peers", "declined-invitations",
    "themes-by-area", "areas-for-consideration-over-time", "strengths-over-time",
    "evaluation-by-year", "evaluation-this-period",
)
# The records the figures are read from (a test holds this to the tables the queries read).
INSIGHT_RECORDS = "insight"
INSIGHT_READS = (
    "authorities.Authority", "authorities.Peer", "challenges.Challenge", "challenges.TeamMembership",
    "challenges.Finding", "challenges.Evaluation", "challenges.ActionPlan", "challenges.ProgressReview",
    "reports.FeedbackReport",
)
# The longest figures are kept: a bound on how stale they could be if a change were ever
# written without moving the version on.
FIGURES_KEPT_SECONDS = 15 * 60

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
    worked_out_at: datetime.datetime = field(default_factory=lambda: timezone.now())  # the clock as it is then

    @property
    def as_of(self) -> datetime.date:
        return self.period.as_of(self.today)

    def section(self, slug) -> Section:
        return next(section for section in self.sections if section.slug == slug)

    def table(self, slug) -> Table | None:
        """The table of that slug in any section, or None."""
        return next((table for section in self.sections for table in section.tables if table.slug == slug), None)


def insight_records_version() -> str:
    """The version of the records the figures are read from (one query)."""
    return records_version(INSIGHT_RECORDS)


def insight_figures_key(*, period: InsightPeriod, today: datetime.date, version: str) -> str:
    """The cache key of the period's figures as of `today`, read from records of `version`;
    also the key of anything shown from them alone (the page's sections)."""
    return f"insight:{period.year_kind}:{period.slug}:{today.isoformat()}:{version}"


def programme_insight(*, period: InsightPeriod, today: datetime.date, version: str | None = None) -> Insight:
    """Every section of the insight for the period, as of `today` (the period's standing
    figures are taken on `period.as_of(today)`): from the cache when the records are still at
    the version they were worked out from (`version`, read now when not given)."""
    if version is None:
        version = insight_records_version()
    return cache.get_or_set(
        insight_figures_key(period=period, today=today, version=version),
        lambda: Insight(period=period, today=today, sections=[build(period, today=today) for build in SECTION_BUILDERS]),
        FIGURES_KEPT_SECONDS,
    )


def insight_table(*, period: InsightPeriod, today: datetime.date, version: str, slug: str) -> Table | None:
    """The table of that slug, for one table's CSV file, or None when no section has it: from
    the figures kept in the cache, or else building the sections in order only until one holds
    it (each as `programme_insight` builds it)."""
    if slug not in TABLE_SLUGS:
        return None
    kept = cache.get(insight_figures_key(period=period, today=today, version=version))
    if kept is not None:
        return kept.table(slug)
    for build in SECTION_BUILDERS:
        table = next((table for table in build(period, today=today).tables if table.slug == slug), None)
        if table is not None:
            return table
    return None


def insight_first_year(*, version: str) -> int | None:
    """The first year the programme's records reach back to, of either kind (the financial
    year, which starts earlier), by the rule that places a challenge in a year; None with no
    challenge on record. The insight page offers the years from it. Kept in the cache as the
    figures are, under the records' `version`."""

    def first_year():
        first = Challenge.objects.aggregate(first=Min(counted_on()))["first"]
        return InsightPeriod(year=first.year).year_of(first) if first else None

    return cache.get_or_set(f"insight:first-year:{version}", first_year, FIGURES_KEPT_SECONDS)
