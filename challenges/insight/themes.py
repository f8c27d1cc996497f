"""Learning points: the themes across the reports. The strengths and areas for consideration
the reports found, by framework area, in the period and over the five years to it: the
sector-wide learning points the committee asks for.

Counts the findings accepted into the report (FindingState.ACCEPTED) of the challenges whose
report is out (COMPLETED_STATUSES) and that count in the period (challenges/insight/period.py),
in its region. Two queries, whatever the number of reports: the findings counted in the
database by month, area and kind over the five years, and the period's reports.

Figures: `reports` (the period's challenges whose report is out, with findings or not),
`strengths` and `areas_for_consideration` ([{"area": value, "label", "count"}] of the areas
with at least one in the period, most first)."""

from collections import defaultdict

from django.db.models import Count

from challenges.choices import COMPLETED_STATUSES, FindingArea, FindingKind, FindingState
from challenges.insight.period import InsightPeriod, counted_on, month_text
from challenges.insight.tables import Chart, Column, Section, Table
from challenges.models import Challenge

# The tables over time show the period's year and the four before it.
YEARS_OVER_TIME = 5
KINDS = (FindingKind.STRENGTH, FindingKind.AREA_FOR_CONSIDERATION)
# Areas with the same counts keep the framework's order, so that the tables do not shuffle.
AREA_ORDER = {area: position for position, area in enumerate(FindingArea.values)}


def _reported_challenges(period: InsightPeriod):
    """Challenges whose report is out, in the period's region, annotated with `counted_on`."""
    return period.in_region(Challenge.objects.filter(status__in=COMPLETED_STATUSES).annotate(counted_on=counted_on()))


def _finding_counts(period: InsightPeriod, years: list[int]) -> dict:
    """kind -> area -> year -> how many accepted findings of that kind and area the reports of
    that year hold, for `years` (consecutive, oldest first), in one query."""
    first_day = InsightPeriod(year=years[0], year_kind=period.year_kind).first_day
    last_day = InsightPeriod(year=years[-1], year_kind=period.year_kind).last_day
    # The filter on the findings comes before the count, so that the count is over them alone.
    rows = (
        _reported_challenges(period)
        .filter(counted_on__range=(first_day, last_day), findings__state=FindingState.ACCEPTED, findings__kind__in=KINDS)
        .annotate(month=month_text("counted_on"))
        .values("month", "findings__area", "findings__kind")
        .annotate(count=Count("findings"))
        .order_by()
    )
    counts = {kind: defaultdict(lambda: dict.fromkeys(years, 0)) for kind in KINDS}
    for row in rows:
        counts[row["findings__kind"]][row["findings__area"]][period.year_of_month(row["month"])] += row["count"]
    return counts


def _most_first(areas, *counts):
    """The areas by their counts (each a dict area -> count, the first deciding first), most
    first, then in the framework's order."""
    return sorted(areas, key=lambda area: (*(-count.get(area, 0) for count in counts), AREA_ORDER[area]))


def _over_time_table(period, years, counts, *, slug, title, kind_in_words) -> Table:
    return Table(
        slug=slug,
        title=title,
        columns=[
            Column("area", "Area"),
            *(Column(f"y{year}", period.year_label(year), numeric=True) for year in years),
        ],
        rows=[
            {"area": FindingArea(area).label, **{f"y{year}": counts[area][year] for year in years}}
            for area in _most_first(counts, {area: sum(by_year.values()) for area, by_year in counts.items()})
        ],
        description=(
            f"The {kind_in_words} in the published reports of each of the five years to this one, by the framework "
            "area they were recorded against: a report counts in the year of the challenge's last day on site. "
            f"Areas with the most {kind_in_words} over the five years first."
        ),
        chart=Chart(label="area", values=tuple(f"y{year}" for year in years)),
        empty=f"No published report of these five years records {kind_in_words}.",
    )


def _figure(counts: dict) -> list[dict]:
    return [
        {"area": area, "label": FindingArea(area).label, "count": counts[area]}
        for area in _most_first(counts, counts)
    ]


def themes_section(period: InsightPeriod, *, today) -> Section:
    """Strengths and areas for consideration by framework area in the period's reports, and
    over the five years to the period, in two queries (the module's docstring)."""
    years = list(range(period.year - YEARS_OVER_TIME + 1, period.year + 1))
    counts = _finding_counts(period, years)
    strengths, considerations = (
        {area: by_year[period.year] for area, by_year in counts[kind].items() if by_year[period.year]} for kind in KINDS
    )
    reports = period.challenges(Challenge.objects.filter(status__in=COMPLETED_STATUSES)).count()
    by_area = Table(
        slug="themes-by-area",
        title="Strengths and areas for consideration by area",
        columns=[
            Column("area", "Area"),
            Column("strengths", "Strengths", numeric=True),
            Column("areas_for_consideration", "Areas for consideration", numeric=True),
        ],
        rows=[
            {"area": FindingArea(area).label, "strengths": strengths.get(area, 0), "areas_for_consideration": considerations.get(area, 0)}
            for area in _most_first(strengths.keys() | considerations.keys(), considerations, strengths)
        ],
        description=(
            "The strengths and areas for consideration in the published reports of the challenges counted in the "
            "period, by the framework area they were recorded against: only findings accepted into a report count. "
            "Areas with the most areas for consideration first, then the most strengths."
        ),
        chart=Chart(label="area", values=("strengths", "areas_for_consideration")),
        empty="No report published for a challenge of this period records a strength or an area for consideration.",
    )
    return Section(
        slug="themes",
        title="Learning points: themes across the reports",
        tables=[
            by_area,
            _over_time_table(
                period, years, counts[FindingKind.AREA_FOR_CONSIDERATION], slug="areas-for-consideration-over-time",
                title="Areas for consideration over five years", kind_in_words="areas for consideration",
            ),
            _over_time_table(
                period, years, counts[FindingKind.STRENGTH], slug="strengths-over-time",
                title="Strengths over five years", kind_in_words="strengths",
            ),
        ],
        figures={
            "reports": reports,
            "strengths": _figure(strengths),
            "areas_for_consideration": _figure(considerations),
        },
    )
