"""Lead times against the published timings (DOMAIN.md, "The life of a challenge"): from the
request to the first day on site; from the last day on site to the first publication of the
feedback report (within 3 months); from that publication to the authority's final action plan
(within 5 months); from the last day on site to the completed progress review (about 10
months on, due then); with the late steps listed.

Challenges counted in the period (period.py) whose visit is booked or over are measured, as
they stood on `as_of`: a step is measured once it is done by then (a step done after it was
still waiting). A step is late when done after its due day, or not done while the challenge
still waits on it and its due day is before `as_of`. A challenge that has passed a step with no
date on record for it (history recorded before the service) is neither measured nor late on
that step; nor is the time from a request that was not recorded (a challenge recorded after its
visit, or imported, which takes the visit's day as its request).

Figures: `measures` (in the table's order: key, label, target, measured, median_days, on_time,
late; a measure with no published timing has target "" and on_time and late None) and `late`
(the rows of "late-steps").

One query reads the period's challenges with the days their steps were done (bounded by one
year's challenges); the medians and the late steps are worked out here."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Min, Q
from django.utils import timezone

from challenges.choices import BOOKED_STATUSES, DELIVERED_STATUSES, ChallengeStatus, ChallengeType
from challenges.insight.tables import Chart, Column, Section, Table
from challenges.models import Challenge
from challenges.timings import TIMINGS
from peersupport.formats import long_date

S = ChallengeStatus
# The feedback report's kind (reports.choices.ReportKind.FEEDBACK), read through the reverse
# relation Challenge.reports: challenges must not import reports, which imports challenges.
FEEDBACK_REPORT_KIND = "feedback"


def _months_for(status) -> int:
    """The months after the visit of the published timing a challenge in `status` waits on."""
    return next(timing.months for timing in TIMINGS if status in timing.statuses)


PUBLICATION_MONTHS = _months_for(S.FACTUAL_CHECK)
PROGRESS_REVIEW_MONTHS = _months_for(S.PUBLISHED)
# DOMAIN.md ("The life of a challenge", step 8): the authority's action plan within 5 months of
# publication. The daily check (challenges/services/timings.py) does not watch this step.
ACTION_PLAN_MONTHS = 5

# Challenges whose visit is booked or over: the only ones with steps to measure.
VISIT_STATUSES = (*BOOKED_STATUSES, *DELIVERED_STATUSES)


@dataclass(frozen=True)
class Measure:
    """A lead time: its `step` (as the late steps name it), due `months` after its start
    (None: no published timing), and the statuses in which a challenge still waits on the step."""

    key: str
    label: str
    step: str
    target: str = ""
    months: int | None = None
    waiting: tuple = ()


MEASURES = (
    Measure("request_to_visit", "Request to first day on site", "First day on site"),
    Measure(
        "visit_to_publication", "Last day on site to report published", "Report published",
        f"Within {PUBLICATION_MONTHS} months", PUBLICATION_MONTHS,
        (S.CONFIRMED, S.ON_SITE, S.FEEDBACK_GIVEN, S.REPORT_DRAFTING, S.FACTUAL_CHECK),
    ),
    Measure(
        "publication_to_action_plan", "Report published to action plan published", "Action plan published",
        f"Within {ACTION_PLAN_MONTHS} months", ACTION_PLAN_MONTHS, (S.PUBLISHED, S.PROGRESS_REVIEW),
    ),
    Measure(
        "visit_to_progress_review", "Last day on site to progress review", "Progress review completed",
        f"About {PROGRESS_REVIEW_MONTHS} months", PROGRESS_REVIEW_MONTHS, tuple(s for s in VISIT_STATUSES if s != S.CLOSED),
    ),
)

STEP_ORDER = {measure.step: position for position, measure in enumerate(MEASURES)}


def lead_times_section(period, *, today) -> Section:
    """The lead times section for the period (see the module's docstring), taken on
    `period.as_of(today)`, in one query."""
    as_of = period.as_of(today)
    where = f"{period.long_label} in {period.region_label}"
    measures, late_rows = _measure(_challenges(period), as_of=as_of)
    return Section(
        slug="lead-times",
        title="Lead times",
        tables=[
            Table(
                slug="lead-times",
                title="Lead times against the published timings",
                columns=[
                    Column("measure", "From and to"),
                    Column("target", "Published timing"),
                    Column("measured", "Challenges measured", numeric=True),
                    Column("median_days", "Median days", numeric=True),
                    Column("on_time", "On time", numeric=True),
                    Column("late", "Late", numeric=True),
                ],
                rows=[
                    {key: measure[key] for key in ("measured", "median_days", "on_time", "late")}
                    | {"measure": measure["label"], "target": measure["target"]}
                    for measure in measures
                ],
                description=(
                    f"Days between the steps of the challenges counted in {where} whose visit is booked or over: "
                    "the median of the steps done (a visit, once begun). Late counts the steps done after their "
                    f"due day and those not done by {long_date(as_of)} whose due day had passed; a step with no "
                    "date on record that the challenge has passed (history from before the service) is not measured."
                ),
                chart=Chart(label="measure", values=("median_days",)),
            ),
            Table(
                slug="late-steps",
                title="Late steps",
                columns=[
                    Column("authority", "Authority"),
                    Column("type", "Type of challenge"),
                    Column("step", "Step"),
                    Column("due", "Due"),
                    Column("done", "Done"),
                    Column("days_late", "Days late", numeric=True),
                ],
                rows=late_rows,
                description=(
                    f"Steps of the challenges counted in {where} done after their due day, or not done by "
                    f"{long_date(as_of)} when due before it, by due day. Days late run to the day the step was "
                    f"done, or to {long_date(as_of)}."
                ),
                empty="No step is late.",
            ),
        ],
        figures={"measures": measures, "late": len(late_rows)},
    )


def _challenges(period) -> list[dict]:
    """The period's challenges with a visit booked or over, each with the days its steps were
    done, in one query."""
    rows = (
        period.challenges(Challenge.objects.filter(status__in=VISIT_STATUSES))
        .values(
            "pk", "authority__name", "challenge_type", "status", "requested_on", "start_date", "end_date",
            "second_end_date", "action_plan__finalised_at", "progress_review__completed_at",
        )
        .annotate(first_published_at=Min("reports__published_at", filter=Q(reports__kind=FEEDBACK_REPORT_KIND)))
        .order_by()
    )
    return [
        {
            "authority": row["authority__name"],
            "type": ChallengeType(row["challenge_type"]).label,
            "status": row["status"],
            "requested_on": row["requested_on"],
            "start_date": row["start_date"],
            "last_day": row["second_end_date"] or row["end_date"],
            "published": _day(row["first_published_at"]),
            "action_plan": _day(row["action_plan__finalised_at"]),
            "progress_review": _day(row["progress_review__completed_at"]),
        }
        for row in rows
    ]


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    """The day a moment was in the UK."""
    return timezone.localdate(moment) if moment else None


def _step(challenge, measure) -> tuple:
    """The day a measure of the challenge starts and the day its step was done (or None)."""
    if measure.key == "request_to_visit":
        # A challenge recorded after its visit, or imported, has the visit's day as its request
        # (challenges/services/challenge.py, programme_csv.py): no request on record to time.
        requested, begun = challenge["requested_on"], challenge["start_date"]
        return (requested, begun) if requested and begun and requested < begun else (None, None)
    if measure.key == "visit_to_publication":
        return challenge["last_day"], challenge["published"]
    if measure.key == "publication_to_action_plan":
        return challenge["published"], challenge["action_plan"]
    return challenge["last_day"], challenge["progress_review"]


def _measure(challenges, *, as_of) -> tuple[list[dict], list[dict]]:
    """The figures of each measure, and the late steps by due day."""
    measures, late_rows = [], []
    for measure in MEASURES:
        days, on_time, late = [], 0, 0
        for challenge in challenges:
            start, done = _step(challenge, measure)
            if start is None or start > as_of:  # not begun by then
                continue
            # Figures stand as on `as_of`: a step done after it was still waiting then.
            waiting = challenge["status"] in measure.waiting or (done is not None and done > as_of)
            done = done if done is not None and done <= as_of else None
            if done is not None:
                days.append((done - start).days)
            if measure.months is None:
                continue
            due = start + relativedelta(months=measure.months)
            if done is not None and done <= due:
                on_time += 1
            elif done is not None or (due < as_of and waiting):
                late += 1
                late_rows.append({
                    "authority": challenge["authority"], "type": challenge["type"], "step": measure.step,
                    "due": due, "done": done, "days_late": ((done or as_of) - due).days,
                })
        measures.append({
            "key": measure.key, "label": measure.label, "target": measure.target, "measured": len(days),
            "median_days": _median(days),
            "on_time": on_time if measure.months else None, "late": late if measure.months else None,
        })
    late_rows.sort(key=lambda row: (row["due"], row["authority"], STEP_ORDER[row["step"]]))
    return measures, late_rows


def _median(days: list[int]) -> int | None:
    """The middle number of days; of an even count, the mean of the middle two, a half rounded up."""
    if not days:
        return None
    days = sorted(days)
    middle = len(days) // 2
    return days[middle] if len(days) % 2 else (days[middle - 1] + days[middle] + 1) // 2
