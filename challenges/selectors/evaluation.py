"""Reads of the evaluations of challenges: one challenge's answers and figures for the LGA
staff who oversee it, and the programme's yearly summary for the committee report."""

from django.db.models import Avg, Case, Count, IntegerField, Q, QuerySet, Sum, When
from django.db.models.functions import Coalesce

from challenges.choices import EVALUATION_QUESTIONS, ChallengeStatus, EvaluationRole
from challenges.insight.period import FIRST_YEAR, InsightPeriod, YearKind, month_text
from challenges.models import Challenge, Evaluation
from challenges.selectors.challenge import challenges_managed_by

RATING_FIELDS = [field for field, _ in EVALUATION_QUESTIONS]
# The statuses of a challenge whose report is out, and so whose evaluation may be under way.
EVALUATED_STATUSES = (ChallengeStatus.PUBLISHED, ChallengeStatus.PROGRESS_REVIEW, ChallengeStatus.CLOSED)


def challenges_with_evaluations_seen_by(*, user) -> QuerySet[Challenge]:
    """The challenges whose evaluation the user may see: the LGA staff who oversee them
    (challenges.see_evaluations is the rule that they oversee the challenge)."""
    return challenges_managed_by(user=user)


def evaluations_for_challenge(*, challenge) -> QuerySet[Evaluation]:
    """Everyone asked to evaluate the challenge, the authority's chair and chief fire officer
    first, then the peers, by name."""
    role_order = Case(
        *[When(role=role, then=position) for position, role in enumerate(EvaluationRole.values)], output_field=IntegerField()
    )
    return challenge.evaluations.annotate(role_order=role_order).order_by("role_order", "name", "pk")


def _figures(**filters) -> dict:
    """The aggregates every table of figures shows: how many were asked, how many answered,
    and the average of each rating (None when no one has answered), in one query's columns."""
    return {
        "invited": Count("pk", **filters),
        "answered": Count("pk", filter=Q(answered_at__isnull=False), **filters),
        **{f"{field}_average": Avg(field, **filters) for field in RATING_FIELDS},
    }


def _averages(row: dict) -> dict:
    return {field: row[f"{field}_average"] for field in RATING_FIELDS}


def evaluation_figures(*, challenge) -> dict:
    """The challenge's evaluation in figures, in one query: `invited`, `answered`,
    `averages` (rating field -> the average as a float, None with no answers yet), and
    whether its chair and chief fire officer were asked (`has_chair`, `has_chief_fire_officer`:
    one without an authority contact on record is not)."""
    row = challenge.evaluations.aggregate(
        **_figures(),
        chairs=Count("pk", filter=Q(role=EvaluationRole.CHAIR)),
        chief_fire_officers=Count("pk", filter=Q(role=EvaluationRole.CHIEF_FIRE_OFFICER)),
    )
    return {
        "invited": row["invited"],
        "answered": row["answered"],
        "averages": _averages(row),
        "questions": [{"question": question, "average": row[f"{field}_average"]} for field, question in EVALUATION_QUESTIONS],
        "has_chair": row["chairs"] > 0,
        "has_chief_fire_officer": row["chief_fire_officers"] > 0,
    }


def financial_year_label(year: int) -> str:
    """"2026 to 2027" for the year from 1 April 2026 to 31 March 2027."""
    return InsightPeriod(year=year, year_kind=YearKind.FINANCIAL).year_label(year)


def evaluation_summary_by_year(*, region=None, year_kind=YearKind.FINANCIAL) -> list[dict]:
    """The programme's evaluations summed up per year, newest year first: per financial year
    (1 April to 31 March) unless `year_kind` is YearKind.CALENDAR. A challenge counts in the
    year of its last day on site (its second phase's end if it had one; the day it was
    requested, for a challenge with no dates on record): the rule of the programme's insight
    (challenges/insight/period.py), so that its evaluation figures fall in the same years
    as its other figures.

    Each year is a plain dict: `year` (the calendar year it starts in), `label` ("2026 to 2027",
    or "2026" for a calendar year), `first_day` and `last_day` (dates), `challenges` (how many
    challenges asked anyone), `invited` (people asked), `answered` (people who answered), and
    `averages` (rating field of EVALUATION_QUESTIONS -> the average rating as a float, None
    when no one answered). With `region`, only the challenges of that region's authorities
    count. Summed in the database in one query, however many evaluations there are; the
    committee report and the insight page read it."""
    evaluations = Evaluation.objects.all()
    if region:
        evaluations = evaluations.filter(challenge__authority__region=region)
    counted_on = Coalesce("challenge__second_end_date", "challenge__end_date", "challenge__requested_on")
    # Summed in the database by month, then the months folded into years here
    # (InsightPeriod.year_of_month): a dozen rows a year at most. A challenge's evaluations
    # all fall in one month, so its count adds up across the months.
    months = (
        evaluations.annotate(month=month_text(counted_on))
        .values("month")
        .annotate(
            challenges=Count("challenge", distinct=True), invited=Count("pk"),
            answered=Count("pk", filter=Q(answered_at__isnull=False)),
            **{f"{field}_sum": Sum(field) for field in RATING_FIELDS},
        )
        .order_by()
    )
    # Any year of the kind: only its kind decides which year a month falls in.
    kind = InsightPeriod(year=FIRST_YEAR, year_kind=year_kind)
    years = {}
    for row in months:
        totals = years.setdefault(kind.year_of_month(row["month"]), dict.fromkeys(
            ["challenges", "invited", "answered", *(f"{field}_sum" for field in RATING_FIELDS)], 0
        ))
        for name in totals:
            totals[name] += row[name] or 0
    summary = []
    for year, totals in sorted(years.items(), reverse=True):
        period = InsightPeriod(year=year, year_kind=year_kind)
        summary.append({
            "year": year,
            "label": period.label,
            "first_day": period.first_day,
            "last_day": period.last_day,
            "challenges": totals["challenges"],
            "invited": totals["invited"],
            "answered": totals["answered"],
            # Every answer rates every question (a database check): each average is over the answers.
            "averages": {
                field: totals[f"{field}_sum"] / totals["answered"] if totals["answered"] else None for field in RATING_FIELDS
            },
        })
    return summary
