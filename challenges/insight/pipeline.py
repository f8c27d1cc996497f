"""The pipeline: the period's challenges in discussion, booked and delivered (and those
postponed or cancelled), by type, status and region; the challenges delivered each year up to
the period's; and the period's challenges one by one, for the committee paper's appendix.

A challenge counts in the period by the rule of period.py (its last day on site, else the day
it was requested). The stages are the committee papers' (challenges/choices.py): in discussion
(IN_DISCUSSION_STATUSES), booked (BOOKED_STATUSES), delivered (DELIVERED_STATUSES), then
postponed and cancelled.

Figures: `in_discussion`, `booked`, `delivered`, `postponed`, `cancelled` and `total` (every
challenge counted in the period); `by_type` (every type: type, label, in_discussion, booked,
delivered) and `by_region` (the rows of "challenges-by-region": region, label, in_discussion,
booked, delivered).

Three queries: the counts by region, status and type; the delivered challenges by month and
type (folded into years here); the period's challenges."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from authorities.choices import Region
from challenges.choices import (
    BOOKED_STATUSES,
    DELIVERED_STATUSES,
    IN_DISCUSSION_STATUSES,
    ChallengeStatus,
    ChallengeType,
)
from challenges.insight.period import counted_on, month_text
from challenges.insight.tables import Chart, Column, Section, Table
from challenges.models import Challenge


@dataclass(frozen=True)
class Stage:
    key: str
    label: str
    statuses: tuple


STAGES = (
    Stage("in_discussion", "In discussion", IN_DISCUSSION_STATUSES),
    Stage("booked", "Booked", BOOKED_STATUSES),
    Stage("delivered", "Delivered", DELIVERED_STATUSES),
    Stage("postponed", "Postponed", (ChallengeStatus.POSTPONED,)),
    Stage("cancelled", "Cancelled", (ChallengeStatus.CANCELLED,)),
)
STAGE_OF_STATUS = {status: stage for stage in STAGES for status in stage.statuses}
# The stages of challenges that go ahead: the region table and the figures by type and region.
LIVE_STAGES = ("in_discussion", "booked", "delivered")


def _type_columns():
    return [Column(challenge_type.value, challenge_type.label, numeric=True) for challenge_type in ChallengeType]


def pipeline_section(period, *, today) -> Section:
    """The pipeline section for the period (see the module's docstring), in three queries.
    `today` is not used: every figure here is of the period itself."""
    where = f"{period.long_label} in {period.region_label}"
    counts = _counts(period)
    by_stage_and_type = Counter()
    by_status_and_type = Counter()
    by_region_and_stage = Counter()
    for (region, status, challenge_type), challenges in counts.items():
        stage = STAGE_OF_STATUS[status].key
        by_stage_and_type[stage, challenge_type] += challenges
        by_status_and_type[status, challenge_type] += challenges
        by_region_and_stage[region, stage] += challenges
    stage_totals = {stage.key: sum(by_stage_and_type[stage.key, t] for t in ChallengeType.values) for stage in STAGES}
    regions = [Region(period.region)] if period.region else list(Region)
    region_rows = [
        {
            "region": region.label,
            **{stage: by_region_and_stage[region.value, stage] for stage in LIVE_STAGES},
            "total": sum(by_region_and_stage[region.value, stage] for stage in LIVE_STAGES),
        }
        for region in regions
    ]
    return Section(
        slug="pipeline",
        title="Pipeline",
        tables=[
            Table(
                slug="challenges-by-stage",
                title="Challenges by stage and type",
                columns=[Column("stage", "Stage"), *_type_columns(), Column("total", "Total", numeric=True)],
                rows=[
                    {
                        "stage": stage.label,
                        **{t: by_stage_and_type[stage.key, t] for t in ChallengeType.values},
                        "total": stage_totals[stage.key],
                    }
                    for stage in STAGES
                ],
                description=(
                    f"Challenges counted in {where}, by stage and type of challenge. A challenge counts in the "
                    "year of its last day on site, or of its request while it has no dates."
                ),
                chart=Chart(label="stage", values=("total",)),
            ),
            Table(
                slug="challenges-by-status",
                title="Challenges by status and type",
                columns=[Column("status", "Status"), *_type_columns(), Column("total", "Total", numeric=True)],
                rows=[
                    {
                        "status": status.label,
                        **{t: by_status_and_type[status.value, t] for t in ChallengeType.values},
                        "total": sum(by_status_and_type[status.value, t] for t in ChallengeType.values),
                    }
                    for status in ChallengeStatus
                ],
                description=f"Challenges counted in {where}, by the status they have now and type of challenge.",
            ),
            Table(
                slug="challenges-by-region",
                title="Challenges by region",
                columns=[
                    Column("region", "Region"),
                    *[Column(stage.key, stage.label, numeric=True) for stage in STAGES if stage.key in LIVE_STAGES],
                    Column("total", "Total", numeric=True),
                ],
                rows=region_rows,
                description=(
                    f"Challenges counted in {where} in discussion, booked and delivered, by the region of the "
                    "authority challenged; the total leaves out postponed and cancelled challenges."
                ),
                chart=Chart(label="region", values=tuple(stage.key for stage in STAGES if stage.key in LIVE_STAGES)),
            ),
            _delivered_per_year(period),
            _challenges_in_period(period, where=where),
        ],
        figures={
            **stage_totals,
            "total": sum(stage_totals.values()),
            "by_type": [
                {
                    "type": challenge_type.value,
                    "label": challenge_type.label,
                    **{stage: by_stage_and_type[stage, challenge_type.value] for stage in LIVE_STAGES},
                }
                for challenge_type in ChallengeType
            ],
            "by_region": [
                {"region": region.value, "label": region.label, **{stage: row[stage] for stage in LIVE_STAGES}}
                for region, row in zip(regions, region_rows, strict=True)
            ],
        },
    )


def _counts(period) -> dict:
    """(region, status, type) -> the number of the period's challenges, summed in the database."""
    rows = (
        period.challenges(Challenge.objects.all())
        .values("authority__region", "status", "challenge_type")
        .annotate(challenges=Count("pk"))
        .order_by()
    )
    return {(row["authority__region"], row["status"], row["challenge_type"]): row["challenges"] for row in rows}


def _delivered_per_year(period) -> Table:
    """Delivered challenges per year of the period's kind, newest first, from the first year
    with one to the period's; summed by month in the database, folded into years here."""
    months = (
        period.in_region(Challenge.objects.filter(status__in=DELIVERED_STATUSES))
        .annotate(counted_on=counted_on())
        .filter(counted_on__lte=period.last_day)
        .values("challenge_type", month=month_text("counted_on"))
        .annotate(challenges=Count("pk"))
        .order_by()
    )
    by_year_and_type = Counter()
    for row in months:
        by_year_and_type[period.year_of_month(row["month"]), row["challenge_type"]] += row["challenges"]
    years = period.years_to_here(min(year for year, _ in by_year_and_type)) if by_year_and_type else []
    return Table(
        slug="delivered-per-year",
        title="Challenges delivered each year",
        columns=[Column("year", "Year"), *_type_columns(), Column("total", "Total", numeric=True)],
        rows=[
            {
                "year": period.year_label(year),
                **{t: by_year_and_type[year, t] for t in ChallengeType.values},
                "total": sum(by_year_and_type[year, t] for t in ChallengeType.values),
            }
            for year in years
        ],
        description=(
            f"Challenges delivered (the visit over, from the feedback on the last day on site to the close), "
            f"by {'financial' if period.is_financial else 'calendar'} year of their last day on site and type, "
            f"in {period.region_label}, up to {period.long_label}."
        ),
        chart=Chart(label="year", values=("total",)),
        empty="No challenge delivered up to this period.",
    )


def _challenges_in_period(period, *, where) -> Table:
    rows = (
        period.challenges(Challenge.objects.all())
        .order_by("counted_on", "authority__name", "pk")
        .values(
            "authority__name", "authority__region", "challenge_type", "status", "start_date", "end_date", "second_end_date",
        )
    )
    return Table(
        slug="challenges-in-period",
        title="Challenges in the period",
        columns=[
            Column("authority", "Authority"),
            Column("region", "Region"),
            Column("type", "Type of challenge"),
            Column("status", "Status"),
            Column("stage", "Stage"),
            Column("start_date", "First day on site"),
            Column("last_day", "Last day on site"),
        ],
        rows=[
            {
                "authority": row["authority__name"],
                "region": Region(row["authority__region"]).label,
                "type": ChallengeType(row["challenge_type"]).label,
                "status": ChallengeStatus(row["status"]).label,
                "stage": STAGE_OF_STATUS[row["status"]].label,
                "start_date": row["start_date"],
                "last_day": row["second_end_date"] or row["end_date"],
            }
            for row in rows
        ],
        description=(
            f"Every challenge counted in {where}, by the day it counts on (its last day on site, or its "
            "request while it has no dates), then by authority."
        ),
        empty="No challenge counts in this period.",
    )
