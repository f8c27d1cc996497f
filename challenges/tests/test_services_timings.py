"""The daily check (challenges/services/timings.py and the challenges.challenges_daily task):
challenges go on site on their first day, and steps running late are flagged once."""

import datetime

import pytest
from django.utils import timezone

from challenges import tasks
from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from challenges.services.timings import challenges_daily
from challenges.timings import late_step
from peersupport.models import OutboxEmail

from .factories import ChallengeFactory

pytestmark = pytest.mark.integration

S = ChallengeStatus
TODAY = datetime.date(2027, 6, 14)


def test_daily_check_moves_confirmed_challenges_on_site_on_their_first_day(avon):
    starts_today = ChallengeFactory(authority=avon, start_date=TODAY, end_date=TODAY + datetime.timedelta(days=3))
    started_yesterday = ChallengeFactory(start_date=TODAY - datetime.timedelta(days=1), end_date=TODAY + datetime.timedelta(days=2),
                                         authority=avon.__class__.objects.get(slug="kent"))
    tomorrow = ChallengeFactory(authority=avon, start_date=TODAY + datetime.timedelta(days=10), end_date=TODAY + datetime.timedelta(days=11))

    counts = challenges_daily(today=TODAY)

    assert counts == {"on site": 2, "late": 0, "no longer late": 0}
    assert [Challenge.objects.get(pk=c.pk).status for c in (starts_today, started_yesterday, tomorrow)] == [S.ON_SITE, S.ON_SITE, S.CONFIRMED]
    record = Challenge.objects.get(pk=starts_today.pk).history.latest()
    assert (record.status, record.history_user) == (S.ON_SITE, None)


def test_daily_check_run_twice_moves_nothing_more(avon):
    ChallengeFactory(authority=avon, start_date=TODAY, end_date=TODAY)

    challenges_daily(today=TODAY)

    assert challenges_daily(today=TODAY) == {"on site": 0, "late": 0, "no longer late": 0}


@pytest.mark.parametrize(("status", "last_day", "expected"), [
    (S.REPORT_DRAFTING, datetime.date(2027, 3, 13), "The draft report was due by 13 June 2027, 3 months after the visit"),
    (S.REPORT_DRAFTING, datetime.date(2027, 3, 14), ""),
    (S.FEEDBACK_GIVEN, datetime.date(2027, 1, 10), "The draft report was due by 10 April 2027, 3 months after the visit"),
    (S.FACTUAL_CHECK, datetime.date(2027, 2, 1), "Publication was due by 1 May 2027, 3 months after the visit"),
    (S.PUBLISHED, datetime.date(2026, 8, 13), "The progress review was due by 13 June 2027, about 10 months after the visit"),
    (S.PUBLISHED, datetime.date(2026, 8, 14), ""),
    (S.PUBLISHED, datetime.date(2025, 8, 13), ""),  # due more than a year ago: history, not late
    (S.PROGRESS_REVIEW, datetime.date(2025, 1, 1), ""),
    (S.CLOSED, datetime.date(2025, 1, 1), ""),
])
def test_late_step_against_the_published_timings(status, last_day, expected):
    challenge = Challenge(status=status, start_date=last_day - datetime.timedelta(days=3), end_date=last_day)

    assert late_step(challenge, today=TODAY) == expected


def test_daily_check_flags_a_late_step_and_emails_the_adviser_once(avon, adviser):
    challenge = ChallengeFactory(authority=avon, status=S.FACTUAL_CHECK, start_date=datetime.date(2027, 1, 25),
                                 end_date=datetime.date(2027, 1, 28), principal_adviser=adviser)

    first = challenges_daily(today=TODAY)
    second = challenges_daily(today=TODAY)

    challenge.refresh_from_db()
    assert (first, second) == ({"on site": 0, "late": 1, "no longer late": 0}, {"on site": 0, "late": 0, "no longer late": 0})
    assert challenge.late_step == "Publication was due by 28 April 2027, 3 months after the visit"
    email = OutboxEmail.objects.get()
    assert (email.recipients, email.subject) == (adviser.email, "Peer challenge running late: Avon Fire Authority")
    assert "Publication was due by 28 April 2027, 3 months after the visit" in email.body


def test_daily_check_clears_a_flag_no_longer_true(avon):
    challenge = ChallengeFactory(authority=avon, status=S.CLOSED, start_date=datetime.date(2026, 3, 2), end_date=datetime.date(2026, 3, 5),
                                 late_step="The progress review was due by 5 January 2027, about 10 months after the visit")

    assert challenges_daily(today=TODAY) == {"on site": 0, "late": 0, "no longer late": 1}
    challenge.refresh_from_db()
    assert challenge.late_step == ""


def test_daily_check_with_nothing_to_change_reads_three_times(avon, django_assert_num_queries):
    ChallengeFactory(authority=avon, status=S.PUBLISHED, start_date=datetime.date(2026, 7, 28), end_date=datetime.date(2026, 8, 1),
                     late_step="The progress review was due by 1 June 2027, about 10 months after the visit")
    with django_assert_num_queries(3):
        challenges_daily(today=TODAY)


def test_daily_task_runs_the_check_for_today(avon):
    today = timezone.localdate()
    ChallengeFactory(authority=avon, start_date=today - datetime.timedelta(days=1), end_date=today + datetime.timedelta(days=2))

    assert tasks.challenges_daily.apply().get() == {
        "on site": 1, "late": 0, "no longer late": 0, "invitations reminded": 0, "progress reviews reminded": 0,
        "factual checks reminded": 0,
    }


def test_daily_check_leaves_a_visit_recorded_for_history_as_it_is(avon, lga_admin):
    """A challenge recorded after it happened is not moved on site, nor flagged late, nor
    anyone emailed: a person moves it on."""
    past = ChallengeFactory(authority=avon, start_date=datetime.date(2015, 3, 2), end_date=datetime.date(2015, 3, 5))
    old = ChallengeFactory(authority=avon, status=S.PUBLISHED, start_date=datetime.date(2021, 3, 1), end_date=datetime.date(2021, 3, 4))

    assert challenges_daily(today=TODAY) == {"on site": 0, "late": 0, "no longer late": 0}
    assert [Challenge.objects.get(pk=c.pk).status for c in (past, old)] == [S.CONFIRMED, S.PUBLISHED]
    assert OutboxEmail.objects.count() == 0
