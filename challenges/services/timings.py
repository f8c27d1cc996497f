"""The daily check of the programme against the calendar and the published timings: a
confirmed challenge goes on site on its first day, and a step running late is flagged on the
challenge (and the lists and home pages that show it) and its LGA staff are emailed, once."""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from challenges.choices import ChallengeStatus
from challenges.models import Challenge
from challenges.services.notifications import challenge_late_notify
from challenges.services.status import challenge_status_change
from peersupport.formats import long_date

S = ChallengeStatus


@dataclass(frozen=True)
class Timing:
    """A step of the published practice due a number of months after the last day on site."""

    statuses: tuple
    months: int
    message: str  # formatted with the due date

    def due(self, last_day: datetime.date) -> datetime.date:
        return last_day + relativedelta(months=self.months)


# DOMAIN.md: the report about 2 to 3 months after the visit, published within 3 months of it,
# the progress review about 10 months on.
TIMINGS = (
    Timing((S.ON_SITE, S.FEEDBACK_GIVEN, S.REPORT_DRAFTING), 3, "The draft report was due by {due}, 3 months after the visit"),
    Timing((S.FACTUAL_CHECK,), 3, "Publication was due by {due}, 3 months after the visit"),
    Timing((S.PUBLISHED,), 10, "The progress review was due by {due}, about 10 months after the visit"),
)


# A step that fell due longer ago than this is history (a challenge recorded or imported from
# before the service), not work running late: it is not flagged.
LATE_HORIZON = datetime.timedelta(days=365)


def late_step(challenge, *, today) -> str:
    """What is running late for the challenge today, or "": a step of the published timings
    due before today and within the last year."""
    last_day = challenge.last_day_on_site
    for timing in TIMINGS:
        if challenge.status in timing.statuses and last_day and today - LATE_HORIZON <= timing.due(last_day) < today:
            return timing.message.format(due=long_date(timing.due(last_day)))
    return ""


def challenges_daily(*, today=None) -> dict:
    """Move on site every confirmed challenge whose visit is under way (a visit that ended
    before today, recorded for the programme's history, is left for a person to move on), and
    flag each step that has become late (emailing its LGA staff once) or is late no longer.
    Returns the counts."""
    today = today or timezone.localdate()
    moved = 0
    under_way = Challenge.objects.filter(status=S.CONFIRMED).on_site_between(today, today)
    for challenge in under_way.order_by("start_date", "pk"):
        challenge_status_change(by=None, challenge=challenge, status=S.ON_SITE)
        moved += 1
    flagged = cleared = 0
    statuses = {status for timing in TIMINGS for status in timing.statuses}
    candidates = (
        Challenge.objects.select_related("authority", "principal_adviser", "challenge_manager")
        .with_last_day()
        .filter(
            status__in=statuses, last_day__lt=today - relativedelta(months=min(t.months for t in TIMINGS)),
            last_day__gte=today - LATE_HORIZON - relativedelta(months=max(t.months for t in TIMINGS)),
        )
    )
    for challenge in _with_flag(candidates):
        step = late_step(challenge, today=today)
        if step == challenge.late_step:
            continue
        with transaction.atomic():
            Challenge.objects.filter(pk=challenge.pk).update(late_step=step)
            challenge.late_step = step
            if step:
                challenge_late_notify(challenge=challenge)
        flagged += bool(step)
        cleared += not step
    return {"on site": moved, "late": flagged, "no longer late": cleared}


def _with_flag(candidates):
    """The candidates, and every challenge flagged late before, which may be late no longer."""
    flagged = Challenge.objects.exclude(late_step="").exclude(pk__in=candidates.values("pk"))
    return [*candidates, *flagged.select_related("authority", "principal_adviser", "challenge_manager")]
