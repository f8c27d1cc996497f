"""Reads of the evaluations of challenges: one challenge's answers and figures for the LGA
staff who oversee it, and the programme's yearly summary for the committee report."""

import datetime

from django.db.models import Avg, Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from challenges.choices import EVALUATION_QUESTIONS, ChallengeStatus, EvaluationRole
from challenges.models import Challenge, Evaluation
from challenges.models.challenge import EARLIEST_CHALLENGE, YEARS_AHEAD
from challenges.selectors.challenge import challenges_managed_by

RATING_FIELDS = [field for field, _ in EVALUATION_QUESTIONS]
# The statuses of a challenge whose report is out, and so whose evaluation may be under way.
EVALUATED_STATUSES = (ChallengeStatus.PUBLISHED, ChallengeStatus.PROGRESS_REVIEW, ChallengeStatus.CLOSED)
# The financial year starts on 1 April.
FIRST_MONTH_OF_YEAR = 4


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
    return f"{year} to {year + 1}"


def evaluation_summary_by_year(*, region=None) -> list[dict]:
    """The programme's evaluations summed up per financial year (1 April to 31 March), newest
    year first: a challenge counts in the year of its last day on site (its second phase's
    end if it had one; the date its people were asked, for a challenge with no dates on record).

    Each year is a plain dict: `year` (the calendar year it starts in), `label` ("2026 to 2027"),
    `first_day` and `last_day` (dates), `challenges` (how many challenges asked anyone),
    `invited` (people asked), `answered` (people who answered), and `averages` (rating field
    of EVALUATION_QUESTIONS -> the average rating as a float, None when no one answered).
    With `region`, only the challenges of that region's authorities count. Computed in the
    database in one query, however many evaluations there are; the committee report reads it."""
    evaluations = Evaluation.objects.all()
    if region:
        evaluations = evaluations.filter(challenge__authority__region=region)
    counted_on = Coalesce("challenge__second_end_date", "challenge__end_date", TruncDate("invited_at"))
    # The year by comparing dates with each year's first day, not by taking the date apart:
    # comparisons are the database's own on every engine, where SQLite extracts a month or a
    # year by calling back into Python for each row.
    years = range(EARLIEST_CHALLENGE.year - 1, timezone.localdate().year + YEARS_AHEAD + 1)
    financial_year = Case(
        *(When(counted_on__gte=datetime.date(year, FIRST_MONTH_OF_YEAR, 1),
               counted_on__lt=datetime.date(year + 1, FIRST_MONTH_OF_YEAR, 1), then=Value(year)) for year in years),
        output_field=IntegerField(),
    )
    rows = (
        evaluations.annotate(counted_on=counted_on)
        .annotate(financial_year=financial_year)
        .values("financial_year")
        .annotate(challenges=Count("challenge", distinct=True), **_figures())
        .order_by("-financial_year")
    )
    return [
        {
            "year": row["financial_year"],
            "label": financial_year_label(row["financial_year"]),
            "first_day": datetime.date(row["financial_year"], FIRST_MONTH_OF_YEAR, 1),
            "last_day": datetime.date(row["financial_year"] + 1, FIRST_MONTH_OF_YEAR, 1) - datetime.timedelta(days=1),
            "challenges": row["challenges"],
            "invited": row["invited"],
            "answered": row["answered"],
            "averages": _averages(row),
        }
        for row in rows
    ]

