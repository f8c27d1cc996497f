"""What the challenge page's follow-up panels show (findings, factual accuracy check, action
plan, progress review, evaluation), read in one query: a row of the challenge with a
correlated subquery for each figure, so that the page asks the database once whatever the
number of findings, comments, actions or evaluations. The panels' tags take their part from
it (challenges/templatetags/*_tags.py); the slices' own pages keep their own selectors."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connections, router
from django.db.models import F, FloatField, Func, IntegerField, OuterRef, Q, QuerySet, Subquery

from challenges.choices import (
    COMPLETED_STATUSES,
    EVALUATION_QUESTIONS,
    ChallengeStatus,
    EvaluationRole,
    FindingKind,
    FindingState,
)
from challenges.models import (
    Challenge,
    Evaluation,
    FactualCheck,
    FactualCheckComment,
    Finding,
    PlannedAction,
    RecommendationResponse,
)
from challenges.selectors.finding import kind_counts

# A check is sent as the challenge moves to the factual accuracy check: before then there is
# none to read. The action plan, the progress review and the evaluation follow the report's
# publication. Those parts are not read (not even as a subquery) before they can exist.
BEFORE_THE_CHECK = frozenset({
    ChallengeStatus.REQUESTED, ChallengeStatus.SCOPING, ChallengeStatus.CONFIRMED, ChallengeStatus.ON_SITE,
    ChallengeStatus.FEEDBACK_GIVEN, ChallengeStatus.REPORT_DRAFTING,
})
AFTER_PUBLICATION = COMPLETED_STATUSES
RATING_FIELDS = [field for field, _ in EVALUATION_QUESTIONS]


@dataclass(frozen=True)
class Person:
    full_name: str


@dataclass(frozen=True)
class CheckSummary:
    """The challenge's latest factual accuracy check as its panel shows it."""

    id: int
    sent_at: datetime.datetime
    sent_by: Person
    deadline: datetime.date
    submitted_at: datetime.datetime | None
    submitted_by: Person | None
    comment_count: int
    answered_count: int

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


@dataclass(frozen=True)
class PlanSummary:
    id: int
    finalised_at: datetime.datetime | None
    responses_count: int
    actions_count: int

    @property
    def is_final(self) -> bool:
        return self.finalised_at is not None


@dataclass(frozen=True)
class ReviewSummary:
    id: int
    scheduled_for: datetime.date
    completed_at: datetime.datetime | None


def _count(queryset: QuerySet) -> Subquery:
    """COUNT(*) of the rows a correlated queryset matches, as a scalar subquery (no GROUP BY:
    always one row, 0 when none match)."""
    return Subquery(queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"), output_field=IntegerField())


def _average(queryset: QuerySet, field: str) -> Subquery:
    """AVG of a rating over a correlated queryset (NULL, so None, when no one has answered)."""
    return Subquery(queryset.order_by().annotate(n=Func(F(field), function="AVG", output_field=FloatField())).values("n"))


def _findings_columns() -> dict:
    findings = Finding.objects.filter(challenge=OuterRef("pk"))
    accepted = findings.filter(state=FindingState.ACCEPTED)
    return {
        "findings_drafts": _count(findings.filter(state=FindingState.DRAFT)),
        **{f"findings_{kind.value}": _count(accepted.filter(kind=kind)) for kind in FindingKind},
    }


def _check_columns() -> dict:
    latest = FactualCheck.objects.filter(challenge=OuterRef("pk")).order_by("-sent_at", "-id")
    comments = FactualCheckComment.objects.filter(factual_check_id=OuterRef("check_id"))
    return {
        "check_id": Subquery(latest.values("id")[:1]),
        **{
            f"check_{field}": Subquery(latest.values(path)[:1])
            for field, path in [
                ("sent_at", "sent_at"), ("sent_by", "sent_by__full_name"), ("deadline", "deadline"),
                ("submitted_at", "submitted_at"), ("submitted_by", "submitted_by__full_name"),
            ]
        },
        "check_comments": _count(comments),
        "check_answered": _count(comments.filter(~Q(outcome=""))),
    }


def _after_publication_columns() -> dict:
    evaluations = Evaluation.objects.filter(challenge=OuterRef("pk"))
    return {
        # The plan and the review are one-to-one: joined, they add no rows.
        "plan_id": F("action_plan__id"),
        "plan_finalised_at": F("action_plan__finalised_at"),
        "plan_responses": _count(RecommendationResponse.objects.filter(plan__challenge=OuterRef("pk"))),
        "plan_actions": _count(PlannedAction.objects.filter(response__plan__challenge=OuterRef("pk"))),
        "review_id": F("progress_review__id"),
        "review_scheduled_for": F("progress_review__scheduled_for"),
        "review_completed_at": F("progress_review__completed_at"),
        "evaluation_invited": _count(evaluations),
        "evaluation_answered": _count(evaluations.filter(answered_at__isnull=False)),
        "evaluation_chairs": _count(evaluations.filter(role=EvaluationRole.CHAIR)),
        "evaluation_chief_fire_officers": _count(evaluations.filter(role=EvaluationRole.CHIEF_FIRE_OFFICER)),
        **{f"evaluation_{field}": _average(evaluations, field) for field in RATING_FIELDS},
    }


def challenge_follow_up(*, challenge) -> dict:
    """Everything the challenge page's follow-up panels show, in one query:

    - `findings`: {"counts": a count of each kind in the report (kind_counts), "drafts": the
      drafts waiting, "total": the findings in the report};
    - `factual_check`: the latest check (CheckSummary) or None, None before the check;
    - `action_plan`: the authority's plan so far ({"plan": PlanSummary or None,
      "recommendations_count"}), None before publication;
    - `progress_review`: ReviewSummary, None if not scheduled, False before publication;
    - `evaluation`: as evaluation_figures, None before publication.

    Parts the challenge's status rules out are not read. Sees nothing of the user: the panels
    decide who is shown what."""
    published = challenge.status in AFTER_PUBLICATION
    row = _row(challenge, with_check=challenge.status not in BEFORE_THE_CHECK, published=published)
    return {
        "findings": _findings(row),
        "factual_check": _check(row) if "check_id" in row else None,
        "action_plan": _plan(row) if published else None,
        "progress_review": _review(row) if published else False,
        "evaluation": _evaluation(row) if published else None,
    }


class _Compiled(NamedTuple):
    query: object  # the ORM's query, to convert the row's values as the ORM would
    sql: str
    params: tuple
    names: list[str]
    fields: list


# A placeholder for the challenge's id in the compiled SQL: no challenge has a negative id.
_CHALLENGE_ID = -730_001
_compiled: dict[tuple, _Compiled] = {}


def _row(challenge, *, with_check: bool, published: bool) -> dict:
    """The challenge's row of figures. Putting two dozen subqueries together costs the ORM
    several milliseconds, more than the rest of the page's queries: their SQL depends only on
    the database and on which parts are read, so it is compiled once for each and run with the
    challenge's id (still one query, converted as the ORM converts it)."""
    alias = router.db_for_read(Challenge)
    connection = connections[alias]
    key = (alias, connection.vendor, with_check, published)
    compiled = _compiled.get(key)
    if compiled is None:
        compiled = _compiled[key] = _compile(alias, with_check=with_check, published=published)
    params = tuple(challenge.pk if param == _CHALLENGE_ID else param for param in compiled.params)
    with connection.cursor() as cursor:
        cursor.execute(compiled.sql, params)
        rows = cursor.fetchall()
    if not rows:
        raise Challenge.DoesNotExist(f"No challenge {challenge.pk}")
    compiler = compiled.query.get_compiler(connection=connection)
    converters = compiler.get_converters(compiled.fields)
    [row] = compiler.apply_converters(rows, converters) if converters else rows
    return dict(zip(compiled.names, row, strict=True))


def _compile(alias, *, with_check: bool, published: bool) -> _Compiled:
    columns = _findings_columns()
    if with_check:
        columns |= _check_columns()
    if published:
        columns |= _after_publication_columns()
    query = Challenge.objects.filter(pk=_CHALLENGE_ID).values(**columns).query
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    if sum(param == _CHALLENGE_ID for param in params) != 1:
        raise ValueError("The follow-up query must take the challenge's id as its one parameter of that value")
    names = [name for _, _, name in compiler.select]
    return _Compiled(query, sql, tuple(params), names, [expression for expression, _, _ in compiler.select])


def challenge_follow_up_of(challenge) -> dict:
    """challenge_follow_up, read once for the challenge object whichever panel asks first
    (the page hands every panel the same object)."""
    follow_up = getattr(challenge, "_follow_up", None)
    if follow_up is None:
        follow_up = challenge._follow_up = challenge_follow_up(challenge=challenge)
    return follow_up


def _findings(row: dict) -> dict:
    counts = kind_counts({kind: row[f"findings_{kind.value}"] for kind in FindingKind})
    return {"counts": counts, "drafts": row["findings_drafts"], "total": sum(count["count"] for count in counts)}


def _check(row: dict) -> CheckSummary | None:
    if row["check_id"] is None:
        return None
    return CheckSummary(
        id=row["check_id"], sent_at=row["check_sent_at"], sent_by=Person(row["check_sent_by"]),
        deadline=row["check_deadline"], submitted_at=row["check_submitted_at"],
        submitted_by=Person(row["check_submitted_by"]) if row["check_submitted_by"] is not None else None,
        comment_count=row["check_comments"], answered_count=row["check_answered"],
    )


def _plan(row: dict) -> dict:
    plan = None
    if row["plan_id"] is not None:
        plan = PlanSummary(
            id=row["plan_id"], finalised_at=row["plan_finalised_at"],
            responses_count=row["plan_responses"], actions_count=row["plan_actions"],
        )
    return {"plan": plan, "recommendations_count": row[f"findings_{FindingKind.RECOMMENDATION.value}"]}


def _review(row: dict) -> ReviewSummary | None:
    if row["review_id"] is None:
        return None
    return ReviewSummary(id=row["review_id"], scheduled_for=row["review_scheduled_for"], completed_at=row["review_completed_at"])


def _evaluation(row: dict) -> dict:
    averages = {field: row[f"evaluation_{field}"] for field in RATING_FIELDS}
    return {
        "invited": row["evaluation_invited"],
        "answered": row["evaluation_answered"],
        "averages": averages,
        "questions": [{"question": question, "average": averages[field]} for field, question in EVALUATION_QUESTIONS],
        "has_chair": row["evaluation_chairs"] > 0,
        "has_chief_fire_officer": row["evaluation_chief_fire_officers"] > 0,
    }
