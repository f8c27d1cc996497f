"""The lead times section (challenges/insight/lead_times.py): every figure and late step
checked against a small programme worked out by hand."""

import datetime

import pytest

from authorities.choices import Region
from authorities.models import Authority
from authorities.tests.factories import LgaAdminFactory
from challenges.choices import ChallengeStatus, ChallengeType
from challenges.insight.lead_times import (
    ACTION_PLAN_MONTHS,
    PROGRESS_REVIEW_MONTHS,
    PUBLICATION_MONTHS,
    lead_times_section,
)
from challenges.insight.period import InsightPeriod, YearKind
from challenges.tests.factories import ActionPlanFactory, ChallengeFactory, ProgressReviewFactory
from reports.choices import ReportKind, ReportStatus
from reports.tests.factories import FeedbackReportFactory

pytestmark = pytest.mark.integration

S = ChallengeStatus
T = ChallengeType
UTC = datetime.UTC
FY_2025 = InsightPeriod(year=2025)
# The period is still running: the late steps are taken on this day.
TODAY = datetime.date(2026, 2, 15)
AVON = "Avon Fire Authority"
DEVON = "Devon and Somerset Fire and Rescue Service"
KENT = "Kent and Medway Fire and Rescue Authority"
LANCASHIRE = "Lancashire Combined Fire Authority"
SURREY = "Surrey County Council"
OA = T.OPERATIONAL_ASSESSMENT.label
DEEP_DIVE = T.DEEP_DIVE.label
PRE_INSPECTION = T.PRE_INSPECTION.label
PUBLISHED = "Report published"
PLAN = "Action plan published"
REVIEW = "Progress review completed"


def _d(year, month, day):
    return datetime.date(year, month, day)


def _noon(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=UTC)


def _challenge(slug, challenge_type, status, requested_on, dates, second=None):
    second_start, second_end = second or (None, None)
    return ChallengeFactory(
        authority=Authority.objects.get(slug=slug), challenge_type=challenge_type, status=status, requested_on=requested_on,
        start_date=dates[0], end_date=dates[1], second_start_date=second_start, second_end_date=second_end,
        status_reason="The authority asked to wait." if status == S.POSTPONED else "",
    )


def _published(challenge, at, **kwargs):
    return FeedbackReportFactory(challenge=challenge, published=True, published_at=at, **kwargs)


def _plan(challenge, finalised_at=None):
    by = LgaAdminFactory() if finalised_at else None
    return ActionPlanFactory(challenge=challenge, finalised_at=finalised_at, finalised_by=by)


def _review(challenge, completed_at=None):
    by = LgaAdminFactory() if completed_at else None
    return ProgressReviewFactory(challenge=challenge, scheduled_for=_d(2026, 1, 12), completed_at=completed_at, completed_by=by)


def make_programme():
    """Worked out by hand, for the financial year 2025 to 2026 as of 15 February 2026
    (request to visit; last day to publication, due 3 months on; publication to final action
    plan, due 5 months on; last day to completed progress review, due 10 months on):

    Avon, closed, OA: requested 1 Oct 2024, on site 7 to 10 Apr 2025: 188 days; published 20
      Jun 2025: 71 (due 10 Jul); plan 1 Oct 2025: 103 (due 20 Nov); review 20 Jan 2026: 285
      (due 10 Feb 2026). All on time.
    Lancashire, progress review, deep dive: requested 15 Jan 2025, on site 12 to 15 May 2025:
      117; first published 1 Sep 2025 (a later version 10 Oct, and a progress review report of
      1 Aug that is not the feedback report): 109, due 15 Aug, 17 days late; no final plan,
      due 1 Feb 2026: late, 14 days to 15 Feb; review due 15 Mar 2026: not yet due.
    Kent, factual check, pre-inspection: requested 1 Jun 2025, on site 6 to 9 Oct 2025: 127;
      not published, due 9 Jan 2026: late, 37 days.
    Avon, report drafting, OA: requested 1 Sep 2025, on site 1 to 4 Dec 2025: 91; publication
      due 4 Mar 2026: not yet due.
    Cleveland, closed, OA, recorded from before the service: requested 2 Jan 2025, on site 7
      to 10 Apr 2025: 95; no report, plan or review on record: not measured, not late.
    Surrey, published, OA, two phases: requested 2 Dec 2024, on site from 3 Mar 2025 and
      again to 30 Apr 2025: 91; published at 23:30 UTC on 19 Aug 2025, 20 Aug in the UK: 112
      days after the second phase, due 30 Jul: 21 days late; plan 28 Nov 2025: 100 (due 20 Jan
      2026); review due 28 Feb 2026: not yet due.
    Devon and Somerset, closed, OA: requested 3 Feb 2025, on site 1 to 3 Apr 2025: 57;
      published 30 Jun 2025: 88 (due 3 Jul); plan 15 Dec 2025: 168, due 30 Nov: 15 days late;
      review 10 Feb 2026: 313, due 3 Feb: 7 days late.
    Kent, confirmed, OA: on site 9 to 12 Mar 2026: not begun, nothing measured.
    Not counted: Avon's postponed OA (its dates in May 2025); Avon's OA of January 2025 (2024
    to 2025) waiting for publication.

    Request to visit: 57, 91, 91, 95, 117, 127, 188: median 95. Publication: 71, 88, 109, 112:
    median 98.5, 99; 2 on time, 3 late. Plan: 100, 103, 168: median 103; 2 on time, 2 late.
    Review: 285, 313: median 299; 1 on time, 1 late."""
    avon = _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.CLOSED, _d(2024, 10, 1), (_d(2025, 4, 7), _d(2025, 4, 10)))
    _published(avon, _noon(2025, 6, 20))
    _plan(avon, _noon(2025, 10, 1))
    _review(avon, _noon(2026, 1, 20))

    lancashire = _challenge("lancashire", T.DEEP_DIVE, S.PROGRESS_REVIEW, _d(2025, 1, 15), (_d(2025, 5, 12), _d(2025, 5, 15)))
    FeedbackReportFactory(
        challenge=lancashire, published=True, published_at=_noon(2025, 9, 1), status=ReportStatus.SUPERSEDED,
    )
    _published(lancashire, _noon(2025, 10, 10))
    _published(lancashire, _noon(2025, 8, 1), kind=ReportKind.PROGRESS_REVIEW)
    _plan(lancashire)
    _review(lancashire)

    _challenge("kent", T.PRE_INSPECTION, S.FACTUAL_CHECK, _d(2025, 6, 1), (_d(2025, 10, 6), _d(2025, 10, 9)))
    _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.REPORT_DRAFTING, _d(2025, 9, 1), (_d(2025, 12, 1), _d(2025, 12, 4)))
    _challenge("cleveland", T.OPERATIONAL_ASSESSMENT, S.CLOSED, _d(2025, 1, 2), (_d(2025, 4, 7), _d(2025, 4, 10)))

    surrey = _challenge(
        "surrey", T.OPERATIONAL_ASSESSMENT, S.PUBLISHED, _d(2024, 12, 2), (_d(2025, 3, 3), _d(2025, 3, 6)),
        (_d(2025, 4, 28), _d(2025, 4, 30)),
    )
    _published(surrey, datetime.datetime(2025, 8, 19, 23, 30, tzinfo=UTC))
    _plan(surrey, _noon(2025, 11, 28))

    devon = _challenge("devon-and-somerset", T.OPERATIONAL_ASSESSMENT, S.CLOSED, _d(2025, 2, 3), (_d(2025, 4, 1), _d(2025, 4, 3)))
    _published(devon, _noon(2025, 6, 30))
    _plan(devon, _noon(2025, 12, 15))
    _review(devon, _noon(2026, 2, 10))

    _challenge("kent", T.OPERATIONAL_ASSESSMENT, S.CONFIRMED, _d(2025, 11, 3), (_d(2026, 3, 9), _d(2026, 3, 12)))
    _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.POSTPONED, _d(2025, 1, 6), (_d(2025, 5, 5), _d(2025, 5, 8)))
    _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.FACTUAL_CHECK, _d(2024, 9, 2), (_d(2025, 1, 13), _d(2025, 1, 16)))


def _measure(key, label, target, measured, median_days, on_time=None, late=None):
    return {
        "key": key, "label": label, "target": target, "measured": measured, "median_days": median_days,
        "on_time": on_time, "late": late,
    }


def _late(authority, challenge_type, step, due, done, days_late):
    return {"authority": authority, "type": challenge_type, "step": step, "due": due, "done": done, "days_late": days_late}


def test_the_published_timings():
    assert (PUBLICATION_MONTHS, ACTION_PLAN_MONTHS, PROGRESS_REVIEW_MONTHS) == (3, 5, 10)


def test_lead_times_of_a_running_financial_year(db):
    make_programme()

    section = lead_times_section(FY_2025, today=TODAY)

    assert section.figures == {
        "measures": [
            _measure("request_to_visit", "Request to first day on site", "", 7, 95),
            _measure("visit_to_publication", "Last day on site to report published", "Within 3 months", 4, 99, 2, 3),
            _measure("publication_to_action_plan", "Report published to action plan published", "Within 5 months", 3, 103, 2, 2),
            _measure("visit_to_progress_review", "Last day on site to progress review", "About 10 months", 2, 299, 1, 1),
        ],
        "late": 6,
    }
    table = section.table("lead-times")
    assert table.rows[0] == {
        "measure": "Request to first day on site", "target": "", "measured": 7, "median_days": 95, "on_time": None, "late": None,
    }
    assert table.csv_header() == ["From and to", "Published timing", "Challenges measured", "Median days", "On time", "Late"]
    assert list(table.csv_rows()) == [
        ["Request to first day on site", "", "7", "95", "", ""],
        ["Last day on site to report published", "Within 3 months", "4", "99", "2", "3"],
        ["Report published to action plan published", "Within 5 months", "3", "103", "2", "2"],
        ["Last day on site to progress review", "About 10 months", "2", "299", "1", "1"],
    ]


def test_late_steps_done_late_and_overdue_by_due_day(db):
    """Done late (Surrey's and Lancashire's publication, Devon's plan and review), not done
    and overdue (Kent's publication, Lancashire's plan); not the steps not yet due, nor
    Cleveland's, recorded with no dates."""
    make_programme()

    table = lead_times_section(FY_2025, today=TODAY).table("late-steps")

    assert table.rows == [
        _late(SURREY, OA, PUBLISHED, _d(2025, 7, 30), _d(2025, 8, 20), 21),
        _late(LANCASHIRE, DEEP_DIVE, PUBLISHED, _d(2025, 8, 15), _d(2025, 9, 1), 17),
        _late(DEVON, OA, PLAN, _d(2025, 11, 30), _d(2025, 12, 15), 15),
        _late(KENT, PRE_INSPECTION, PUBLISHED, _d(2026, 1, 9), None, 37),
        _late(LANCASHIRE, DEEP_DIVE, PLAN, _d(2026, 2, 1), None, 14),
        _late(DEVON, OA, REVIEW, _d(2026, 2, 3), _d(2026, 2, 10), 7),
    ]
    assert table.csv_header() == ["Authority", "Type of challenge", "Step", "Due", "Done", "Days late"]
    assert list(table.csv_rows())[3:5] == [
        [KENT, PRE_INSPECTION, PUBLISHED, "2026-01-09", "", "37"],
        [LANCASHIRE, DEEP_DIVE, PLAN, "2026-02-01", "", "14"],
    ]


def test_a_past_period_is_taken_on_its_last_day(db):
    """Seen on 20 May 2026, the year is taken on 31 March 2026: Kent's March visit has begun
    (requested 3 Nov 2025: 126 days; median of eight, (95 + 117) / 2 = 106); Avon's December
    publication (due 4 Mar), Surrey's review (due 28 Feb) and Lancashire's (due 15 Mar) are
    now overdue, and the days late of the steps not done run to 31 March."""
    make_programme()

    section = lead_times_section(FY_2025, today=_d(2026, 5, 20))

    assert [(m["measured"], m["median_days"], m["on_time"], m["late"]) for m in section.figures["measures"]] == [
        (8, 106, None, None), (4, 99, 2, 4), (3, 103, 2, 2), (2, 299, 1, 3),
    ]
    assert [(row["authority"], row["step"], row["due"], row["days_late"]) for row in section.table("late-steps").rows] == [
        (SURREY, PUBLISHED, _d(2025, 7, 30), 21),
        (LANCASHIRE, PUBLISHED, _d(2025, 8, 15), 17),
        (DEVON, PLAN, _d(2025, 11, 30), 15),
        (KENT, PUBLISHED, _d(2026, 1, 9), 81),
        (LANCASHIRE, PLAN, _d(2026, 2, 1), 58),
        (DEVON, REVIEW, _d(2026, 2, 3), 7),
        (SURREY, REVIEW, _d(2026, 2, 28), 31),
        (AVON, PUBLISHED, _d(2026, 3, 4), 27),
        (LANCASHIRE, REVIEW, _d(2026, 3, 15), 16),
    ]
    assert section.figures["late"] == 9


def test_a_calendar_year_counts_the_january_visit_and_not_the_march_one(db):
    """The calendar year 2025, taken on 31 December 2025: Avon's visit of January 2025 counts
    (publication due 16 Apr: 259 days late; review due 16 Nov: 45), Kent's of March 2026 does
    not; Kent's October publication is not yet due on 31 December. Devon's review, due on 3
    February 2026 and done on 10 February, was neither due nor done on 31 December: the figures
    stand as on that day, so it is not listed."""
    make_programme()

    section = lead_times_section(InsightPeriod(year=2025, year_kind=YearKind.CALENDAR), today=TODAY)

    assert [(row["authority"], row["step"], row["due"], row["done"], row["days_late"]) for row in section.table("late-steps").rows] == [
        (AVON, PUBLISHED, _d(2025, 4, 16), None, 259),
        (SURREY, PUBLISHED, _d(2025, 7, 30), _d(2025, 8, 20), 21),
        (LANCASHIRE, PUBLISHED, _d(2025, 8, 15), _d(2025, 9, 1), 17),
        (AVON, REVIEW, _d(2025, 11, 16), None, 45),
        (DEVON, PLAN, _d(2025, 11, 30), _d(2025, 12, 15), 15),
    ]
    # Avon's January visit, requested 2 Sep 2024: 133 days; eight visits begun.
    assert section.figures["measures"][0]["measured"] == 8


def test_a_region_narrows_the_challenges_measured(db):
    """South West: Avon's closed and drafting challenges and Devon's (Cleveland is in the North
    East). Request: 57, 91, 188: median 91. Publication: 71, 88: 79.5, 80.
    Plan: 103, 168: 135.5, 136. Review: 285, 313: 299."""
    make_programme()

    section = lead_times_section(InsightPeriod(year=2025, region=Region.SOUTH_WEST), today=TODAY)

    assert [(m["measured"], m["median_days"], m["on_time"], m["late"]) for m in section.figures["measures"]] == [
        (3, 91, None, None), (2, 80, 2, 0), (2, 136, 1, 1), (2, 299, 1, 1),
    ]
    assert [(row["authority"], row["step"]) for row in section.table("late-steps").rows] == [(DEVON, PLAN), (DEVON, REVIEW)]
    assert section.figures["late"] == 2


def test_no_challenges_no_medians(db):
    section = lead_times_section(FY_2025, today=TODAY)

    assert [(m["measured"], m["median_days"], m["on_time"], m["late"]) for m in section.figures["measures"]] == [
        (0, None, None, None), (0, None, 0, 0), (0, None, 0, 0), (0, None, 0, 0),
    ]
    assert section.table("late-steps").rows == []
    assert section.figures["late"] == 0


def _more_challenges(count):
    """`count` more challenges of the year, each published with a final plan and a completed review."""
    for n in range(count):
        challenge = _challenge(
            ("avon", "kent", "lancashire", "surrey")[n % 4], T.OPERATIONAL_ASSESSMENT, S.CLOSED, _d(2025, 1, 6),
            (_d(2025, 4 + n % 6, 7), _d(2025, 4 + n % 6, 10)),
        )
        _published(challenge, _noon(2025, 10, 1))
        _published(challenge, _noon(2025, 11, 1), kind=ReportKind.PROGRESS_REVIEW)
        _plan(challenge, _noon(2025, 12, 1))
        _review(challenge, _noon(2026, 2, 1))


@pytest.mark.parametrize("period", [FY_2025, InsightPeriod(year=2025, region=Region.SOUTH_WEST)])
def test_lead_times_in_one_query_whatever_the_data(db, django_assert_num_queries, period):
    make_programme()
    with django_assert_num_queries(1):
        lead_times_section(period, today=TODAY)
    _more_challenges(20)

    with django_assert_num_queries(1):
        section = lead_times_section(period, today=TODAY)

    added = 20 if not period.region else 5
    assert section.figures["measures"][1]["measured"] == (4 if not period.region else 2) + added


def test_no_request_on_record_is_not_timed(db):
    """A challenge recorded after its visit (or imported) takes the visit's day as its request:
    0 days would be no lead time, so it is not timed; the one requested 57 days before is."""
    _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.CLOSED, _d(2025, 4, 7), (_d(2025, 4, 7), _d(2025, 4, 10)))
    _challenge("devon-and-somerset", T.OPERATIONAL_ASSESSMENT, S.CLOSED, _d(2025, 2, 3), (_d(2025, 4, 1), _d(2025, 4, 3)))

    section = lead_times_section(FY_2025, today=TODAY)

    assert section.figures["measures"][0] == _measure("request_to_visit", "Request to first day on site", "", 1, 57)


def test_a_past_period_takes_a_step_done_after_its_end_as_still_waiting(db):
    """The financial year 2024 to 2025, taken on 31 March 2025: Avon's January visit's report,
    due 16 April 2025 and published 1 May, is not yet late on 31 March (nor measured); Dorset's
    of October 2024, due 17 January 2025 and published 1 April 2025 (after the year's end), was
    still waiting on 31 March although the challenge has since closed: late, 73 days then."""
    avon = _challenge("avon", T.OPERATIONAL_ASSESSMENT, S.CLOSED, _d(2024, 9, 2), (_d(2025, 1, 13), _d(2025, 1, 16)))
    _published(avon, _noon(2025, 5, 1))
    dorset = _challenge("dorset-and-wiltshire", T.OPERATIONAL_ASSESSMENT, S.CLOSED, _d(2024, 6, 3), (_d(2024, 10, 14), _d(2024, 10, 17)))
    _published(dorset, _noon(2025, 4, 1))

    section = lead_times_section(InsightPeriod(year=2024), today=TODAY)

    publication = section.figures["measures"][1]
    assert (publication["measured"], publication["on_time"], publication["late"]) == (0, 0, 1)
    assert [(row["authority"], row["step"], row["due"], row["done"], row["days_late"]) for row in section.table("late-steps").rows] == [
        ("Dorset and Wiltshire Fire and Rescue Authority", PUBLISHED, _d(2025, 1, 17), None, 73),
    ]
